import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from banso.accounts.models import PlaceRole
from banso.accounts.selectors import place_scope_for_user
from banso.common.text import fold_words
from banso.orgs.models import Certificate, Membership, Organisation
from banso.places.models import AdministrativeUnit
from banso.places.selectors import unit_rollup_ids


def _base() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("unit__parent", "village")


def organisation_search(
    *, query: str = "", kind: str | None = None, within: AdministrativeUnit | None = None
) -> QuerySet[Organisation]:
    """Public list: active organisations, by name without diacritics, under a place.

    ``within`` counts organisations recorded against retired units under today's units.
    """
    organisations = _base().filter(is_active=True)
    for word in fold_words(query):
        organisations = organisations.filter(name_folded__contains=word)
    if kind:
        organisations = organisations.filter(kind=kind)
    if within is not None:
        organisations = organisations.filter(unit_id__in=unit_rollup_ids(within))
    return organisations


def organisation_detail(slug: str) -> Organisation:
    return (
        _base()
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("kind", "-valid_from"))
        )
        .get(slug=slug, is_active=True)
    )


def organisations_for_user(user) -> QuerySet[Organisation]:
    """The organisations a person may edit: their own, and for province officers, every
    organisation of their province."""
    organisations = _base()
    if getattr(user, "is_superuser", False):
        return organisations
    if not getattr(user, "is_authenticated", False):
        return organisations.none()
    scope = place_scope_for_user(user, roles=(PlaceRole.PROVINCE_OFFICER,))
    member_of = Q(pk__in=Membership.objects.filter(user=user).values("organisation_id"))
    return organisations.filter(scope.unit_q("unit__path") | member_of)


def certificates_valid(organisation: Organisation, *, on: datetime.date | None = None):
    """The organisation's certificates in force on a day (today by default)."""
    day = on or timezone.localdate()
    return [
        c
        for c in organisation.certificates.all()
        if c.valid_from <= day and (c.valid_until is None or c.valid_until >= day)
    ]


def memberships_for_user(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name_folded")
    )
