"""The Excel import of a commune's teams and members: checked whole, row by row, and written
whole or not at all."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.conftest import PASSWORD
from banso.teams.imports import teams_import
from banso.teams.models import Team, TeamMember
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
