"""Hostile and large workbooks through the listing import page."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from banso.common.imports import IN_REQUEST_ROWS
from banso.common.tests import hostile
from banso.jobs.models import ProgressStatus, TaskProgress
from banso.market.imports import MAX_ROWS
from banso.market.models import Listing, ListingVariant

URL = "/market/manage/listings/import/"
HEADER = ("GTIN", "Tên", "Loại", "Quy cách", "Giá", "Tồn kho", "g", "Số", "Mã")


@pytest.mark.parametrize(("name", "message"), hostile.REFUSED_IN_VIETNAMESE)
def test_hostile_workbooks_are_refused_in_the_persons_language(
    client, shop, product, coop_member, name, message
):
    data = hostile.by_name(name)
    client.force_login(coop_member)
    started = time.perf_counter()
    with translation.override("vi"):  # the page's Vietnamese address
        url = reverse("market:manage-listing-import")
    response = client.post(f"{url}?shop={shop.slug}", {"file": hostile.upload(data)})
    print(f"{name}: {len(data):,} bytes refused in {time.perf_counter() - started:.3f} s")
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [message]
    assert message in response.content.decode()
    assert not Listing.objects.exists()
    assert not TaskProgress.objects.exists()


def test_the_cap_is_above_what_a_request_carries():
    assert MAX_ROWS > IN_REQUEST_ROWS


def test_a_large_catalogue_is_imported_by_the_worker(
    shop, product, coop_member, settings, tmp_path, run_worker
):
    settings.MEDIA_ROOT = tmp_path
    count = IN_REQUEST_ROWS + 1
    rows: list[tuple[object, ...]] = [HEADER]
    rows += [(product.gtin, "Quýt", "fruit", f"Gói {n}", 1000 + n, 1) for n in range(count)]
    client = Client(headers={"accept-language": "en"})
    client.force_login(coop_member)
    response = client.post(
        f"{URL}?shop={shop.slug}",
        {"file": hostile.upload(hostile.xlsx_bytes(hostile.sheet_of_rows(rows)))},
    )
    progress = TaskProgress.objects.get()
    assert response["Location"] == f"/jobs/{progress.pk}/"
    started = time.perf_counter()
    run_worker()
    print(f"{count} variants imported by the worker in {time.perf_counter() - started:.1f} s")
    progress.refresh_from_db()
    assert (progress.status, progress.message) == (
        ProgressStatus.DONE,
        "1 products were imported as drafts.",
    )
    assert ListingVariant.objects.filter(listing__shop=shop).count() == count
