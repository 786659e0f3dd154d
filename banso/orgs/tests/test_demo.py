"""``manage.py seed_demo``: the Lào Cai demo, safe to run twice."""

import io

import pytest
from django.core.management import call_command

from banso.accounts.models import PlaceRole, RoleGrant, User
from banso.orgs.models import Certificate, Membership, MembershipRole, Organisation
from banso.places.models import AdministrativeUnit, UnitSuccession, Village

COUNTED = [User, RoleGrant, Organisation, Membership, Certificate, Village]
COUNTED += [AdministrativeUnit, UnitSuccession]


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


@pytest.fixture
def seeded(demo):
    return demo.output


def test_seeding_twice_changes_nothing(seeded):
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


def test_four_cooperatives_with_certificates_and_bank_accounts_and_three_homestays(seeded):
    organisations = Organisation.objects.select_related("unit__parent", "village")
    assert organisations.count() == 7
    for organisation in organisations:
        assert organisation.unit.parent.code == "15"
        assert organisation.village.commune_id == organisation.unit_id
        assert organisation.tax_code
        organisation.full_clean()
    cooperatives = organisations.filter(kind="cooperative")
    assert cooperatives.count() == 4
    assert all(org.bank_bin and org.bank_account_number for org in cooperatives)
    assert organisations.filter(kind="homestay_operator").count() == 3
    assert Certificate.objects.filter(kind="ocop").count() == 3
    assert set(Organisation.objects.values_list("certificates__organisation", flat=True)) - {
        None
    } == set(cooperatives.values_list("pk", flat=True))


def test_a_person_for_every_role(seeded):
    assert User.objects.filter(is_superuser=True, is_staff=True).count() == 1
    assert set(RoleGrant.objects.values_list("role", flat=True)) == set(PlaceRole.values)
    assert set(Membership.objects.values_list("role", flat=True)) == set(MembershipRole.values)
    owned = Membership.objects.filter(role=MembershipRole.OWNER)
    assert owned.values("organisation").distinct().count() == 5
    for user in User.objects.all():
        assert user.phone.startswith("+84")
        assert user.has_usable_password()


def test_villages_of_lao_cai(seeded):
    villages = Village.objects.select_related("commune")
    # The organisations' eight, and one in each of the five communes that took over the former
    # Bắc Hà district and had none (the households demo's).
    assert villages.count() == 13
    assert {v.commune.parent.code for v in villages} == {"15"}
    assert villages.filter(commune__code="02761", name="Mã Tuyển").exists()


def test_the_printed_sign_ins_can_sign_in(seeded, client):
    from banso.web.demo import DEMO_PASSWORD

    assert DEMO_PASSWORD in seeded
    assert "0981000002" in seeded
    response = client.post(
        "/accounts/sign-in/", {"username": "0981000002", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get(phone="+84981000002").pk
