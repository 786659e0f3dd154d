"""Hostile and large workbooks through the lot import page."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from banso.common.imports import IN_REQUEST_ROWS
from banso.common.tests import hostile
from banso.jobs.models import ProgressStatus, TaskProgress
from banso.trace.models import Lot

HEADER = ("GTIN", "Mã lô", "Ngày thu hoạch", "Mã xã", "Thôn", "Số lượng", "Đơn vị", "Hộ")
URL = "/trace/lots/import/"


def test_the_url_is_the_import_page():
    assert reverse("trace:lot-import") == URL


@pytest.mark.parametrize(("name", "message"), hostile.REFUSED_IN_VIETNAMESE)
def test_hostile_workbooks_are_refused_in_the_persons_language(
    client, coop_member, lot, name, message
):
    data = hostile.by_name(name)
    client.force_login(coop_member)
    started = time.perf_counter()
    response = client.post(URL, {"file": hostile.upload(data)}, headers={"accept-language": "vi"})
    print(f"{name}: {len(data):,} bytes refused in {time.perf_counter() - started:.3f} s")
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [message]
    assert message in response.content.decode()
    assert list(Lot.objects.values_list("pk", flat=True)) == [lot.pk]
    assert not TaskProgress.objects.exists()


def _lots(product, count: int, *, bad_from: int | None = None) -> bytes:
    rows: list[tuple[object, ...]] = [HEADER]
    for number in range(1, count + 1):
        gtin = "00000000000000" if bad_from and number >= bad_from else product.gtin
        rows.append((gtin, f"MK-{number:05d}", "20/11/2025", "02761", "", 10, "kg", ""))
    return hostile.xlsx_bytes(hostile.sheet_of_rows(rows))


@pytest.fixture
def member_client(coop_member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client(headers={"accept-language": "en"})
    client.force_login(coop_member)
    return client


def test_more_lots_than_a_request_carries_are_imported_by_the_worker(
    member_client, product, run_worker
):
    count = IN_REQUEST_ROWS + 1
    with translation.override("en"):  # the import page's English address
        url = reverse("trace:lot-import")
    response = member_client.post(url, {"file": hostile.upload(_lots(product, count))})
    progress = TaskProgress.objects.get()
    assert response["Location"] == reverse("jobs:progress-detail", args=[progress.pk])
    assert not Lot.objects.exists()
    started = time.perf_counter()
    run_worker()
    print(f"{count} lots imported by the worker in {time.perf_counter() - started:.1f} s")
    progress.refresh_from_db()
    assert (progress.status, progress.message) == (
        ProgressStatus.DONE,
        f"{count} lots were imported.",
    )
    assert progress.result_url == reverse("trace:product-list")
    assert Lot.objects.filter(product=product).count() == count


def test_a_large_lot_import_with_bad_rows_writes_nothing_and_keeps_them(
    member_client, product, run_worker
):
    with translation.override("en"):  # the import page's English address
        url = reverse("trace:lot-import")
    response = member_client.post(
        url, {"file": hostile.upload(_lots(product, 1500, bad_from=1400))}
    )
    assert response.status_code == 302
    run_worker()
    progress = TaskProgress.objects.get()
    assert progress.status == ProgressStatus.FAILED
    assert progress.row_error_count == 101
    assert [error["row"] for error in progress.row_errors][:2] == [1401, 1402]
    assert progress.row_errors[0]["column"] == "Product GTIN"
    assert not Lot.objects.exists()
    body = member_client.get(response["Location"]).content.decode()
    assert "<td>1401</td><td>Product GTIN</td>" in body
