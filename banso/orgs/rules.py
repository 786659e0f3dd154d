"""Organisations are edited by their own people, and by the officers of their province."""

import rules

from banso.accounts.rules import officer_covers_unit, province_officer_covers_unit
from banso.orgs.models import MembershipRole, Organisation


def _roles_in(user, organisation) -> set[str]:
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return set()
    cache = getattr(user, "_banso_org_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in user.memberships.values_list("organisation_id", "role"):
            cache.setdefault(org_id, set()).add(role)
        user._banso_org_roles = cache
    return cache.get(organisation.pk, set())


@rules.predicate
def is_member(user, organisation) -> bool:
    if organisation is None:
        return getattr(user, "is_authenticated", False) and user.memberships.exists()
    # A translator reviews the organisation's translations (banso.lingo), nothing more.
    return bool(_roles_in(user, organisation) - {MembershipRole.TRANSLATOR})


@rules.predicate
def is_owner(user, organisation) -> bool:
    if organisation is None:
        return False
    return MembershipRole.OWNER in _roles_in(user, organisation)


@rules.predicate
def is_province_officer_of(user, organisation) -> bool:
    return organisation is not None and province_officer_covers_unit(user, organisation.unit)


@rules.predicate
def is_officer_of(user, organisation) -> bool:
    """A commune or province officer whose place covers the organisation's commune."""
    return organisation is not None and officer_covers_unit(user, organisation.unit)


can_edit = rules.is_superuser | is_member | is_province_officer_of


def can_edit_owner(*paths: str) -> rules.Predicate:
    """A predicate for objects an organisation owns: true when the user may change the
    organisation found along the first of ``paths`` (dotted attribute paths, such as
    ``"product.organisation"``) that leads to one, or when the object is an organisation."""

    def owner(obj):
        if obj is None:
            return None
        for path in paths:
            value = obj
            try:
                for name in path.split("."):
                    value = getattr(value, name)
            except AttributeError:
                continue
            if value is not None:
                return value
        return obj if isinstance(obj, Organisation) else None

    @rules.predicate
    def can_edit_owned(user, obj) -> bool:
        organisation = owner(obj)
        return organisation is not None and can_edit.test(user, organisation)

    return can_edit_owned


rules.add_perm("orgs.view_organisation", rules.always_allow)
rules.add_perm(
    "orgs.add_organisation",
    rules.is_superuser
    | rules.predicate(
        lambda user, unit=None: (
            province_officer_covers_unit(user, unit) if unit is not None else False
        )
    ),
)
rules.add_perm("orgs.change_organisation", can_edit)
rules.add_perm("orgs.review_organisation", rules.is_superuser | is_officer_of)
rules.add_perm("orgs.manage_members", rules.is_superuser | is_owner | is_province_officer_of)
rules.add_perm("orgs.add_certificate", can_edit)
rules.add_perm("orgs.view_certificate", rules.always_allow)
rules.add_perm("orgs.change_certificate", can_edit)
rules.add_perm("orgs.delete_certificate", can_edit)
rules.add_perm("orgs.view_membership", can_edit)
for action in ("add", "change", "delete"):
    rules.add_perm(
        f"orgs.{action}_membership", rules.is_superuser | is_owner | is_province_officer_of
    )
