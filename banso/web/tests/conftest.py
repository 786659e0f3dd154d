"""Fixtures for the live-server tests: a person with a role, without the full places data set."""

import pytest

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant, user_create
from banso.common.text import fold
from banso.conftest import PASSWORD
from banso.places.models import AdministrativeUnit, UnitLevel

OFFICER_PHONE = "0981234567"


def _unit(*, code: str, level: str, kind: str, short_name: str, path: str, parent=None):
    """The unit at ``path``: the loaded one when the data set is there, else a bare row."""
    unit = AdministrativeUnit.objects.filter(path=path).first()
    if unit is None:
        unit = AdministrativeUnit.objects.create(
            code=code,
            level=level,
            kind=kind,
            name=f"{kind} {short_name}",
            short_name=short_name,
            name_folded=fold(short_name),
            parent=parent,
            path=path,
            is_current=True,
        )
    return unit


@pytest.fixture
def small_commune(transactional_db) -> AdministrativeUnit:
    """Mường Khương commune under Lào Cai province, committed so a live server sees them."""
    province = _unit(
        code="15", level=UnitLevel.PROVINCE, kind="Tỉnh", short_name="Lào Cai", path="n15/"
    )
    return _unit(
        code="02761",
        level=UnitLevel.COMMUNE,
        kind="Xã",
        short_name="Mường Khương",
        path="n15/02761/",
        parent=province,
    )


@pytest.fixture
def officer(small_commune):
    """A commune officer of Mường Khương who signs in with a phone number."""
    user = user_create(phone=OFFICER_PHONE, full_name="Vàng Thị Mai", password=PASSWORD)
    role_grant(user=user, role=PlaceRole.COMMUNE_OFFICER, unit=small_commune)
    return user
