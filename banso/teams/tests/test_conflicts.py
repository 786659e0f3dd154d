"""Conflicting copies shown, not lost: a record and the copy a phone sent under its identifier
with other content, side by side; settled by the team or an officer over it (keep the
server's, take the phone's, keep both), once, in one transaction, nothing lost; refused to
anyone else with nothing changed."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from banso.teams.models import ConflictResolution, HelpConflict, HelpRecord, TeamPosition
from banso.teams.reports import team_report_cached
from banso.teams.services.help import help_conflict_resolve, help_record_content, help_sync
from banso.teams.tests.makers import help_data, member_make, team_make

pytestmark = pytest.mark.django_db

KEPT_SERVER, TOOK_PHONE, KEPT_BOTH = ConflictResolution.values


@pytest.fixture
def record_and_conflict(leader, member_user, households):
    """Mai's phone recorded a VNeID visit to household MT-001, then sent the same visit again
    with other content (a cashless-payment account, needing a follow-up, another note)."""
    first = help_data(
        leader, household_code="MT-001", person_name="", note="Đã cài VNeID", helped_on=_DAY
    )
    (created,) = help_sync(actor=member_user, records=[first])
    other = dataclasses.replace(
        first, kinds=("cashless-payment",), outcome="follow_up", note="Hẹn mở tài khoản"
    )
    (answer,) = help_sync(actor=member_user, records=[other])
    assert answer.status == "conflict"
    return created.record, HelpConflict.objects.get()


_DAY = datetime.date(2025, 3, 8)


def test_keeping_the_servers_record_changes_nothing_but_the_conflict(
    record_and_conflict, member_user
):
    record, conflict = record_and_conflict
    before = help_record_content(record)
    settled = help_conflict_resolve(actor=member_user, conflict=conflict, resolution=KEPT_SERVER)
    assert (settled.resolution, settled.resolved_by) == (KEPT_SERVER, member_user)
    assert settled.resolved_at is not None and not settled.is_open
    record.refresh_from_db()
    assert help_record_content(record) == before
    assert HelpRecord.objects.count() == 1
    with pytest.raises(ValidationError) as twice:
        help_conflict_resolve(actor=member_user, conflict=conflict, resolution=TOOK_PHONE)
    assert "đã được xử lý" in str(twice.value)
    record.refresh_from_db()
    assert help_record_content(record) == before  # the second choice wrote nothing


def test_taking_the_phones_copy_rewrites_the_record_and_keeps_what_it_had(
    record_and_conflict, commune_officer, member_user, leader
):
    record, conflict = record_and_conflict
    before = help_record_content(record)
    report = team_report_cached(year=_DAY.year, team=leader.team)
    assert report.follow_ups_open == 0
    settled = help_conflict_resolve(actor=commune_officer, conflict=conflict, resolution=TOOK_PHONE)
    record.refresh_from_db()
    assert help_record_content(record) == conflict.content
    assert (record.outcome, record.note) == ("follow_up", "Hẹn mở tài khoản")
    assert record.fingerprint == conflict.fingerprint
    assert settled.replaced_content == before  # nothing lost
    assert HelpRecord.objects.count() == 1
    # The report kept in the cache is forgotten: the record now needs a follow-up.
    assert team_report_cached(year=_DAY.year, team=leader.team).follow_ups_open == 1
    # The phone sending its copy again is now told it is recorded.
    copy = help_data(
        leader,
        client_id=record.client_id,
        household_code="MT-001",
        person_name="",
        kinds=("cashless-payment",),
        outcome="follow_up",
        note="Hẹn mở tài khoản",
        helped_on=_DAY,
    )
    (answer,) = help_sync(actor=member_user, records=[copy])
    assert answer.status == "already_recorded"


def test_keeping_both_makes_the_copy_a_visit_of_its_own(record_and_conflict, member_user, leader):
    record, conflict = record_and_conflict
    settled = help_conflict_resolve(actor=member_user, conflict=conflict, resolution=KEPT_BOTH)
    assert HelpRecord.objects.count() == 2
    kept = settled.kept_as
    assert kept is not None and kept.client_id != record.client_id
    assert help_record_content(kept) == conflict.content
    assert kept.team == record.team and kept.recorded_by == member_user
    assert sorted(HelpRecord.objects.values_list("outcome", flat=True)) == ["done", "follow_up"]


def test_a_copy_the_checks_refuse_leaves_the_conflict_open(leader, member_user):
    (created,) = help_sync(actor=member_user, records=[help_data(leader, helped_on=_DAY)])
    early = help_data(
        leader, client_id=created.client_id, helped_on=datetime.date(2020, 1, 1), note="Sớm"
    )
    help_sync(actor=member_user, records=[early])
    conflict = HelpConflict.objects.get()
    with pytest.raises(ValidationError) as refused:
        help_conflict_resolve(actor=member_user, conflict=conflict, resolution=KEPT_BOTH)
    assert "Vào ngày đó tổ chưa được thành lập" in str(refused.value)
    conflict.refresh_from_db()
    assert conflict.is_open and conflict.resolved_by is None
    assert HelpRecord.objects.count() == 1
    # Keeping the server's record is still open to choose.
    help_conflict_resolve(actor=member_user, conflict=conflict, resolution=KEPT_SERVER)


def test_only_the_team_and_its_officers_settle(
    record_and_conflict, other_commune_officer, other_leader, commune_officer, team, leader
):
    record, conflict = record_and_conflict
    from banso.teams.services.register import member_leave

    for person in (other_commune_officer, other_leader.user):
        with pytest.raises(PermissionDenied):
            help_conflict_resolve(actor=person, conflict=conflict, resolution=TOOK_PHONE)
    member_leave(actor=commune_officer, member=leader, on=datetime.date(2025, 6, 1))
    from banso.accounts.models import User

    left = User.objects.get(pk=leader.user_id)  # a fresh request
    with pytest.raises(PermissionDenied):
        help_conflict_resolve(actor=left, conflict=conflict, resolution=TOOK_PHONE)
    with pytest.raises(ValidationError):
        help_conflict_resolve(actor=commune_officer, conflict=conflict, resolution="neither")
    conflict.refresh_from_db()
    assert conflict.is_open
    record.refresh_from_db()
    assert record.note == "Đã cài VNeID"


# Pages ----------------------------------------------------------------------------------------


def _signed_in(client, person):
    if person is None:
        client.logout()
    else:
        client.force_login(person)
    return client


def test_the_team_page_counts_and_links_the_conflicts_shown_side_by_side(
    client, record_and_conflict, member_user, team, commune_officer
):
    _record, conflict = record_and_conflict
    _signed_in(client, member_user)
    detail = client.get(reverse("teams:team-detail", args=[team.pk])).content.decode()
    url = reverse("teams:team-conflicts", args=[team.pk])
    assert 'id="conflicts-link"' in detail and url in detail
    assert "1 bản ghi trùng mã cần xử lý" in detail
    page = client.get(url).content.decode()
    section = page[page.index(f'id="conflict-{conflict.pk}"') :]
    assert "Máy chủ đang có" in section and "Điện thoại đã gửi" in section
    assert "Đã cài VNeID" in section and "Hẹn mở tài khoản" in section
    assert "Tài khoản VNeID và định danh điện tử mức độ 2" in section  # the kinds by name
    assert "MT-001 · Thào Seo Lử" in section and "08/03/2025" in section
    assert "<strong>Cần hỗ trợ tiếp</strong>" in section  # what differs stands out
    response = client.post(
        reverse("teams:conflict-settle", args=[conflict.pk]),
        {"resolution": KEPT_BOTH, "back": "team"},
    )
    assert response["Location"] == url
    assert HelpRecord.objects.count() == 2
    after = client.get(url).content.decode()
    assert 'id="none-open"' in after and "Giữ cả hai" in after
    detail = client.get(reverse("teams:team-detail", args=[team.pk])).content.decode()
    assert 'id="conflicts-link"' not in detail
    # Settled twice: said, and nothing more written.
    again = client.post(
        reverse("teams:conflict-settle", args=[conflict.pk]), {"resolution": KEPT_BOTH}
    )
    assert again.status_code == 302 and HelpRecord.objects.count() == 2


def test_the_officer_reads_the_communes_conflicts_at_a_fixed_cost(
    client,
    commune_officer,
    sang_chai,
    record_and_conflict,
    team,
    make_user,
    django_assert_max_num_queries,
):
    _signed_in(client, commune_officer)
    with django_assert_max_num_queries(20) as one:
        assert (
            'class="card conflict"' in client.get(reverse("teams:conflict-list")).content.decode()
        )
    queries = len(one)
    other = team_make(commune_officer, sang_chai, number="7/QĐ-UBND")
    user = make_user("Lù Thị Sang")
    sang = member_make(commune_officer, other, "Lù Thị Sang", user=user, position="leader")
    for number in range(5):
        data = help_data(sang, helped_on=_DAY, person_name=f"Người {number}")
        help_sync(actor=user, records=[data])
        help_sync(actor=user, records=[dataclasses.replace(data, note=f"Sửa {number}")])
    listing = client.get(reverse("teams:team-list")).content.decode()
    assert "6 bản ghi trùng mã cần xử lý" in listing
    with django_assert_max_num_queries(queries):
        page = client.get(reverse("teams:conflict-list")).content.decode()
    assert page.count('class="card conflict"') == 6
    assert "Thôn Sảng Chải" in page and "Thôn Mã Tuyển" in page


WHO = {
    "anonymous": (None, "login"),
    "other village's member": ("sang_chai_user", 404),
    "other commune's officer": ("other_commune_officer", 404),
    "other commune's member": ("other_leader_user", 404),
}


@pytest.fixture
def sang_chai_user(commune_officer, sang_chai, make_user):
    other = team_make(commune_officer, sang_chai, number="7/QĐ-UBND")
    user = make_user("Lù Thị Sang")
    member_make(commune_officer, other, "Lù Thị Sang", user=user, position=TeamPosition.LEADER)
    return user


@pytest.fixture
def other_leader_user(other_leader):
    return other_leader.user


@pytest.mark.parametrize("who", list(WHO))
def test_the_conflicts_are_refused_to_others_with_nothing_changed(
    request, client, who, record_and_conflict, team
):
    record, conflict = record_and_conflict
    name, expected = WHO[who]
    _signed_in(client, request.getfixturevalue(name) if name else None)
    page = client.get(reverse("teams:team-conflicts", args=[team.pk]))
    settle = client.post(
        reverse("teams:conflict-settle", args=[conflict.pk]), {"resolution": TOOK_PHONE}
    )
    for response in (page, settle):
        if expected == "login":
            assert response.status_code == 302 and "/accounts/" in response["Location"]
        else:
            assert response.status_code == expected
    if name:
        area = client.get(reverse("teams:conflict-list")).content.decode()
        assert f'id="conflict-{conflict.pk}"' not in area and "Hẹn mở tài khoản" not in area
    conflict.refresh_from_db()
    assert conflict.is_open
    record.refresh_from_db()
    assert record.note == "Đã cài VNeID"


def test_the_pages_in_english_and_chinese(client, record_and_conflict, commune_officer, team):
    _signed_in(client, commune_officer)
    url = reverse("teams:team-conflicts", args=[team.pk])
    requests_url = reverse("teams:help-request-list")
    dissolve_url = reverse("teams:team-dissolve", args=[team.pk])
    for prefix, title, kept in (
        ("/en", "Conflicting copies to settle", "Keep both"),
        ("/zh-hans", "待处理的冲突记录", "两者都保留"),
    ):
        page = client.get(prefix + url).content.decode()
        assert title in page and kept in page
    assert "求助请求" in client.get("/zh-hans" + requests_url).content.decode()
    dissolve = client.get("/zh-hans" + dissolve_url)
    assert "解散小组" in dissolve.content.decode()
