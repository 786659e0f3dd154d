from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from banso.api import optional_auth
from banso.orgs import selectors
from banso.orgs.models import Organisation, OrganisationKind
from banso.places.api import UnitRef, _ref
from banso.places.models import AdministrativeUnit

router = Router(tags=["organisations"])


class CertificateOut(Schema):
    kind: str
    title: str
    number: str
    issuer: str
    ocop_stars: int | None
    ocop_year: int | None
    valid_from: str
    valid_until: str | None


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    tax_code: str | None
    unit: UnitRef
    province: UnitRef | None
    street_address: str
    phone: str
    website: str


class OrganisationDetailOut(OrganisationOut):
    description: str
    representative: str
    certificates: list[CertificateOut]


def _out(organisation: Organisation) -> dict:
    unit = organisation.unit
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "tax_code": organisation.tax_code,
        "unit": _ref(unit),
        "province": _ref(unit.parent) if unit.parent_id else None,
        "street_address": organisation.street_address,
        "phone": organisation.phone,
        "website": organisation.website,
    }


@router.get(
    "",
    response=list[OrganisationOut],
    auth=optional_auth,
    summary="Active organisations, searchable without diacritics",
)
@paginate
def organisation_list(
    request, q: str = "", kind: OrganisationKind | None = None, unit_code: str | None = None
):
    within = None
    if unit_code:
        within = get_object_or_404(AdministrativeUnit, code=unit_code, is_current=True)
    return [_out(o) for o in selectors.organisation_search(query=q, kind=kind, within=within)]


@router.get(
    "/{slug}",
    response=OrganisationDetailOut,
    auth=optional_auth,
    summary="One organisation with its certificates in force",
)
def organisation_detail(request, slug: str):
    try:
        organisation = selectors.organisation_detail(slug)
    except Organisation.DoesNotExist:
        from django.http import Http404

        raise Http404 from None
    data = _out(organisation)
    data.update(
        description=organisation.description,
        representative=organisation.representative,
        certificates=[
            {
                "kind": c.kind,
                "title": c.title,
                "number": c.number,
                "issuer": c.issuer,
                "ocop_stars": c.ocop_stars,
                "ocop_year": c.ocop_year,
                "valid_from": c.valid_from.isoformat(),
                "valid_until": c.valid_until.isoformat() if c.valid_until else None,
            }
            for c in selectors.certificates_valid(organisation)
        ],
    )
    return data
