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
