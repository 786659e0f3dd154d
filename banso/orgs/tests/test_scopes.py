"""The organisations a person may act on, read through one selector per action, and the
certificates in force on a day: each scope tested once here, for every kind of person.

The scopes are the list twins of the permissions in ``orgs.rules``: what a selector lists is
exactly what ``has_perm`` allows, object by object.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.orgs.models import Organisation
from banso.orgs.selectors import (
    certificate_is_in_force,
    certificates_in_force,
    certificates_valid,
    memberships_for_user,
    organisation_for_user,
    organisations_for_user,
)
from banso.orgs.tests.factories import CertificateFactory
from banso.places.models import AdministrativeUnit

PEOPLE = [
    "owner",
    "staff",
    "other_owner",
    "province_officer",
    "other_province_officer",
    "commune_officer",
    "outsider",
    "anonymous",
    "admin",
]
# Who sees which of the two organisations ("ours" in Mường Khương, "theirs" in Bắc Hà).
CHANGE = {
    "owner": {"ours"},
    "staff": {"ours"},
    "other_owner": {"theirs"},
    "province_officer": {"ours", "theirs"},
    "other_province_officer": set(),
    "commune_officer": set(),
    "outsider": set(),
    "anonymous": set(),
    "admin": {"ours", "theirs"},
}
MANAGE_MEMBERS = {**CHANGE, "staff": set()}
MEMBER = {**{name: set() for name in PEOPLE}, "owner": {"ours"}, "staff": {"ours"}}
MEMBER["other_owner"] = {"theirs"}
PERMISSION = {"change": "orgs.change_organisation", "manage_members": "orgs.manage_members"}


@pytest.fixture
def person(request, organisation, other_organisation, make_user):
    if request.param == "anonymous":
        return AnonymousUser()
    if request.param == "outsider":
        return make_user("Người ngoài")
    if request.param == "other_province_officer":
        hanoi = AdministrativeUnit.objects.get(is_current=True, level="province", code="01")
        user = make_user("Cán bộ tỉnh khác")
        role_grant(user=user, role=PlaceRole.PROVINCE_OFFICER, unit=hanoi)
        return user
    return request.getfixturevalue(request.param)


def _names(organisations, organisation, other_organisation) -> set[str]:
    names = {organisation.pk: "ours", other_organisation.pk: "theirs"}
    return {names[o.pk] for o in organisations if o.pk in names}


@pytest.mark.parametrize("person", PEOPLE, indirect=True)
@pytest.mark.parametrize(
    ("action", "expected"),
    [("change", CHANGE), ("manage_members", MANAGE_MEMBERS), ("member", MEMBER)],
)
def test_organisations_for_user_scope(
    person, action, expected, request, organisation, other_organisation
):
    name = request.node.callspec.params["person"]
    seen = organisations_for_user(person, action=action)
    assert _names(seen, organisation, other_organisation) == expected[name]
    if action in PERMISSION:  # the list and the object permission agree
        allowed = {
            o.pk for o in Organisation.objects.all() if person.has_perm(PERMISSION[action], o)
        }
        assert {o.pk for o in seen} == allowed


def test_organisations_for_user_default_is_change(
    province_officer, organisation, other_organisation
):
    assert list(organisations_for_user(province_officer)) == list(
        organisations_for_user(province_officer, action="change")
    )


def test_organisation_for_user_hides_another_organisation(owner, organisation, other_organisation):
    assert organisation_for_user(owner, slug=organisation.slug) == organisation
    with pytest.raises(Organisation.DoesNotExist):
        organisation_for_user(owner, slug=other_organisation.slug)


def test_organisations_for_user_refuses_an_unknown_action(owner, organisation):
    with pytest.raises(ValueError, match="unknown action"):
        organisations_for_user(owner, action="delete")  # type: ignore[arg-type]


def test_memberships_for_user_are_the_member_scope(owner, staff, organisation, other_organisation):
    assert [(m.organisation, m.role) for m in memberships_for_user(staff)] == [
        (organisation, "staff")
    ]
    assert memberships_for_user(AnonymousUser()) == []


DAY = datetime.date(2026, 6, 15)


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "in_force"),
    [
        (datetime.date(2026, 6, 15), None, True),  # from that day, no end
        (datetime.date(2024, 1, 1), datetime.date(2026, 6, 15), True),  # its last day
        (datetime.date(2024, 1, 1), datetime.date(2026, 6, 14), False),  # ended the day before
        (datetime.date(2026, 6, 16), None, False),  # starts the day after
    ],
)
def test_certificates_in_force_on_a_day(admin, organisation, valid_from, valid_until, in_force):
    certificate = CertificateFactory(
        actor=admin, organisation=organisation, valid_from=valid_from, valid_until=valid_until
    )
    assert (certificate in certificates_in_force(on=DAY)) is in_force
    assert certificate_is_in_force(certificate, on=DAY) is in_force
    assert (certificate in certificates_valid(organisation, on=DAY)) is in_force
    assert not certificates_in_force(on=DAY, kind="ocop").filter(pk=certificate.pk).exists()
