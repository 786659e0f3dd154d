import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from banso.common.api_auth import optional_auth
from banso.orgs import selectors
from banso.orgs.models import Organisation, OrganisationKind
from banso.places.api import UnitRef
from banso.places.models import AdministrativeUnit

router = Router(tags=["organisations"])


class CertificateOut(Schema):
    kind: str
    title: str
    number: str
    issuer: str
    ocop_stars: int | None
    ocop_year: int | None
    valid_from: datetime.date
    valid_until: datetime.date | None


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    tax_code: str | None
    unit: UnitRef
    province: UnitRef | None = None
    street_address: str
    phone: str
    website: str

    @staticmethod
    def resolve_province(organisation: Organisation):
        return organisation.unit.parent if organisation.unit.parent_id else None


class OrganisationDetailOut(OrganisationOut):
    description: str
    representative: str
    certificates: list[CertificateOut]

    @staticmethod
    def resolve_certificates(organisation: Organisation):
        return selectors.certificates_valid(organisation)


@router.get(
    "",
    response=list[OrganisationOut],
    auth=optional_auth,
    summary="Active organisations, searchable without diacritics",
    # An unknown unit in the filter is a 404 (the error body is described by banso.api).
    openapi_extra={"responses": {404: {"description": "Not found."}}},
)
@paginate
def organisation_list(
    request, q: str = "", kind: OrganisationKind | None = None, unit_code: str | None = None
):
    within = None
    if unit_code:
        within = get_object_or_404(AdministrativeUnit, code=unit_code, is_current=True)
    return selectors.organisation_search(query=q, kind=kind, within=within)


@router.get(
    "/{slug}",
    response=OrganisationDetailOut,
    auth=optional_auth,
    summary="One organisation with its certificates in force",
)
def organisation_detail(request, slug: str):
    try:
        return selectors.organisation_detail(slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
