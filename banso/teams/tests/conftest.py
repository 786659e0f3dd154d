"""Two villages of Mường Khương (Mã Tuyển with its team, Sảng Chải without one), a village of
Bắc Hà with its own team, a household in each, and the people around them."""

import pytest

from banso.households.services import household_create
from banso.places.services import village_create
from banso.teams.models import TeamPosition
from banso.teams.tests.makers import member_make, team_make


@pytest.fixture
def sang_chai(commune_officer, muong_khuong):
    return village_create(
        actor=commune_officer, commune=muong_khuong, name="Sảng Chải", kind="thon"
    )


@pytest.fixture
def na_hoi(other_commune_officer, bac_ha):
    return village_create(actor=other_commune_officer, commune=bac_ha, name="Na Hối", kind="thon")


def _household(actor, village, code: str, head: str):
    return household_create(actor=actor, village=village, head_name=head, ethnicity="08", code=code)


@pytest.fixture
def households(commune_officer, other_commune_officer, village, sang_chai, na_hoi):
    """One household in each village: Mã Tuyển, Sảng Chải, Na Hối."""
    return {
        "ma_tuyen": _household(commune_officer, village, "MT-001", "Thào Seo Lử"),
        "sang_chai": _household(commune_officer, sang_chai, "SC-001", "Lù Thị Sang"),
        "na_hoi": _household(other_commune_officer, na_hoi, "NH-001", "Giàng Seo Páo"),
    }


@pytest.fixture
def team(commune_officer, village):
    return team_make(commune_officer, village)


@pytest.fixture
def member_user(make_user):
    return make_user("Vàng Thị Mai")


@pytest.fixture
def leader(commune_officer, team, member_user):
    """The team's leader, who signs in with ``member_user``."""
    return member_make(
        commune_officer,
        team,
        "Vàng Thị Mai",
        user=member_user,
        position=TeamPosition.LEADER,
        phone="0987654321",
    )


@pytest.fixture
def other_team(other_commune_officer, na_hoi):
    return team_make(other_commune_officer, na_hoi, number="88/QĐ-UBND")


@pytest.fixture
def other_leader(other_commune_officer, other_team, make_user):
    return member_make(
        other_commune_officer,
        other_team,
        "Giàng Thị Mỷ",
        user=make_user("Giàng Thị Mỷ"),
        position=TeamPosition.LEADER,
    )
