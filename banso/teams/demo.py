"""Demo digital-technology teams: one for each demo village, founded by its commune's decision
of 15 March 2023, with four or five members (the village head as leader, the Youth Union, the
Women's Union, the police, a teacher), and a few visits of 2025. The demo village team leader
(Giàng Thị Mỷ, of Na Hối) leads her village's team, so her phone reads its households and sends
its help.

Lào Cai counts about 1,600 teams with 7,400 members; the demo keeps to its few villages. Every
step looks its rows up first and every visit has a fixed identifier, so seeding twice changes
nothing.
"""

import datetime
import uuid

from django.conf import settings
from django.urls import reverse

from banso.accounts.models import User
from banso.accounts.phone import phone_normalize
from banso.households.models import Household
from banso.places.models import Village
from banso.teams.models import MemberBackground, Team, TeamPosition
from banso.teams.services.help import HelpData, help_sync
from banso.teams.services.register import member_add, team_found

DECISION_DATE = datetime.date(2023, 3, 15)
# The demo's village team leader (banso.web.demo.PEOPLE) leads the team of her village.
LEADER_ACCOUNT = ("0981000005", "Na Hối")
SURNAMES = ("Giàng", "Sùng", "Thào", "Vàng", "Lù", "Lồ", "Hầu", "Tẩn", "Ly", "Cư")
GIVEN = ("Seo Páo", "Thị Mai", "Văn Chứ", "Thị Dín", "A Sình", "Thị Sa", "Văn Sử", "Thị Mỷ")
MEMBERS = (
    (TeamPosition.LEADER, MemberBackground.VILLAGE_HEAD, "Kỹ năng số cơ bản, Sở KH&CN, 04/2023"),
    (TeamPosition.DEPUTY, MemberBackground.YOUTH_UNION, "Kỹ năng số cơ bản, Sở KH&CN, 04/2023"),
    (TeamPosition.MEMBER, MemberBackground.WOMENS_UNION, ""),
    (TeamPosition.MEMBER, MemberBackground.POLICE, "Định danh điện tử VNeID, 05/2023"),
    (TeamPosition.MEMBER, MemberBackground.TEACHER, ""),
)
# The demo's identifiers of visits: the same on every run.
VISITS_NAMESPACE = uuid.UUID("6f1c7a52-6a4e-4a8e-9d0f-3b8f0c1d2e15")
VISITS = [
    # (village, household code or None, person, kinds, day, outcome, note)
    ("Na Hối", "02839-DEMO1", "", ("vneid",), (2025, 3, 8), "done", ""),
    (
        "Na Hối",
        "02839-DEMO1",
        "",
        ("cashless-payment", "mobile-money"),
        (2025, 4, 12),
        "follow_up",
        "Chưa có căn cước gắn chip của vợ; hẹn lần sau.",
    ),
    ("Na Hối", None, "Hầu Thị Chá", ("public-services",), (2025, 5, 20), "done", ""),
    ("Mã Tuyển", "02761-DEMO1", "", ("e-commerce",), (2025, 6, 2), "referred", "Chuyển HTX."),
    (
        "Mã Tuyển",
        None,
        "Sùng Seo Lềnh",
        ("online-safety", "digital-skills"),
        (2025, 6, 9),
        "done",
        "",
    ),
]


def _team_of(admin, village: Village, index: int) -> Team:
    team = Team.objects.filter(village=village, dissolved_on__isnull=True).first()
    if team is not None:
        return team
    team = team_found(
        actor=admin,
        village=village,
        decision_number=f"{40 + index}/QĐ-UBND",
        decision_date=DECISION_DATE,
    )
    leader_phone, leader_village = LEADER_ACCOUNT
    account = User.objects.filter(phone=phone_normalize(leader_phone)).first()
    for number, (position, background, training) in enumerate(MEMBERS):
        if number == 4 and index % 2:
            break  # four members in every other team
        surname = SURNAMES[(index + number) % len(SURNAMES)]
        user, name = None, f"{surname} {GIVEN[(index * 3 + number) % len(GIVEN)]}"
        if position == TeamPosition.LEADER and village.name == leader_village and account:
            user, name = account, account.full_name
        member_add(
            actor=admin,
            team=team,
            full_name=name,
            phone=(user.phone or "") if user else f"0912{index:03d}{number:03d}",
            user=user,
            position=position,
            background=background,
            training=training,
            joined_on=DECISION_DATE,
        )
    return team


def teams_demo_seed(*, admin, villages: list[Village]) -> list[str]:
    """A team for each of ``villages`` (those without one), and the demo's visits."""
    teams = {
        village.name: _team_of(admin, village, index)
        for index, village in enumerate(sorted(villages, key=lambda v: (v.commune_id, v.pk)))
    }
    households = {h.code: h for h in Household.objects.filter(code__in=[v[1] for v in VISITS])}
    records = []
    for number, (village, code, person, kinds, day, outcome, note) in enumerate(VISITS):
        team = teams.get(village)
        if team is None or (code and code not in households):
            continue
        helper = team.members.filter(left_on__isnull=True).order_by("position", "pk")[number % 2]
        records.append(
            HelpData(
                client_id=uuid.uuid5(VISITS_NAMESPACE, str(number)),
                helper_id=helper.pk,
                village_id=team.village_id,
                household_code=code,
                person_name=person,
                kinds=kinds,
                helped_on=datetime.date(*day),
                outcome=outcome,
                note=note,
            )
        )
    help_sync(actor=admin, records=records)
    return [settings.SITE_URL.rstrip("/") + reverse("teams:team-list")]
