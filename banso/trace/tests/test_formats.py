"""Quantities, dates and words of the trace pages, forms and admin in each language.

A lot of 50 pieces is "50" (never "50.000", fifty thousand to a Vietnamese reader), 1200 kg is
"1.200" in Vietnamese and "1,200" in English and Chinese, a date is 20/11/2025, 20 Nov 2025 or
2025年11月20日; a handicraft's first step is its making, not a harvest; a place line never has
a space before its comma.
"""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from banso.common.tests.admin_forms import admin_form_data
from banso.places.models import AdministrativeUnit
from banso.trace.models import Lot
from banso.trace.services import steps
from banso.trace.tests.makers import lot_make, product_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def scarves(coop, muong_khuong):
    product = product_make(coop, name="Khăn thổ cẩm", item=4, category="handicraft", unit="piece")
    lot = lot_make(product, muong_khuong, code="MH2025-10")
    Lot.objects.filter(pk=lot.pk).update(quantity=Decimal("50.000"), quantity_unit="piece")
    lot.refresh_from_db()
    return lot


def _input_value(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag is not None, name
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def _dd(html: str, label_id: str) -> str:
    found = re.search(rf'<dd id="{label_id}">(.*?)</dd>', html, re.S)
    assert found is not None, label_id
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_the_harvest_form_prefills_fifty_as_fifty(client, coop_member, scarves):
    client.force_login(coop_member)
    html = client.get(reverse("trace:lot-step", args=[scarves.pk, "harvest"])).content.decode()
    assert scarves.quantity == Decimal("50.000")
    assert _input_value(html, "quantity") == "50"
    assert 'inputmode="decimal"' in html


def test_the_process_and_lot_forms_prefill_without_trailing_zeros(client, coop_member, lot):
    Lot.objects.filter(pk=lot.pk).update(quantity=Decimal("12.500"))
    client.force_login(coop_member)
    html = client.get(reverse("trace:lot-update", args=[lot.pk])).content.decode()
    assert _input_value(html, "quantity") == "12,5"
    with translation.override("en"):
        english = client.get(reverse("trace:lot-update", args=[lot.pk])).content.decode()
    assert _input_value(english, "quantity") in {"12,5", "12.5"}  # the page's language


def test_a_vietnamese_decimal_comma_is_read(client, coop_member, lot):
    client.force_login(coop_member)
    response = client.post(
        reverse("trace:lot-step", args=[lot.pk, "harvest"]),
        {"time": "2025-11-20T07:30", "quantity": "1.150,5", "unit": lot.harvest_unit_id},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = lot.events.get()
    quantities = event.document["quantityList"]
    assert quantities[0]["quantity"] == 1150.5


def test_the_admin_shows_1200_not_1200_000(client, superuser, lot):
    client.force_login(superuser)
    url = reverse("admin:trace_lot_change", args=[lot.pk])
    html = client.get(url).content.decode()
    assert "1200,000" not in html and "1200.000" not in html
    assert _input_value(html, "quantity") == "1200"
    listing = client.get(reverse("admin:trace_lot_changelist")).content.decode()
    assert "1200,000" not in listing and "1.200" in listing
    # Saved back unchanged, the quantity stays 1200 (not 1.2 nor 1 200 000).
    response = client.post(url, admin_form_data(client.get(url)), follow=True)
    assert response.status_code == 200
    lot.refresh_from_db()
    assert lot.quantity == 1200


@pytest.mark.parametrize(
    ("language", "quantity", "day", "date_label"),
    [
        ("vi", "1.200 kg", "20/11/2025", "Ngày thu hoạch"),
        ("en", "1,200 kg", "20 Nov 2025", "Harvest date"),
        ("zh-hans", "1,200", "2025年11月20日", None),
    ],
)
def test_the_trace_page_writes_numbers_and_dates_per_language(
    client, lot, language, quantity, day, date_label
):
    html = client.get(f"/t/{lot.product.gtin}/{lot.code}/", HTTP_ACCEPT_LANGUAGE=language)
    html = html.content.decode()
    assert _dd(html, "quantity").startswith(quantity)
    assert _dd(html, "harvest-date") == day
    assert "20-11-2025" not in html and "1200 kg" not in html
    if date_label:
        assert f"<dt>{date_label}</dt>" in html


@pytest.mark.parametrize(
    ("language", "date_label", "step", "harvest_words"),
    [
        ("vi", "Ngày hoàn thành", "Làm ra sản phẩm", ["Ngày thu hoạch", "Thu hoạch"]),
        ("en", "Date made", "Making", ["Harvest date", ">Harvest<"]),
        ("zh-hans", "完成日期", "制作", ["收获日期"]),
    ],
)
def test_a_handicraft_is_made_not_harvested(
    client, coop_member, scarves, language, date_label, step, harvest_words
):
    steps.step_harvest(actor=coop_member, lot=scarves, time=None, note="")
    html = client.get(
        f"/t/{scarves.product.gtin}/{scarves.code}/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert f"<dt>{date_label}</dt>" in html
    assert re.search(rf"<h3>{step}</h3>", html)
    for word in harvest_words:
        assert word not in html


def test_the_coop_pages_of_a_handicraft_speak_of_making(client, coop_member, scarves):
    client.force_login(coop_member)
    detail = client.get(reverse("trace:lot-detail", args=[scarves.pk])).content.decode()
    assert "Ngày hoàn thành" in detail and "Nơi làm ra" in detail
    assert "Ngày thu hoạch" not in detail and "Thu hoạch" not in detail
    form = client.get(reverse("trace:lot-step", args=[scarves.pk, "harvest"])).content.decode()
    assert "Số lượng làm ra" in form and "Sản lượng thu hoạch" not in form
    with translation.override("en"):  # the English address, and back to Vietnamese after
        english = client.get(reverse("trace:lot-step", args=[scarves.pk, "harvest"]))
    english = english.content.decode()
    assert "Quantity made" in english
    lot_form = client.get(reverse("trace:lot-update", args=[scarves.pk])).content.decode()
    assert "Ngày hoàn thành" in lot_form and "Số lượng làm ra" in lot_form
    assert "thu hoạch" not in lot_form.lower()


def test_a_place_line_never_has_a_space_before_its_comma(client, lot, bac_ha):
    # A commune name as an import may bring it, with a space at its end.
    AdministrativeUnit.objects.filter(pk=lot.harvest_unit_id).update(name="Xã Mường Khương ")
    html = client.get(f"/t/{lot.product.gtin}/{lot.code}/").content.decode()
    assert _dd(html, "origin") == "Xã Mường Khương, Tỉnh Lào Cai"
    assert " ," not in re.sub(r"<[^>]+>", "", html)
