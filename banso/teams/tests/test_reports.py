"""The teams' reports, counted by hand on a small commune: Mường Khương has two villages, Mã
Tuyển with its team (a leader, a deputy, a member and one who left) and Sảng Chải without one;
Bắc Hà's team of Na Hối must never count in Mường Khương. Then who may read them, the Excel
file, the facts for the scorecard, and the number of queries."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from banso.conftest import PASSWORD
from banso.households.services import household_create
from banso.indicators.facts import fact_providers, facts_collect
from banso.indicators.scorecard import commune_scorecard
from banso.places.services import village_create
from banso.teams.indicator_facts import (
    ACTIVITIES,
    HOUSEHOLDS_REACHED,
    MEMBERS,
    TEAMS_ACTIVE,
    team_facts,
)
from banso.teams.reports import team_report
from banso.teams.services.help import help_record
from banso.teams.services.register import member_leave
from banso.teams.tests.makers import help_data, member_make, team_make

pytestmark = pytest.mark.django_db
YEAR = 2025


def _signed_in(client, person):
    client.login(username=person.phone, password=PASSWORD)
    return client


@pytest.fixture
def commune(commune_officer, team, leader, households, other_leader, other_commune_officer):
    """Mường Khương's help given, by hand (and one visit in Bắc Hà, which must not count)."""
    deputy = member_make(commune_officer, team, "Lò Văn Sáng", position="deputy")
    member_make(commune_officer, team, "Hoàng Thị Hoa", background="teacher")
    gone = member_make(commune_officer, team, "Lù Văn Phin")
    member_leave(actor=commune_officer, member=gone, on=datetime.date(2024, 5, 1), reason="Đi học")
    second = household_create(
        actor=commune_officer,
        village=team.village,
        head_name="Sùng Seo Dền",
        ethnicity="08",
        code="MT-002",
    )

    def visit(helper, day, outcome, kinds, household=None, **fields):
        if household is not None:
            fields["household_code"] = household.code
            fields["person_name"] = ""
        return help_record(
            actor=commune_officer if helper.team_id == team.pk else other_commune_officer,
            data=help_data(helper, helped_on=day, outcome=outcome, kinds=kinds, **fields),
        )

    first = households["ma_tuyen"]
    # Of 2024: a follow-up closed by the visits of 2025.
    visit(leader, datetime.date(2024, 12, 30), "follow_up", ("vneid",), first)
    # 2025: March ×2, April ×1, May ×1.
    visit(leader, datetime.date(2025, 3, 8), "follow_up", ("vneid", "mobile-money"), first)
    visit(deputy, datetime.date(2025, 3, 10), "done", ("public-services",))
    visit(leader, datetime.date(2025, 4, 2), "done", ("vneid",), first)
    visit(deputy, datetime.date(2025, 5, 20), "follow_up", ("cashless-payment",), second)
    # Bắc Hà, not Mường Khương's.
    visit(
        other_leader,
        datetime.date(2025, 3, 9),
        "follow_up",
        ("vneid",),
        households["na_hoi"],
        village_id=other_leader.team.village_id,
    )
    return {"team": team, "deputy": deputy, "second": second}


def _kinds(report) -> dict[str, int]:
    return {code: count for code, _label, count in report.help_by_kind if count}


def test_the_commune_report_counted_by_hand(commune, muong_khuong):
    report = team_report(year=YEAR, unit=muong_khuong)
    assert (report.villages, report.villages_with_team, report.coverage) == (2, 1, 50.0)
    assert report.teams_active == 1
    assert report.members == 3
    assert [(code, count) for code, _label, count in report.members_by_position] == [
        ("leader", 1),
        ("deputy", 1),
        ("member", 1),
    ]
    assert report.help_records == 4
    assert _kinds(report) == {
        "vneid": 2,
        "mobile-money": 1,
        "public-services": 1,
        "cashless-payment": 1,
    }
    assert dict(report.help_by_month) == {
        **{month: 0 for month in range(1, 13)},
        3: 2,
        4: 1,
        5: 1,
    }
    assert report.households_reached == 2
    # The 2024 and March follow-ups of MT-001 have a later visit; MT-002's has none.
    assert report.follow_ups_open == 1
    by_village = {part.label: part for part in report.parts}
    assert set(by_village) == {"Mã Tuyển", "Sảng Chải"}
    ma_tuyen, sang_chai = by_village["Mã Tuyển"], by_village["Sảng Chải"]
    assert (ma_tuyen.villages_with_team, ma_tuyen.members, ma_tuyen.help_records) == (1, 3, 4)
    assert (ma_tuyen.households_reached, ma_tuyen.follow_ups_open) == (2, 1)
    assert (sang_chai.villages_with_team, sang_chai.members, sang_chai.help_records) == (0, 0, 0)


def test_another_year_counts_its_own_help(commune, muong_khuong):
    report = team_report(year=2024, unit=muong_khuong)
    assert report.help_records == 1 and report.households_reached == 1
    assert dict(report.help_by_month)[12] == 1
    # Follow-ups open are as they stand today, whatever the year.
    assert report.follow_ups_open == 1


def test_the_province_report_by_commune(commune, lao_cai, muong_khuong, bac_ha):
    report = team_report(year=YEAR, unit=lao_cai)
    assert (report.villages, report.villages_with_team, report.teams_active) == (3, 2, 2)
    assert report.help_records == 5 and report.households_reached == 3
    assert report.follow_ups_open == 2
    parts = {part.key: part for part in report.parts}
    assert (parts[muong_khuong.pk].help_records, parts[muong_khuong.pk].coverage) == (4, 50.0)
    assert (parts[bac_ha.pk].help_records, parts[bac_ha.pk].follow_ups_open) == (1, 1)


def test_the_team_report(commune):
    report = team_report(year=YEAR, team=commune["team"])
    assert (report.members, report.help_records, report.households_reached) == (3, 4, 2)
    assert report.parts == []


def test_a_follow_up_of_a_household_closed_by_a_later_visit_the_same_day(
    commune, commune_officer, muong_khuong
):
    help_record(
        actor=commune_officer,
        data=help_data(
            commune["deputy"],
            helped_on=datetime.date(2025, 5, 20),
            outcome="referred",
            kinds=("other",),
            household_code="MT-002",
            person_name="",
        ),
    )
    assert team_report(year=YEAR, unit=muong_khuong).follow_ups_open == 0


# --- who reads them ---------------------------------------------------------------------


def test_who_reads_the_reports(
    client,
    commune,
    muong_khuong,
    lao_cai,
    commune_officer,
    other_commune_officer,
    province_officer,
    member_user,
    other_leader,
    make_user,
):
    team = commune["team"]
    commune_url = reverse("teams:unit-report", args=[muong_khuong.code])
    province_url = reverse("teams:unit-report", args=[lao_cai.code])
    team_url = reverse("teams:team-report", args=[team.pk])
    # The public is sent to sign in; a person with no role reads nothing.
    assert client.get(commune_url).status_code == 302
    assert client.get(team_url).status_code == 302
    _signed_in(client, make_user("Người dân"))
    for url in (commune_url, province_url, team_url, f"{commune_url}xlsx"):
        assert client.get(url).status_code == 404
    # A team's member reads their team's report, not the commune's.
    _signed_in(client, member_user)
    assert client.get(team_url).status_code == 200
    assert client.get(commune_url).status_code == 404
    assert client.get(reverse("teams:report-home")).url == team_url
    # Bắc Hà's leader and officer read nothing of Mường Khương.
    _signed_in(client, other_leader.user)
    assert client.get(team_url).status_code == 404
    _signed_in(client, other_commune_officer)
    assert client.get(commune_url).status_code == 404
    assert client.get(team_url).status_code == 404
    # The commune's officer reads the commune and its teams, not the province.
    _signed_in(client, commune_officer)
    assert client.get(commune_url).status_code == 200
    assert client.get(team_url).status_code == 200
    assert client.get(province_url).status_code == 404
    assert client.get(reverse("teams:report-home")).url == commune_url
    # The province's officer reads all.
    _signed_in(client, province_officer)
    for url in (commune_url, province_url, team_url):
        assert client.get(url).status_code == 200
    assert client.get(reverse("teams:report-home")).url == province_url


def test_the_page_shows_the_figures_and_charts_without_names(
    client, commune, muong_khuong, commune_officer
):
    _signed_in(client, commune_officer)
    page = client.get(
        reverse("teams:unit-report", args=[muong_khuong.code]), {"year": YEAR}
    ).content.decode()
    assert 'id="households-reached">2<' in page
    assert 'id="follow-ups-open">1<' in page
    assert "1 / 2 (50 %)" in page
    for chart in ("chart-coverage", "chart-kind", "chart-month", "chart-position"):
        assert f'id="{chart}"' in page
    assert "<svg" in page and "<script" not in page.split("</footer>")[0]
    assert "Số hộ được hỗ trợ" in page  # Vietnamese first
    for name in ("Vàng Thị Mai", "Thào Seo Lử", "Hầu Thị Chá", "MT-001"):
        assert name not in page


def test_the_page_in_english_and_chinese(client, commune, muong_khuong, commune_officer):
    _signed_in(client, commune_officer)
    url = reverse("teams:unit-report", args=[muong_khuong.code])
    english = client.get("/en" + url, {"year": YEAR}).content.decode()
    assert "Households reached" in english and "Help given by month" in english
    chinese = client.get("/zh-hans" + url, {"year": YEAR}).content.decode()
    assert "Households reached" not in chinese and "受帮扶农户" in chinese


def test_the_excel_file(client, commune, muong_khuong, commune_officer):
    _signed_in(client, commune_officer)
    response = client.get(
        "/en" + reverse("teams:unit-report-xlsx", args=[muong_khuong.code]), {"year": YEAR}
    )
    assert response.status_code == 200
    assert f"{YEAR}.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    figures = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True) if row}
    assert figures["Villages with an active team"] == 1
    assert figures["Villages"] == 2
    assert figures["Active members"] == 3
    assert figures["Help given"] == 4
    assert figures["Households reached"] == 2
    assert figures["Follow-ups open"] == 1
    help_rows = {
        row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True) if row
    }
    assert help_rows["VNeID account and level-2 identification"] == 2
    assert help_rows["March"] == 2 and help_rows["April"] == 1
    parts = list(workbook.worksheets[2].iter_rows(values_only=True))
    assert parts[0][0] == "Village"
    assert ("Mã Tuyển", 1, 1, 100.0, 3, 4, 2, 1) in parts


def test_the_reports_cost_the_same_for_many_teams(
    client,
    commune,
    muong_khuong,
    lao_cai,
    commune_officer,
    province_officer,
    django_assert_max_num_queries,
):
    _signed_in(client, province_officer)
    url = reverse("teams:unit-report", args=[lao_cai.code])
    with django_assert_max_num_queries(30) as few:
        client.get(url, {"year": YEAR})
    for number in range(8):
        village = village_create(
            actor=commune_officer, commune=muong_khuong, name=f"Thôn {number}", kind="thon"
        )
        team = team_make(commune_officer, village, number=f"{number}/QĐ")
        helper = member_make(commune_officer, team, f"Tổ trưởng {number}", position="leader")
        help_record(actor=commune_officer, data=help_data(helper))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url, {"year": YEAR}).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("teams:unit-report-xlsx", args=[lao_cai.code]), {"year": YEAR})


# --- the scorecard's facts --------------------------------------------------------------


def test_the_facts_per_commune_and_year(commune, muong_khuong, bac_ha):
    assert team_facts in fact_providers()
    facts = {
        (fact.code, fact.period, fact.unit_id): fact.value
        for fact in facts_collect(year=YEAR, codes=set(team_facts.codes()))
    }
    assert facts[(ACTIVITIES, "2025", muong_khuong.pk)] == 4
    assert facts[(ACTIVITIES, "202503", muong_khuong.pk)] == 2
    assert facts[(ACTIVITIES, "202505", muong_khuong.pk)] == 1
    assert facts[(HOUSEHOLDS_REACHED, "2025", muong_khuong.pk)] == 2
    assert facts[(TEAMS_ACTIVE, "2025", muong_khuong.pk)] == 1
    # The member who left in 2024 served no day of 2025.
    assert facts[(MEMBERS, "2025", muong_khuong.pk)] == 3
    assert (MEMBERS, "2024", muong_khuong.pk) not in facts
    assert facts[(ACTIVITIES, "2025", bac_ha.pk)] == 1
    all_years = {
        (fact.code, fact.period, fact.unit_id): fact.value for fact in team_facts.facts(year=None)
    }
    assert all_years[(MEMBERS, "2024", muong_khuong.pk)] == 4
    assert all_years[(ACTIVITIES, "2024", muong_khuong.pk)] == 1


def test_the_facts_name_their_teams(commune, muong_khuong):
    sources = team_facts.fact_sources(code=ACTIVITIES, unit_id=muong_khuong.pk, year=YEAR)
    assert [(source.value, source.url) for source in sources] == [
        (4, reverse("teams:team-detail", args=[commune["team"].pk]))
    ]


def test_the_scorecard_counts_the_village_teams(commune, muong_khuong, province_officer):
    card = commune_scorecard(province_officer, unit=muong_khuong, year=YEAR)
    part = next(p for p in card.components if p.component.code == "teams")
    assert part.is_available and part.count == 4
