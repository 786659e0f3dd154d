import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from banso.common.text import fold, sort_key, unique_slug
from banso.orgs.models import Certificate, Membership, Organisation
from banso.places.models import AdministrativeUnit, UnitLevel

EDITABLE_FIELDS = {
    "name",
    "kind",
    "tax_code",
    "unit",
    "village",
    "street_address",
    "description",
    "phone",
    "email",
    "website",
    "representative",
    "bank_bin",
    "bank_account_number",
    "bank_account_name",
}


def _require(user, perm: str, obj, message: str) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def _check_address(organisation: Organisation) -> None:
    unit = organisation.unit
    if not unit.is_current or unit.level != UnitLevel.COMMUNE:
        raise ValidationError({"unit": _("The address must be a current commune or ward.")})
    if organisation.village and organisation.village.commune_id != unit.pk:
        raise ValidationError({"village": _("This village is not in that commune.")})


def _unique_slug(name: str) -> str:
    return unique_slug(name, Organisation.objects.all(), fallback="org")


def _save(organisation: Organisation) -> Organisation:
    organisation.tax_code = organisation.tax_code or None
    organisation.name = " ".join(organisation.name.split())
    organisation.name_folded = fold(organisation.name)
    organisation.name_sort = sort_key(organisation.name)
    organisation.full_clean()
    _check_address(organisation)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:
        raise ValidationError({"tax_code": _("Another organisation has this tax code.")}) from error
    return organisation


def organisation_create(
    *, actor, name: str, kind: str, unit: AdministrativeUnit, **fields
) -> Organisation:
    _require(
        actor, "orgs.add_organisation", unit, _("You may not register organisations in this place.")
    )
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"organisation_create() got unknown fields {sorted(unknown)}")
    organisation = Organisation(name=name, kind=kind, unit=unit, **fields)
    organisation.slug = _unique_slug(name)
    return _save(organisation)


def organisation_update(*, actor, organisation: Organisation, **changes) -> Organisation:
    _require(
        actor, "orgs.change_organisation", organisation, _("You may not change this organisation.")
    )
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"organisation_update() cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(organisation, name, value)
    return _save(organisation)


def membership_set(*, actor, organisation: Organisation, user, role: str) -> Membership:
    """Make ``user`` an owner or staff member of ``organisation`` (or change their role)."""
    _require(
        actor,
        "orgs.manage_members",
        organisation,
        _("You may not manage the people of this organisation."),
    )
    membership, _created = Membership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    return membership


def membership_remove(*, actor, membership: Membership) -> None:
    """Take a person off an organisation (they keep their account)."""
    _require(
        actor,
        "orgs.manage_members",
        membership.organisation,
        _("You may not manage the people of this organisation."),
    )
    membership.delete()


# The fields of a certificate people enter, in the order forms show them.
CERTIFICATE_FIELDS = (
    "kind",
    "title",
    "ocop_stars",
    "ocop_year",
    "issuer",
    "number",
    "valid_from",
    "valid_until",
    "scan",
)


def _certificate_save(certificate: Certificate) -> Certificate:
    if certificate.kind == "ocop" and (
        certificate.ocop_stars is None or certificate.ocop_year is None
    ):
        raise ValidationError({"ocop_stars": _("An OCOP certificate has 3 to 5 stars and a year.")})
    if certificate.valid_until and certificate.valid_until < certificate.valid_from:
        raise ValidationError({"valid_until": _("The end date is before the start date.")})
    certificate.full_clean()
    certificate.save()
    return certificate


def certificate_add(
    *,
    actor,
    organisation: Organisation,
    kind: str,
    issuer: str,
    number: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    ocop_stars: int | None = None,
    ocop_year: int | None = None,
    title: str = "",
    scan=None,
) -> Certificate:
    _require(
        actor,
        "orgs.add_certificate",
        organisation,
        _("You may not add certificates to this organisation."),
    )
    certificate = Certificate(
        organisation=organisation,
        kind=kind,
        issuer=issuer,
        number=number,
        valid_from=valid_from,
        valid_until=valid_until,
        ocop_stars=ocop_stars,
        ocop_year=ocop_year,
        title=title,
    )
    if scan is not None:
        certificate.scan = scan
    return _certificate_save(certificate)


def certificate_update(*, actor, certificate: Certificate, **changes) -> Certificate:
    """Correct a certificate (its dates, its number, a new scan), by the rules of
    :func:`certificate_add`."""
    _require(
        actor,
        "orgs.change_certificate",
        certificate.organisation,
        _("You may not change the certificates of this organisation."),
    )
    unknown = set(changes) - set(CERTIFICATE_FIELDS)
    if unknown:
        raise TypeError(f"certificate_update() cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(certificate, name, value)
    return _certificate_save(certificate)


def certificate_delete(*, actor, certificate: Certificate) -> None:
    """Remove a certificate recorded by mistake (an expired one stays: it is history). Products
    and listings that showed it no longer do."""
    _require(
        actor,
        "orgs.delete_certificate",
        certificate.organisation,
        _("You may not change the certificates of this organisation."),
    )
    certificate.delete()
