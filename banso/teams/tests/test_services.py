"""The register keeps its history: members leave and teams are replaced without a row lost."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banso.teams.models import HelpRecord, Team, TeamMember, TeamPosition
from banso.teams.services.help import help_record
from banso.teams.services.register import (
    help_kind_create,
    help_kind_update,
    member_add,
    member_leave,
    member_update,
    team_dissolve,
    team_found,
    team_replace,
)
from banso.teams.tests.makers import DECISION_DATE, help_data, member_make, team_make

pytestmark = pytest.mark.django_db


def test_a_member_who_leaves_keeps_their_row_and_their_help(
    commune_officer, team, leader, member_user
):
    record = help_record(actor=member_user, data=help_data(leader))
    member_leave(
        actor=commune_officer, member=leader, on=datetime.date(2025, 6, 30), reason="Đi học"
    )
    leader.refresh_from_db()
    assert (leader.left_on, leader.leave_reason) == (datetime.date(2025, 6, 30), "Đi học")
    assert HelpRecord.objects.get().helper == leader
    assert record.helper_id == leader.pk
    # The place is free: a new leader joins, and the one who left may come back as a new row.
    member_make(commune_officer, team, "Lồ Văn Chứ", position=TeamPosition.LEADER)
    again = member_make(commune_officer, team, "Vàng Thị Mai", phone="0987654321")
    assert TeamMember.objects.filter(team=team, full_name="Vàng Thị Mai").count() == 2
    assert again.pk != leader.pk
    with pytest.raises(ValidationError):
        member_leave(actor=commune_officer, member=leader)


def test_a_replaced_team_keeps_its_members_and_records(commune_officer, team, leader, member_user):
    deputy = member_make(commune_officer, team, "Sùng Thị Dín", position=TeamPosition.DEPUTY)
    old_record = help_record(actor=member_user, data=help_data(leader))
    new = team_replace(
        actor=commune_officer,
        team=team,
        decision_number="20/QĐ-UBND",
        decision_date=datetime.date(2025, 7, 1),
    )
    team.refresh_from_db()
    assert team.dissolved_on == datetime.date(2025, 7, 1)
    assert "20/QĐ-UBND" in team.dissolution_note
    assert new.replaces == team and new.is_active
    # Each member left the old team on that day and serves the new one from it.
    assert set(team.members.values_list("left_on", flat=True)) == {datetime.date(2025, 7, 1)}
    assert sorted(new.members.values_list("full_name", "position")) == [
        ("Sùng Thị Dín", "deputy"),
        ("Vàng Thị Mai", "leader"),
    ]
    assert TeamMember.objects.filter(pk=deputy.pk, team=team).exists()
    # The old team's help stays with it; the leader now records for the new one.
    assert list(team.help_records.all()) == [old_record]
    new_leader = new.members.get(position="leader")
    member_user = type(member_user).objects.get(pk=member_user.pk)  # the next request
    late = help_record(
        actor=member_user, data=help_data(new_leader, helped_on=datetime.date(2025, 7, 2))
    )
    assert late.team == new
    # A visit of last year, sent late from the phone by the old team's member, still goes in.
    sent_late = help_record(
        actor=member_user, data=help_data(leader, helped_on=datetime.date(2025, 6, 1))
    )
    assert sent_late.team == team
    assert Team.objects.filter(village=team.village).count() == 2


def test_a_village_has_one_active_team(commune_officer, team, village):
    with pytest.raises(ValidationError) as refused:
        team_make(commune_officer, village, number="99/QĐ-UBND")
    assert "đã có một tổ đang hoạt động" in str(refused.value)
    team_dissolve(actor=commune_officer, team=team, on=datetime.date(2024, 12, 31))
    assert team_make(commune_officer, village, number="99/QĐ-UBND").is_active


def test_a_dissolved_team_stays_as_it_was(commune_officer, team, leader):
    team_dissolve(actor=commune_officer, team=team, on=datetime.date(2024, 12, 31), note="Sáp nhập")
    leader.refresh_from_db()
    assert leader.left_on == datetime.date(2024, 12, 31)
    with pytest.raises(ValidationError):
        member_make(commune_officer, team, "Người mới")
    with pytest.raises(ValidationError):
        team_dissolve(actor=commune_officer, team=team, on=datetime.date(2025, 1, 1))


def test_one_leader_at_a_time(commune_officer, team, leader):
    with pytest.raises(ValidationError) as refused:
        member_make(commune_officer, team, "Lồ Văn Chứ", position=TeamPosition.LEADER)
    assert "đã có tổ trưởng" in str(refused.value)
    deputy = member_make(commune_officer, team, "Lồ Văn Chứ", position=TeamPosition.DEPUTY)
    member_update(actor=commune_officer, member=leader, data={"position": "member"})
    member_update(actor=commune_officer, member=deputy, data={"position": "leader"})
    assert team.members.get(position="leader") == deputy


def test_dates_follow_each_other(commune_officer, team, village):
    with pytest.raises(ValidationError):
        member_make(commune_officer, team, "Sớm", joined_on=DECISION_DATE - datetime.timedelta(1))
    member = member_make(commune_officer, team, "Lù Văn Phin")
    with pytest.raises(ValidationError):
        member_leave(actor=commune_officer, member=member, on=DECISION_DATE - datetime.timedelta(1))
    with pytest.raises(ValidationError):
        team_found(
            actor=commune_officer,
            village=village,
            decision_number="1",
            decision_date=DECISION_DATE,
            founded_on=DECISION_DATE - datetime.timedelta(1),
        )


def test_phone_numbers_are_stored_alike_and_once_a_team(commune_officer, team, leader):
    assert leader.phone == "+84987654321"
    with pytest.raises(ValidationError) as refused:
        member_make(commune_officer, team, "Khác", phone="0987 654 321")
    assert "số điện thoại" in str(refused.value)
    with pytest.raises(ValidationError):
        member_make(commune_officer, team, "Khác", phone="12")


def test_only_the_communes_and_provinces_officers_write(
    other_commune_officer, province_officer, member_user, team, leader, village
):
    for stranger in (other_commune_officer, member_user):
        with pytest.raises(PermissionDenied):
            member_make(stranger, team, "Người lạ")
        with pytest.raises(PermissionDenied):
            member_leave(actor=stranger, member=leader)
        with pytest.raises(PermissionDenied):
            team_dissolve(actor=stranger, team=team, on=datetime.date(2025, 1, 1))
    assert team.members.count() == 1
    assert Team.objects.get().dissolved_on is None
    member_add(actor=province_officer, team=team, full_name="Cán bộ tỉnh thêm", background="other")
    assert team.members.count() == 2


def test_the_province_maintains_the_kinds_of_help(commune_officer, province_officer):
    with pytest.raises(PermissionDenied):
        help_kind_create(actor=commune_officer, code="zalo", name="Zalo")
    kind = help_kind_create(actor=province_officer, code="Zalo", name="Tài khoản  Zalo")
    assert (kind.code, kind.name, kind.display_name) == ("zalo", "Tài khoản Zalo", "Tài khoản Zalo")
    help_kind_update(actor=province_officer, kind=kind, data={"is_active": False})
    kind.refresh_from_db()
    assert not kind.is_active


def test_the_seeded_kinds_read_in_the_persons_language():
    from django.utils import translation

    from banso.teams.models import HelpKind

    kind = HelpKind.objects.get(code="vneid")
    with translation.override("vi"):
        assert "VNeID" in kind.display_name and kind.display_name != kind.name
    assert HelpKind.objects.filter(is_active=True).count() == 10


def test_a_member_who_left_sends_only_the_visits_of_their_time(
    commune_officer, team, leader, member_user
):
    deputy = member_make(commune_officer, team, "Sùng Thị Dín", position=TeamPosition.DEPUTY)
    member_leave(actor=commune_officer, member=leader, on=datetime.date(2025, 6, 30))
    member_user = type(member_user).objects.get(pk=member_user.pk)
    kept = help_record(
        actor=member_user, data=help_data(deputy, helped_on=datetime.date(2025, 6, 1))
    )
    assert kept.helper == deputy
    with pytest.raises(ValidationError) as refused:
        help_record(actor=member_user, data=help_data(deputy, helped_on=datetime.date(2025, 7, 1)))
    assert list(refused.value.message_dict) == ["helped_on"]
    # The officer records any day the team and the member served.
    help_record(actor=commune_officer, data=help_data(deputy, helped_on=datetime.date(2025, 7, 1)))
    assert HelpRecord.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_the_kinds_of_help_in_place():
    """``manage.py flush`` (and every transactional test) empties the table the migration
    filled; the kinds are written again after it."""
    from django.core.management import call_command

    from banso.teams.models import HelpKind

    call_command("flush", interactive=False, verbosity=0)
    assert HelpKind.objects.filter(code__in=["vneid", "telecom-support"]).count() == 2


def test_the_decisions_scan_is_checked_and_stored_under_a_name_of_ours(
    commune_officer, team, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from banso.teams.services.register import team_update

    settings.MEDIA_ROOT = tmp_path
    page = SimpleUploadedFile("qd.html", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        team_update(actor=commune_officer, team=team, data={"decision_scan": page})
    scan = SimpleUploadedFile("quyet-dinh.html", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n")
    team_update(
        actor=commune_officer,
        team=team,
        data={"decision_scan": scan, "decision_number": " 125/QĐ "},
    )
    team.refresh_from_db()
    assert team.decision_number == "125/QĐ"
    assert team.decision_scan.name.startswith("teams/decisions/")
    assert team.decision_scan.name.endswith(".pdf")
