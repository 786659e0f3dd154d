import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.accounts.services import user_create
from banso.common.text import fold, sort_key, unique_slug
from banso.orgs.models import (
    Certificate,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationApproval,
    OrganisationKind,
)
from banso.places.models import AdministrativeUnit, UnitLevel, Village

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


# What a person may register by themselves: not a government unit.
SIGN_UP_KINDS = (
    OrganisationKind.COOPERATIVE,
    OrganisationKind.ENTERPRISE,
    OrganisationKind.HOUSEHOLD_BUSINESS,
    OrganisationKind.HOMESTAY_OPERATOR,
)


@transaction.atomic
def organisation_sign_up(
    *,
    phone: str,
    full_name: str,
    password: str,
    organisation_name: str,
    kind: str,
    unit: AdministrativeUnit,
    village: Village | None = None,
    email: str | None = None,
) -> Organisation:
    """A co-operative or business registers itself: its person (who signs in with the phone
    number) and the organisation, owned by that person, waiting for an officer of its commune
    or province to approve it. Both or neither are stored."""
    if kind not in SIGN_UP_KINDS:
        raise ValidationError({"kind": _("Choose a co-operative, business or homestay.")})
    user = user_create(phone=phone, email=email or None, full_name=full_name, password=password)
    organisation = Organisation(
        name=organisation_name,
        kind=kind,
        unit=unit,
        village=village,
        phone=user.phone or "",
        email=user.email or "",
        representative=user.full_name,
        approval=OrganisationApproval.PENDING,
    )
    organisation.slug = _unique_slug(organisation_name)
    _save(organisation)
    Membership.objects.create(organisation=organisation, user=user, role=MembershipRole.OWNER)
    return organisation


@transaction.atomic
def organisation_review(*, actor, organisation: Organisation, approve: bool) -> Organisation:
    """An officer of the organisation's commune or province approves (or refuses) an
    organisation that registered itself."""
    _require(
        actor,
        "orgs.review_organisation",
        organisation,
        _("Only an officer of the organisation's commune or province may review it."),
    )
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.approval != OrganisationApproval.PENDING:
        raise ValidationError(
            _("This organisation has already been reviewed."), code="already_reviewed"
        )
    locked.approval = OrganisationApproval.APPROVED if approve else OrganisationApproval.REFUSED
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["approval", "reviewed_by", "reviewed_at", "updated_at"])
    organisation.approval, organisation.reviewed_by = locked.approval, actor
    organisation.reviewed_at = locked.reviewed_at
    return organisation


def organisation_require_approved(organisation: Organisation) -> None:
    """Selling and printing stamps wait for the approval of an organisation that registered
    itself: the shop and stamp services call this before anything else."""
    if organisation.approval == OrganisationApproval.PENDING:
        raise ValidationError(
            _(
                "%(name)s is waiting for approval by an officer of its commune or province. "
                "It can open a shop and print stamps once approved."
            )
            % {"name": organisation.name},
            code="organisation_pending",
        )
    if organisation.approval == OrganisationApproval.REFUSED:
        raise ValidationError(
            _(
                "The commune or province refused the registration of %(name)s, so it cannot "
                "open a shop or print stamps. Contact your commune office."
            )
            % {"name": organisation.name},
            code="organisation_refused",
        )


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
