"""The Excel import of a commune's teams and members: checked whole, row by row, and written
whole or not at all, in bulk."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.conftest import PASSWORD
from banso.places.services import village_create
from banso.teams.imports import teams_import
from banso.teams.models import Team, TeamMember
from banso.teams.services.register import member_build, register_save, team_dissolve
from banso.teams.tests.makers import member_make, team_make
from banso.teams.tests.workbooks import headers, member_row, register

pytestmark = pytest.mark.django_db


def _import(actor, unit, upload):
    return teams_import(actor=actor, upload=upload, unit_id=unit.pk)


def test_the_empty_workbooks_examples_import(commune_officer, village, muong_khuong):
    result = _import(commune_officer, muong_khuong, register(template=True))
    assert result.ok, result.errors
    assert (result.teams_founded, result.created, result.updated) == (1, 2, 0)
    team = Team.objects.get()
    assert (team.village, team.decision_number) == (village, "125/QĐ-UBND")
    assert team.decision_date == team.founded_on == datetime.date(2023, 3, 15)
    leader = team.members.get(position="leader")
    assert (leader.full_name, leader.background, leader.phone) == (
        "Thào Seo Lử",
        "village_head",
        "+84912345678",
    )
    # A member without a day of joining joined with the team.
    assert team.members.get(full_name="Vàng Thị Mai").joined_on == team.founded_on


def test_errors_name_their_row_and_column_and_nothing_is_written(
    commune_officer, village, sang_chai, muong_khuong
):
    upload = register(
        member_row("Thào Seo Lử", position="tổ trưởng", background="trưởng thôn"),
        member_row("Vàng Thị Mai", village="Không có"),
        member_row("Lù Văn Phin", decision_date="32/13/2023", phone="12"),
        member_row("", background="phù thủy"),
        member_row("Sùng Thị Dín", village="Sảng Chải"),  # a second, good team
        member_row("Lồ Thị Sa", position="tổ trưởng"),  # Mã Tuyển's second leader
    )
    result = _import(commune_officer, muong_khuong, upload)
    columns = headers()
    assert [(e.row, e.column) for e in result.errors] == [
        (3, columns[1]),
        (4, columns[3]),
        (4, columns[5]),
        (5, columns[4]),
        (5, columns[7]),
        (7, columns[6]),
    ]
    assert "Không có" in result.errors[0].message
    assert not Team.objects.exists()
    assert not TeamMember.objects.exists()


def test_a_re_import_finds_the_team_and_its_members_again(commune_officer, village, muong_khuong):
    first = register(
        member_row("Thào Seo Lử", position="tổ trưởng", phone="0912345678"),
        member_row("Vàng Thị Mai"),
    )
    assert _import(commune_officer, muong_khuong, first).ok
    again = register(
        member_row("Thào Seo Lử", phone="0912 345 678", training="VNeID, 05/2024"),
        member_row("vàng thị mai", position="tổ trưởng"),
        member_row("Lù Văn Phin", joined_on="01/06/2024"),
    )
    result = _import(commune_officer, muong_khuong, again)
    assert result.ok, result.errors
    assert (result.teams_founded, result.created, result.updated) == (0, 1, 2)
    team = Team.objects.get()
    assert team.members.get(position="leader").full_name == "vàng thị mai"
    assert team.members.get(phone="+84912345678").training == "VNeID, 05/2024"
    assert team.members.get(full_name="Lù Văn Phin").joined_on == datetime.date(2024, 6, 1)


def test_a_team_of_another_decision_is_not_replaced_by_an_import(
    commune_officer, village, muong_khuong
):
    team = team_make(commune_officer, village, number="7/QĐ-UBND")
    member_make(commune_officer, team, "Thào Seo Lử", position="leader")
    result = _import(commune_officer, muong_khuong, register(member_row("Vàng Thị Mai")))
    assert [(e.row, e.column) for e in result.errors] == [(2, headers()[2])]
    assert "7/QĐ-UBND" in result.errors[0].message
    # Naming a new leader beside the one who serves is refused too.
    other = register(member_row("Vàng Thị Mai", decision_number="7/QĐ-UBND", position="leader"))
    result = _import(commune_officer, muong_khuong, other)
    assert [(e.row, e.column) for e in result.errors] == [(2, headers()[6])]
    assert "Thào Seo Lử" in result.errors[0].message
    assert team.members.count() == 1


def test_a_province_imports_its_communes_teams(
    province_officer, village, na_hoi, lao_cai, muong_khuong
):
    upload = register(
        member_row("Thào Seo Lử"),
        member_row("Giàng Thị Mỷ", commune="Bắc Hà", village="Na Hối", decision_number="88"),
        member_row("Lồ Văn Chứ", commune="Không có xã này"),
    )
    result = _import(province_officer, lao_cai, upload)
    assert [(e.row, e.column) for e in result.errors] == [(4, headers()[0])]
    result = _import(
        province_officer,
        lao_cai,
        register(
            *[
                member_row("Thào Seo Lử"),
                member_row(
                    "Giàng Thị Mỷ", commune="Bắc Hà", village="Na Hối", decision_number="88"
                ),
            ]
        ),
    )
    assert result.ok, result.errors
    assert set(Team.objects.values_list("unit__code", flat=True)) == {"02761", "02839"}


def test_the_province_needs_the_commune_column(province_officer, lao_cai, village):
    workbook = register(member_row("Thào Seo Lử"))
    from openpyxl import load_workbook

    sheet_book = load_workbook(workbook)
    sheet_book.active.delete_cols(1)
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = BytesIO()
    sheet_book.save(buffer)
    with pytest.raises(ValidationError) as refused:
        _import(province_officer, lao_cai, SimpleUploadedFile("x.xlsx", buffer.getvalue()))
    assert refused.value.code == "columns"


def test_an_officer_of_another_commune_may_not_import_here(
    other_commune_officer, village, muong_khuong
):
    with pytest.raises(ValidationError):
        _import(other_commune_officer, muong_khuong, register(member_row("Thào Seo Lử")))
    assert not Team.objects.exists()


def test_the_import_page_shows_the_errors_then_imports(client, commune_officer, village):
    client.login(username=commune_officer.phone, password=PASSWORD)
    url = reverse("teams:team-import")
    bad = client.post(
        url, {"unit": village.commune_id, "file": register(member_row("X", position="vua"))}
    )
    assert bad.status_code == 400
    assert "import-errors" in bad.content.decode()
    good = client.post(url, {"unit": village.commune_id, "file": register(member_row("X"))})
    assert good["Location"] == reverse("teams:team-list")
    assert TeamMember.objects.filter(full_name="X").exists()
    template = client.get(reverse("teams:import-template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_several_bad_rows_one_error_each_in_vietnamese_and_nothing_written(
    commune_officer, village, sang_chai, muong_khuong
):
    """Good rows around five bad ones, each wrong in one way: one error a bad row, on its
    row, in Vietnamese; not a team nor a member written, the good rows' neither."""
    upload = register(
        member_row("Thào Seo Lử", position="tổ trưởng"),
        member_row("Vàng Thị Mai", village="Thôn Không Có"),  # row 3
        member_row("Lù Văn Phin"),
        member_row("Sùng Thị Dín", decision_date="31/02/2023"),  # row 5
        member_row("Lồ Thị Sa", phone="0912"),  # row 6
        member_row("Giàng A Páo", village="Sảng Chải", position="trưởng họ"),  # row 7
        member_row("Hầu Thị Chá", village="Sảng Chải"),
        member_row("Ma Văn Tráng", joined_on="hôm qua"),  # row 9
    )
    result = _import(commune_officer, muong_khuong, upload)
    assert [error.row for error in result.errors] == [3, 5, 6, 7, 9]
    messages = {error.row: str(error.message) for error in result.errors}
    assert "không có thôn “Thôn Không Có”" in messages[3]
    assert "ngày/tháng/năm" in messages[5] and "ngày/tháng/năm" in messages[9]
    assert "tổ trưởng" in messages[7]
    assert all(error.column in headers() for error in result.errors)
    assert (result.teams_founded, result.created, result.updated) == (0, 0, 0)
    assert not Team.objects.exists()
    assert not TeamMember.objects.exists()


def test_a_re_import_hands_the_leaders_place_over(commune_officer, village, muong_khuong):
    """The leader steps down and a member takes the place in the same file: saved at once,
    the one stepping down first, or the database's one-leader rule would refuse it."""
    first = register(
        member_row("Thào Seo Lử", position="tổ trưởng", phone="0912345678"),
        member_row("Vàng Thị Mai", phone="0987654321"),
    )
    assert _import(commune_officer, muong_khuong, first).ok
    swapped = register(
        member_row("Thào Seo Lử", position="thành viên", phone="0912345678"),
        member_row("Vàng Thị Mai", position="tổ trưởng", phone="0987654321"),
    )
    result = _import(commune_officer, muong_khuong, swapped)
    assert result.ok, result.errors
    team = Team.objects.get()
    assert team.members.get(position="leader").full_name == "Vàng Thị Mai"
    assert team.members.get(full_name="Thào Seo Lử").position == "member"


def test_a_re_import_of_the_same_file_writes_nothing(commune_officer, village, muong_khuong):
    rows = (member_row("Thào Seo Lử", position="tổ trưởng"), member_row("Vàng Thị Mai"))
    assert _import(commune_officer, muong_khuong, register(*rows)).ok
    stamps = list(TeamMember.objects.order_by("pk").values_list("updated_at", flat=True))
    result = _import(commune_officer, muong_khuong, register(*rows))
    assert result.ok and (result.teams_founded, result.created, result.updated) == (0, 0, 0)
    assert list(TeamMember.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_an_import_costs_the_same_statements_for_many_teams(
    province_officer, lao_cai, muong_khuong, bac_ha, django_assert_max_num_queries
):
    """Teams and members are saved in bulk: an import of twelve teams takes no more
    statements than one of two (one by one, the services took ten a member)."""

    def province_register(count: int):
        rows = []
        for number in range(count):
            commune = muong_khuong if number % 2 else bac_ha
            village = village_create(
                actor=province_officer, commune=commune, name=f"Thôn {count}-{number}", kind="thon"
            )
            for member in range(3):
                rows.append(
                    member_row(
                        f"Người {number}-{member}",
                        commune=commune.code,
                        village=village.name,
                        decision_number=f"{number}/QĐ",
                        position="tổ trưởng" if member == 0 else "thành viên",
                    )
                )
        return register(*rows)

    small, large = province_register(2), province_register(12)
    with django_assert_max_num_queries(60) as few:
        assert _import(province_officer, lao_cai, small).ok
    with django_assert_max_num_queries(len(few.captured_queries)):
        result = _import(province_officer, lao_cai, large)
    assert (result.teams_founded, result.created) == (12, 36)
    assert TeamMember.objects.filter(position="leader").count() == 14


def test_the_save_is_refused_whole_when_the_register_changed_meanwhile(
    commune_officer, village, muong_khuong
):
    """What the builders checked may change before the save (another officer names a leader
    meanwhile): the database's rule refuses it, and nothing of the save is written."""
    team = team_make(commune_officer, village)
    newcomer = member_build(
        actor=commune_officer,
        team=team,
        full_name="Vàng Thị Mai",
        background="youth_union",
        position="leader",
    )
    other = member_build(
        actor=commune_officer, team=team, full_name="Lù Văn Phin", background="teacher"
    )
    member_make(commune_officer, team, "Thào Seo Lử", position="leader")
    with pytest.raises(ValidationError) as refused:
        register_save(added=[other, newcomer])
    assert refused.value.code == "clash"
    assert list(team.members.values_list("full_name", flat=True)) == ["Thào Seo Lử"]
    team_dissolve(actor=commune_officer, team=team, on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        register_save(added=[other])
    assert team.members.count() == 1
