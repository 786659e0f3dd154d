"""The admin shows households read-only, scoped like every read; the export log to superusers."""

import pytest

from banso.households.models import ExportKind
from banso.households.services import export_log_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(make_user):
    return make_user("Quản trị", is_superuser=True, is_staff=True)


def test_superuser_reads_households_and_standards_but_adds_none(client, superuser, household):
    client.force_login(superuser)
    body = client.get("/admin/households/household/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert household.code in body
    assert "Mã hộ" in body
    assert client.get("/admin/households/household/add/").status_code == 403
    body = client.get("/admin/households/povertystandard/").content.decode()
    assert "Nghị định 07/2021/NĐ-CP" in body
    assert "Nghị định 351/2025/NĐ-CP" in body


def test_export_log_is_for_superusers_only(client, superuser, make_user, muong_khuong):
    export_log_record(
        actor=superuser,
        unit=muong_khuong,
        kind=ExportKind.HOUSEHOLDS,
        purpose="Đối chiếu danh sách",
        row_count=3,
    )
    client.force_login(superuser)
    assert "Đối chiếu danh sách" in client.get("/admin/households/exportlog/").content.decode()
    staff = make_user("Nhân viên", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/households/exportlog/").status_code == 403
    assert client.get("/admin/households/household/").status_code == 403


def test_telecom_enrolments_are_read_only_and_masked(client, superuser, household):
    import datetime

    from banso.households.services import assessment_record
    from banso.households.telecom_services import enrolment_create
    from banso.households.tests.conftest import answers_lacking

    assessment_record(
        actor=superuser,
        household=household,
        year=2023,
        answers=answers_lacking("telecom", "water", "sanitation"),
        income_per_capita_vnd=900_000,
    )
    enrolment_create(
        actor=superuser,
        household=household,
        kind="subscription",
        provider="viettel",
        started_on=datetime.date(2023, 2, 1),
        subscriber_number="0912 345 678",
    )
    client.force_login(superuser)
    url = "/admin/households/telecomenrolment/"
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert household.code in body
    assert "*******678" in body
    assert "912345678" not in body
    assert "Hình thức hỗ trợ" in body
    assert client.get(url + "add/").status_code == 403
