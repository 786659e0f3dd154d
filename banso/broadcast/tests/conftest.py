"""The people of Mường Khương's and Bắc Hà's loudspeakers and of the province, two villages of
Mường Khương (Mã Tuyển, Sảng Chải) and one of Bắc Hà (Na Hối)."""

import pytest

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.places.services import village_create


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _person(make_user, name: str, role: str, unit):
    user = make_user(name)
    role_grant(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def editor(make_user, muong_khuong):
    return _person(make_user, "Biên tập xã Mường Khương", PlaceRole.BROADCAST_EDITOR, muong_khuong)


@pytest.fixture
def approver(make_user, muong_khuong):
    return _person(make_user, "Duyệt xã Mường Khương", PlaceRole.BROADCAST_APPROVER, muong_khuong)


@pytest.fixture
def duty_approver(make_user, muong_khuong):
    return _person(
        make_user, "Trực xã Mường Khương", PlaceRole.BROADCAST_DUTY_APPROVER, muong_khuong
    )


@pytest.fixture
def other_editor(make_user, bac_ha):
    return _person(make_user, "Biên tập xã Bắc Hà", PlaceRole.BROADCAST_EDITOR, bac_ha)


@pytest.fixture
def other_approver(make_user, bac_ha):
    return _person(make_user, "Duyệt xã Bắc Hà", PlaceRole.BROADCAST_APPROVER, bac_ha)


@pytest.fixture
def province_editor(make_user, lao_cai):
    return _person(make_user, "Biên tập tỉnh", PlaceRole.BROADCAST_EDITOR, lao_cai)


@pytest.fixture
def province_approver(make_user, lao_cai):
    return _person(make_user, "Duyệt tỉnh", PlaceRole.BROADCAST_APPROVER, lao_cai)


@pytest.fixture
def sang_chai(commune_officer, muong_khuong):
    return village_create(
        actor=commune_officer, commune=muong_khuong, name="Sảng Chải", kind="thon"
    )


@pytest.fixture
def na_hoi(other_commune_officer, bac_ha):
    return village_create(actor=other_commune_officer, commune=bac_ha, name="Na Hối", kind="thon")
