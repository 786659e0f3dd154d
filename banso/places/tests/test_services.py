"""Village writes: who may create, change and remove villages, and what makes a village valid."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from banso.places.models import Village, VillageKind
from banso.places.services import village_create, village_delete, village_update

ALLOWED = ["commune_officer", "province_officer"]
DENIED = ["other_commune_officer", "plain_user", "anonymous"]


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def actor(request):
    return request.getfixturevalue(request.param)


# Create -------------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ALLOWED, indirect=True)
def test_officers_of_the_commune_or_province_create_villages(actor, muong_khuong):
    village = village_create(
        actor=actor,
        commune=muong_khuong,
        name="  Sín   Chải ",
        kind=VillageKind.THON,
        latitude=22.68,
        longitude=104.11,
    )
    stored = Village.objects.get(pk=village.pk)
    assert stored.commune == muong_khuong
    assert stored.name == "Sín Chải"
    assert stored.name_folded == "sin chai"
    assert (stored.latitude, stored.longitude) == (22.68, 104.11)


@pytest.mark.parametrize("actor", DENIED, indirect=True)
def test_others_may_not_create_villages(actor, muong_khuong, village, village_state):
    before = village_state()
    with pytest.raises(PermissionDenied):
        village_create(actor=actor, commune=muong_khuong, name="Sín Chải", kind=VillageKind.THON)
    assert village_state() == before


def test_a_commune_officer_may_not_create_villages_in_another_commune(
    commune_officer, bac_ha, village_state
):
    before = village_state()
    with pytest.raises(PermissionDenied):
        village_create(actor=commune_officer, commune=bac_ha, name="Na Hối", kind=VillageKind.BAN)
    assert village_state() == before
    assert not Village.objects.filter(commune=bac_ha).exists()


def test_a_province_officer_creates_villages_in_every_commune_of_the_province(
    province_officer, bac_ha, muong_khuong
):
    village_create(actor=province_officer, commune=bac_ha, name="Na Hối", kind=VillageKind.BAN)
    village_create(actor=province_officer, commune=muong_khuong, name="Na Hối", kind="ban")
    assert Village.objects.filter(name="Na Hối").count() == 2


def test_villages_belong_to_current_communes_only(province_officer, old_ban_pho, lao_cai):
    for unit in (old_ban_pho, lao_cai):
        with pytest.raises(ValidationError) as caught:
            village_create(actor=province_officer, commune=unit, name="Bản Phố", kind="ban")
        assert "commune" in caught.value.message_dict
    assert not Village.objects.exists()


@pytest.mark.parametrize("name", ["Mã Tuyển", "mã tuyển", "MA TUYEN", " Mã  Tuyển "])
def test_a_second_village_of_the_same_name_is_a_validation_error(
    name, commune_officer, muong_khuong, village, village_state
):
    before = village_state()
    with pytest.raises(ValidationError) as caught:
        village_create(actor=commune_officer, commune=muong_khuong, name=name, kind="thon")
    assert "name" in caught.value.message_dict
    assert village_state() == before


def test_the_same_name_in_another_commune_is_fine(province_officer, village, bac_ha):
    other = village_create(actor=province_officer, commune=bac_ha, name=village.name, kind="thon")
    assert other.pk != village.pk


@pytest.mark.parametrize(
    "fields",
    [
        {"name": ""},
        {"kind": "xom"},
        {"name": "x" * 101},
    ],
)
def test_invalid_fields_are_refused(fields, commune_officer, muong_khuong):
    values = {"name": "Sín Chải", "kind": "thon", **fields}
    with pytest.raises(ValidationError) as caught:
        village_create(actor=commune_officer, commune=muong_khuong, **values)
    assert set(caught.value.message_dict) & set(fields)
    assert not Village.objects.exists()


# Update -------------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ALLOWED, indirect=True)
def test_officers_of_the_commune_or_province_change_villages(actor, village):
    village_update(actor=actor, village=village, name="Mã Tuyển Trên", kind="ban", latitude=22.7)
    village.refresh_from_db()
    assert (village.name, village.name_folded, village.kind, village.latitude) == (
        "Mã Tuyển Trên",
        "ma tuyen tren",
        "ban",
        22.7,
    )


@pytest.mark.parametrize("actor", DENIED, indirect=True)
def test_others_may_not_change_villages(actor, village, village_state):
    before = village_state()
    with pytest.raises(PermissionDenied):
        village_update(actor=actor, village=Village.objects.get(pk=village.pk), name="Đổi tên")
    assert village_state() == before


def test_renaming_onto_another_village_is_a_validation_error(
    commune_officer, village, muong_khuong
):
    other = village_create(
        actor=commune_officer, commune=muong_khuong, name="Sín Chải", kind="thon"
    )
    before = Village.objects.get(pk=other.pk)
    with pytest.raises(ValidationError) as caught:
        village_update(actor=commune_officer, village=other, name="MÃ TUYỂN")
    assert "name" in caught.value.message_dict
    assert Village.objects.get(pk=other.pk).name == before.name


def test_a_village_cannot_move_to_another_commune_through_update(province_officer, village, bac_ha):
    with pytest.raises(TypeError):
        village_update(actor=province_officer, village=village, commune=bac_ha)
    village.refresh_from_db()
    assert village.commune.code == "02761"


# Delete -------------------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ALLOWED, indirect=True)
def test_officers_of_the_commune_or_province_remove_villages(actor, village, bac_ha_village):
    village_delete(actor=actor, village=village)
    assert list(Village.objects.all()) == [bac_ha_village]


@pytest.mark.parametrize("actor", DENIED, indirect=True)
def test_others_may_not_remove_villages(actor, village, village_state):
    before = village_state()
    with pytest.raises(PermissionDenied):
        village_delete(actor=actor, village=village)
    assert village_state() == before


def test_a_commune_officer_may_not_touch_another_communes_village(
    commune_officer, bac_ha_village, village_state
):
    before = village_state()
    with pytest.raises(PermissionDenied):
        village_update(actor=commune_officer, village=bac_ha_village, name="Đổi tên")
    with pytest.raises(PermissionDenied):
        village_delete(actor=commune_officer, village=bac_ha_village)
    assert village_state() == before
