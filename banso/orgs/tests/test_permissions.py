"""Who may change an organisation, its people and its certificates: the services' matrix.

Every refusal also proves that nothing changed, by reading the row back from the database.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.orgs.models import Certificate, Membership, MembershipRole, Organisation
from banso.orgs.services import (
    certificate_add,
    membership_set,
    organisation_create,
    organisation_update,
)

EDIT_ALLOWED = ["owner", "staff", "province_officer", "admin"]
EDIT_REFUSED = [
    "anonymous",
    "commune_officer",
    "other_commune_officer",
    "other_owner",
    "other_staff",
    "outsider",
]
MEMBERS_ALLOWED = ["owner", "province_officer", "admin"]
MEMBERS_REFUSED = [*EDIT_REFUSED, "staff"]


@pytest.fixture
def actor(request, organisation, other_organisation, make_user):
    """The person named by the test's parameter (the organisations exist before they act)."""
    if request.param == "anonymous":
        return AnonymousUser()
    if request.param == "outsider":
        return make_user("Người ngoài")
    return request.getfixturevalue(request.param)


def _row(organisation: Organisation) -> dict:
    return model_to_dict(Organisation.objects.get(pk=organisation.pk))


def _certificate(actor, organisation):
    return certificate_add(
        actor=actor,
        organisation=organisation,
        kind="vietgap",
        issuer="Trung tâm Chứng nhận Phù hợp",
        number="VietGAP-TT-21-0457",
        valid_from=datetime.date(2024, 3, 1),
    )


def test_both_organisations_are_in_lao_cai(organisation, other_organisation, lao_cai):
    assert organisation.unit.parent == lao_cai
    assert other_organisation.unit.parent == lao_cai
    assert organisation.unit != other_organisation.unit


# Editing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", EDIT_ALLOWED, indirect=True)
def test_may_edit(actor, organisation):
    organisation_update(
        actor=actor, organisation=organisation, description="Quýt ngọt trồng trên núi đá."
    )
    assert _row(organisation)["description"] == "Quýt ngọt trồng trên núi đá."


@pytest.mark.parametrize("actor", EDIT_REFUSED, indirect=True)
def test_may_not_edit(actor, organisation):
    before = _row(organisation)
    with pytest.raises(PermissionDenied):
        organisation_update(actor=actor, organisation=organisation, name="Đã bị đổi tên")
    assert _row(organisation) == before


@pytest.mark.parametrize("actor", ["owner", "staff"], indirect=True)
def test_own_people_may_not_edit_another_organisation(actor, other_organisation):
    before = _row(other_organisation)
    with pytest.raises(PermissionDenied):
        organisation_update(actor=actor, organisation=other_organisation, phone="0999999999")
    assert _row(other_organisation) == before


def test_a_province_officer_of_another_province_may_not_edit(make_user, organisation, places):
    from banso.places.models import AdministrativeUnit

    ha_noi = AdministrativeUnit.objects.get(is_current=True, level="province", code="01")
    officer = make_user("Cán bộ Hà Nội")
    role_grant(user=officer, role=PlaceRole.PROVINCE_OFFICER, unit=ha_noi)
    before = _row(organisation)
    with pytest.raises(PermissionDenied):
        organisation_update(actor=officer, organisation=organisation, name="Đổi tên")
    assert _row(organisation) == before


# Registering -------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["province_officer", "admin"], indirect=True)
def test_may_register_an_organisation_in_lao_cai(actor, muong_khuong):
    created = organisation_create(
        actor=actor, name="Hợp tác xã Chè Mường Khương", kind="cooperative", unit=muong_khuong
    )
    assert Organisation.objects.filter(pk=created.pk, unit=muong_khuong).exists()


@pytest.mark.parametrize(
    "actor", ["anonymous", "commune_officer", "owner", "outsider"], indirect=True
)
def test_may_not_register_an_organisation(actor, muong_khuong):
    count = Organisation.objects.count()
    with pytest.raises(PermissionDenied):
        organisation_create(
            actor=actor, name="Hợp tác xã Chè Mường Khương", kind="cooperative", unit=muong_khuong
        )
    assert Organisation.objects.count() == count


# Members -----------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", MEMBERS_ALLOWED, indirect=True)
def test_may_manage_members(actor, organisation, make_user):
    newcomer = make_user("Người mới")
    membership_set(actor=actor, organisation=organisation, user=newcomer, role=MembershipRole.STAFF)
    assert Membership.objects.filter(
        organisation=organisation, user=newcomer, role=MembershipRole.STAFF
    ).exists()


@pytest.mark.parametrize("actor", MEMBERS_REFUSED, indirect=True)
def test_may_not_manage_members(actor, organisation, staff):
    before = set(Membership.objects.values_list("organisation_id", "user_id", "role"))
    with pytest.raises(PermissionDenied):
        membership_set(
            actor=actor, organisation=organisation, user=staff, role=MembershipRole.OWNER
        )
    assert set(Membership.objects.values_list("organisation_id", "user_id", "role")) == before


def test_staff_may_not_promote_themselves(organisation, staff):
    with pytest.raises(PermissionDenied):
        membership_set(
            actor=staff, organisation=organisation, user=staff, role=MembershipRole.OWNER
        )
    assert Membership.objects.get(organisation=organisation, user=staff).role == "staff"


# Certificates ------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", EDIT_ALLOWED, indirect=True)
def test_may_add_a_certificate(actor, organisation):
    certificate = _certificate(actor, organisation)
    assert Certificate.objects.filter(pk=certificate.pk, organisation=organisation).exists()


@pytest.mark.parametrize("actor", EDIT_REFUSED, indirect=True)
def test_may_not_add_a_certificate(actor, organisation):
    with pytest.raises(PermissionDenied):
        _certificate(actor, organisation)
    assert not Certificate.objects.exists()
