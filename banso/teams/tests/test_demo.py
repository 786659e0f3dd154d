"""The demo's teams: one for each demo village, the demo team leader leading hers, a few visits;
seeding twice changes nothing."""

import pytest

from banso.accounts.services import user_create
from banso.households.services import household_create
from banso.places.services import village_create
from banso.teams.demo import teams_demo_seed
from banso.teams.models import HelpRecord, Team, TeamMember

pytestmark = pytest.mark.django_db


def test_the_demo_teams(superuser, muong_khuong, bac_ha, households):
    na_hoi = households["na_hoi"].village
    ma_tuyen = households["ma_tuyen"].village
    household_create(
        actor=superuser,
        village=na_hoi,
        head_name="Giàng Seo Páo",
        ethnicity="08",
        code="02839-DEMO1",
    )
    leader = user_create(phone="0981000005", full_name="Giàng Thị Mỷ")
    villages = [
        ma_tuyen,
        na_hoi,
        village_create(actor=superuser, commune=bac_ha, name="Bản Phố", kind="thon"),
    ]
    teams_demo_seed(admin=superuser, villages=villages)
    assert Team.objects.count() == 3
    assert TeamMember.objects.count() == 5 + 4 + 5
    team = Team.objects.get(village=na_hoi)
    assert team.members.get(position="leader").user == leader
    assert HelpRecord.objects.filter(team=team).count() == 3
    assert HelpRecord.objects.filter(team__village=ma_tuyen).count() == 1  # no DEMO household
    counts = (Team.objects.count(), TeamMember.objects.count(), HelpRecord.objects.count())
    teams_demo_seed(admin=superuser, villages=villages)
    assert (Team.objects.count(), TeamMember.objects.count(), HelpRecord.objects.count()) == counts
