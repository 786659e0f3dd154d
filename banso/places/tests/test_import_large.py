"""Hostile and province-sized workbooks through the village import page.

Hostile files are refused within the request, before any transaction, with a message in the
person's language; while one is being read, other people still sign in. A workbook of 20,000
villages is imported by the task worker with a progress bar, and the errors of a large import
that fails are kept and shown on its progress page.
"""

import datetime
import threading
import time

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banso.common.imports import IN_REQUEST_ROWS, KEPT_ERRORS
from banso.common.tests import hostile
from banso.common.tests.databases import file_database
from banso.conftest import PASSWORD
from banso.jobs.imports import import_run
from banso.jobs.models import ProgressStatus, TaskProgress
from banso.places.models import Village

MUONG_KHUONG = "02761"
HEADER = ("Mã xã", "Tên thôn", "Loại", "Vĩ độ", "Kinh độ")
URL = "/places/villages/import/"


def test_the_url_is_the_import_page():
    assert reverse("places:village-import") == URL


@pytest.mark.parametrize(("name", "message"), hostile.REFUSED_IN_VIETNAMESE)
def test_hostile_workbooks_are_refused_in_the_persons_language(
    client, commune_officer, village, name, message
):
    data = hostile.by_name(name)
    client.force_login(commune_officer)
    before = list(Village.objects.values_list("pk", "name", "updated_at"))
    started = time.perf_counter()
    response = client.post(URL, {"file": hostile.upload(data)}, headers={"accept-language": "vi"})
    print(f"{name}: {len(data):,} bytes refused in {time.perf_counter() - started:.3f} s")
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [message]
    assert message in response.content.decode()
    assert list(Village.objects.values_list("pk", "name", "updated_at")) == before
    assert not TaskProgress.objects.exists()


def _villages_sheet(count: int, *, bad_every: int = 0) -> bytes:
    rows: list[tuple[object, ...]] = [HEADER]
    for number in range(1, count + 1):
        kind = "lâu đài" if bad_every and number % bad_every == 0 else "thôn"
        rows.append((MUONG_KHUONG, f"Thôn {number:05d}", kind, 22.6832, 104.1148))
    return hostile.xlsx_bytes(hostile.sheet_of_rows(rows))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def officer_client(commune_officer):
    client = Client(headers={"accept-language": "vi"})
    client.force_login(commune_officer)
    return client


def test_a_province_sized_workbook_is_imported_in_the_background(
    officer_client, commune_officer, muong_khuong, media, run_worker
):
    data = _villages_sheet(20_000)
    started = time.perf_counter()
    response = officer_client.post(URL, {"file": hostile.upload(data)})
    print(
        f"20,000 rows ({len(data):,} bytes) checked and queued in "
        f"{time.perf_counter() - started:.3f} s"
    )
    progress = TaskProgress.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:progress-detail", args=[progress.pk])
    assert (progress.owner, progress.status) == (commune_officer, ProgressStatus.QUEUED)
    assert not Village.objects.filter(commune=muong_khuong).exists()
    assert len(list((media / "imports").iterdir())) == 1  # the upload, kept for the worker

    started = time.perf_counter()
    run_worker()
    print(f"20,000 villages imported by the worker in {time.perf_counter() - started:.1f} s")

    progress.refresh_from_db()
    assert progress.status == ProgressStatus.DONE, progress.message
    assert progress.percent == 100
    assert progress.message == "Đã nhập: thêm mới 20000 thôn, bản; cập nhật 0 thôn, bản."
    assert progress.result_url == reverse("places:village-list")
    assert Village.objects.filter(commune=muong_khuong).count() == 20_000
    assert list((media / "imports").iterdir()) == []  # the stored upload is gone
    page = officer_client.get(reverse("jobs:progress-detail", args=[progress.pk]))
    assert "Đã nhập: thêm mới 20000 thôn, bản" in page.content.decode()

    # Run again (a worker killed after the commit, the task queued a second time): the
    # progress says done, so nothing is read or written twice.
    status = import_run(
        progress_id=progress.pk,
        importer="places.villages",
        path="imports/gone.xlsx",
        owner_id=commune_officer.pk,
        language="vi",
        options={},
    )
    assert status == ProgressStatus.DONE
    assert Village.objects.filter(commune=muong_khuong).count() == 20_000


def test_a_large_import_that_fails_keeps_its_row_errors_for_its_page(
    officer_client, muong_khuong, media, run_worker
):
    bad_every = 8  # 2,500 bad rows of 20,000
    officer_client.post(URL, {"file": hostile.upload(_villages_sheet(20_000, bad_every=bad_every))})
    progress = TaskProgress.objects.get()
    run_worker()

    progress.refresh_from_db()
    assert progress.status == ProgressStatus.FAILED
    assert progress.row_error_count == 2_500
    assert len(progress.row_errors) == KEPT_ERRORS
    assert progress.row_errors[0] == {
        "row": 1 + bad_every,
        "column": "Loại",
        "message": "Loại phải là thôn, bản hoặc tổ dân phố.",
    }
    assert progress.message == "Chưa nhập được gì: các dòng có 2500 lỗi."
    assert not Village.objects.filter(commune=muong_khuong).exists()
    assert list((media / "imports").iterdir()) == []

    body = officer_client.get(reverse("jobs:progress-detail", args=[progress.pk])).content.decode()
    table = body.split('id="import-errors"', 1)[1]
    assert table.count("<tr>") == KEPT_ERRORS + 1  # the header and the kept rows
    assert "<td>9</td><td>Loại</td><td>Loại phải là thôn, bản hoặc tổ dân phố.</td>" in table
    assert "Tổng cộng 2500 lỗi; dưới đây là những lỗi đầu tiên." in body
    partial = officer_client.get(
        reverse("jobs:progress-detail", args=[progress.pk]), {"partial": 1}
    )
    assert 'id="import-errors"' in partial.content.decode()


def test_a_workbook_at_the_threshold_is_imported_within_the_request(
    officer_client, muong_khuong, media
):
    response = officer_client.post(URL, {"file": hostile.upload(_villages_sheet(IN_REQUEST_ROWS))})
    assert response.status_code == 302
    assert response["Location"] == reverse("places:village-list")
    assert Village.objects.filter(commune=muong_khuong).count() == IN_REQUEST_ROWS
    assert not TaskProgress.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_people_sign_in_while_a_hostile_workbook_is_read(commune_officer, make_user, tmp_path):
    """No write lock is held while a workbook is checked. The upload is a sheet of a million
    cells piled on A1, which only the cell limit stops; while the server counts them, another
    person signs in (a write: the session and the last sign-in) on their own connection, on a
    file database where SQLite's write lock is the real one. On a site that takes the lock
    before reading the workbook, the sign-in waits until the upload is over."""
    data = hostile.dense_column(1_050_000)
    make_user("Người dân", phone="0981999999")
    start = threading.Barrier(2)
    upload_done = threading.Event()
    outcome: dict[str, object] = {}
    sign_ins: list[tuple[int, bool]] = []

    def upload() -> None:
        try:
            client = Client(headers={"accept-language": "vi"})
            client.force_login(commune_officer)
            start.wait()
            response = client.post(URL, {"file": hostile.upload(data)})
            outcome["upload"] = (response.status_code, response.context["form"].errors["file"])
        finally:
            upload_done.set()
            connections.close_all()

    def sign_in() -> None:
        try:
            start.wait()
            while not upload_done.is_set():
                client = Client()
                response = client.post(
                    reverse("accounts:login"), {"username": "0981999999", "password": PASSWORD}
                )
                finished_during_upload = not upload_done.is_set()
                sign_ins.append((response.status_code, finished_during_upload))
        finally:
            connections.close_all()

    with file_database(tmp_path):
        threads = [threading.Thread(target=upload), threading.Thread(target=sign_in)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.perf_counter() - started
    print(f"upload refused in {elapsed:.2f} s; {len(sign_ins)} sign-ins meanwhile")
    assert sign_ins, "no sign-in was tried"
    assert all(status == 302 for status, _ in sign_ins)
    # On a site that locks before reading, the one sign-in tried ends after the upload.
    assert any(during for _, during in sign_ins)
    assert outcome["upload"] == (
        400,
        ["Trang tính có hơn 1000050 ô; mỗi lần nhập chỉ đọc tối đa chừng ấy ô."],
    )


def test_an_import_whose_worker_was_killed_is_queued_again_and_runs_once(
    officer_client, muong_khuong, media, run_worker
):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from banso.jobs.resume import tasks_lost_resume
    from banso.jobs.services import progress_update

    count = IN_REQUEST_ROWS + 1
    officer_client.post(URL, {"file": hostile.upload(_villages_sheet(count))})
    progress = TaskProgress.objects.get()
    # A worker took the task, read a little and was killed: the task stays "running".
    stale_after = datetime.timedelta(minutes=10)
    DBTaskResult.objects.filter(pk=progress.task_result_id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - stale_after - datetime.timedelta(minutes=1),
        worker_ids=["killed-worker"],
    )
    progress_update(progress_id=progress.pk, percent=10, message="Đang kiểm tra các dòng")
    assert tasks_lost_resume(stale_after=datetime.timedelta(hours=1)) == []  # not stale yet

    assert tasks_lost_resume(stale_after=stale_after) == [progress.task_result_id]
    assert tasks_lost_resume(stale_after=stale_after) == []  # marked failed: queued once only
    progress.refresh_from_db()
    assert DBTaskResult.objects.get(pk=progress.task_result_id).status == TaskResultStatus.READY
    run_worker()

    progress.refresh_from_db()
    assert progress.status == ProgressStatus.DONE
    assert Village.objects.filter(commune=muong_khuong).count() == count
    assert list((media / "imports").iterdir()) == []
