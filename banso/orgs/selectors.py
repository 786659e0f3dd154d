import datetime
from typing import Literal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from banso.accounts.models import PlaceRole
from banso.accounts.selectors import place_scope_for_user
from banso.common.text import fold_words
from banso.orgs.models import (
    Certificate,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationApproval,
)
from banso.places.models import AdministrativeUnit
from banso.places.scopes import officer_scope
from banso.places.selectors import unit_rollup_ids

OrganisationAction = Literal["member", "change", "manage_members", "oversee"]


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


def organisations_for_user(
    user, *, action: OrganisationAction = "change"
) -> QuerySet[Organisation]:
    """The organisations ``user`` may act on: the one scope every app reads organisations (and
    what they own: products, lots, stamp runs, shops …) through, the list twin of the
    permissions in ``orgs.rules``.

    - ``"member"``: the organisations the person belongs to, as owner or staff (a translator
      only reviews their translations: see :func:`organisations_translated_by`);
    - ``"change"`` (``orgs.change_organisation``): those, and for a province officer every
      organisation of their province; everything for a superuser;
    - ``"manage_members"`` (``orgs.manage_members``): those the person owns, and for a
      province officer every organisation of their province; everything for a superuser;
    - ``"oversee"``: every organisation of the communes and provinces the person serves as an
      officer (commune officers included), for the officers' read-only pages of their area;
      everything for a superuser; none for anyone else, whatever their memberships.

    Anonymous people get none; nor do commune officers, but for ``"oversee"`` and their own
    memberships.
    """
    organisations = _base()
    if not getattr(user, "is_authenticated", False):
        return organisations.none()
    if action == "oversee":
        if user.is_superuser:
            return organisations
        return organisations.filter(officer_scope(user).unit_q("unit__path"))
    memberships = Membership.objects.filter(user=user).exclude(role=MembershipRole.TRANSLATOR)
    if action == "member":
        return organisations.filter(pk__in=memberships.values("organisation_id"))
    if user.is_superuser:
        return organisations
    if action == "manage_members":
        memberships = memberships.filter(role=MembershipRole.OWNER)
    elif action != "change":
        raise ValueError(f"unknown action on organisations: {action!r}")
    scope = place_scope_for_user(user, roles=(PlaceRole.PROVINCE_OFFICER,))
    member_of = Q(pk__in=memberships.values("organisation_id"))
    return organisations.filter(scope.unit_q("unit__path") | member_of)


def organisations_translated_by(user) -> set[int]:
    """The organisations whose texts ``user`` reviews the translations of: those they own or
    translate for (banso.lingo asks, through the provider orgs sets in its ``ready()``)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_banso_translated_organisations", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(
                user=user, role__in=[MembershipRole.OWNER, MembershipRole.TRANSLATOR]
            ).values_list("organisation_id", flat=True)
        )
        user._banso_translated_organisations = cached
    return cached


def organisations_scope_is_own(user) -> bool:
    """Whether the ``"change"`` scope of ``user`` is only the organisations they belong to: not
    for a province officer (their province's too) nor a superuser (all). The co-op pages call
    their lists "my products", "my stamps" only then."""
    if getattr(user, "is_superuser", False):
        return False
    return place_scope_for_user(user, roles=(PlaceRole.PROVINCE_OFFICER,)).is_empty


def organisations_waiting_for_user(user) -> QuerySet[Organisation]:
    """The organisations that registered themselves and wait for ``user``'s approval
    (``orgs.review_organisation``): those of the communes and provinces the person serves as
    an officer, every one for a superuser; oldest first."""
    waiting = _base().filter(approval=OrganisationApproval.PENDING).order_by("created_at")
    if not getattr(user, "is_authenticated", False):
        return waiting.none()
    if user.is_superuser:
        return waiting
    scope = place_scope_for_user(
        user, roles=(PlaceRole.PROVINCE_OFFICER, PlaceRole.COMMUNE_OFFICER)
    )
    return waiting.filter(scope.unit_q("unit__path"))


def organisation_for_user(
    user, *, slug: str, action: OrganisationAction = "change"
) -> Organisation:
    """One organisation ``user`` may act on; ``Organisation.DoesNotExist`` otherwise, so that
    another's organisation cannot be told from one that does not exist."""
    return organisations_for_user(user, action=action).get(slug=slug)


def certificate_in_force_q(*, on: datetime.date, through: str = "") -> Q:
    """The filter "certificate in force on ``on``": valid from that day or before, until that
    day or later (or without an end). ``through`` is the path to the certificate from the
    queried model, such as ``"ocop_certificate__"``, so a query across a relation states the
    rule without a subquery."""
    return Q(**{f"{through}valid_from__lte": on}) & (
        Q(**{f"{through}valid_until__isnull": True}) | Q(**{f"{through}valid_until__gte": on})
    )


def certificate_is_in_force(certificate: Certificate, *, on: datetime.date) -> bool:
    """The same rule as :func:`certificate_in_force_q`, for a certificate already read."""
    return certificate.valid_from <= on and (
        certificate.valid_until is None or certificate.valid_until >= on
    )


def certificates_in_force(
    *, on: datetime.date | None = None, kind: str | None = None
) -> QuerySet[Certificate]:
    """Every certificate in force on a day (today by default), of one kind when asked."""
    certificates = Certificate.objects.filter(certificate_in_force_q(on=on or timezone.localdate()))
    if kind is not None:
        certificates = certificates.filter(kind=kind)
    return certificates


def certificates_valid(
    organisation: Organisation, *, on: datetime.date | None = None
) -> list[Certificate]:
    """The organisation's certificates in force on a day (today by default), read from its
    ``certificates`` (prefetched when the caller prefetched them)."""
    day = on or timezone.localdate()
    return [c for c in organisation.certificates.all() if certificate_is_in_force(c, on=day)]


def memberships_for_user(user) -> list[Membership]:
    """The person's memberships (the ``"member"`` scope, with the role), by organisation."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name_sort")
    )


def organisation_owner(organisation: Organisation):
    """One owner of the organisation (the earliest recorded), or None."""
    membership = (
        Membership.objects.filter(organisation=organisation, role=MembershipRole.OWNER)
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    return membership.user if membership else None
