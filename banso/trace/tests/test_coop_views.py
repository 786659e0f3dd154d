"""The co-operative pages end to end: anonymous → sign in; another co-operative → 404 and
nothing changed; the co-operative's member → works."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone, translation

from banso.lingo.selectors import Translated, translated
from banso.orgs.tests.factories import png_upload
from banso.trace.models import EventEvidence, Lot, Product, TraceEvent
from banso.trace.services import steps


def _snapshot():
    return (
        [model_to_dict(p, exclude=["certificates"]) for p in Product.objects.order_by("pk")],
        [model_to_dict(lot) for lot in Lot.objects.order_by("pk")],
        TraceEvent.objects.count(),
    )


def _product_data(**changes):
    data = {
        "name": "Quýt Mường Khương loại 1",
        "name_en": "Muong Khuong tangerine",
        "category": "fruit",
        "unit": "box",
        "net_content": "5",
        "net_content_unit": "kg",
        "gtin": "",
        "description": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def _lot_data(lot, **changes):
    data = {
        "code": "MK2025-12",
        "harvest_date": "2025-12-01",
        "harvest_unit": lot.harvest_unit_id,
        "harvest_village": "",
        "quantity": "900",
        "quantity_unit": "kg",
        "latitude": "",
        "longitude": "",
        "producer_households": "",
        "notes": "",
    }
    data.update(changes)
    return data


def _step_data(lot, **changes):
    data = {
        "time": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "unit": lot.harvest_unit_id,
        "village": "",
        "note": "",
    }
    data.update(changes)
    return data


def _writes(product, lot):
    """Every write page with a POST that would change something."""
    return [
        (reverse("trace:product-create", args=[product.organisation.slug]), _product_data()),
        (reverse("trace:product-update", args=[product.pk]), _product_data(name="Đổi tên")),
        (reverse("trace:product-photo-add", args=[product.pk]), {"image": png_upload()}),
        (reverse("trace:lot-create", args=[product.pk]), _lot_data(lot)),
        (reverse("trace:lot-update", args=[lot.pk]), _lot_data(lot, quantity="1")),
        (reverse("trace:lot-step", args=[lot.pk, "harvest"]), _step_data(lot)),
        (reverse("trace:lot-step", args=[lot.pk, "pack"]), _step_data(lot, packages="10")),
    ]


def _reads(product, lot):
    return [
        reverse("trace:product-detail", args=[product.pk]),
        reverse("trace:lot-detail", args=[lot.pk]),
        reverse("trace:lot-step", args=[lot.pk, "process"]),
    ]


def test_anonymous_is_sent_to_sign_in(client, product, lot):
    before = _snapshot()
    for url in [reverse("trace:product-list"), *_reads(product, lot)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    for url, data in _writes(product, lot):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))
    assert _snapshot() == before


@pytest.mark.parametrize("person", ["other_coop_member", "commune_officer"])
def test_others_get_404_and_change_nothing(client, request, product, lot, person):
    client.force_login(request.getfixturevalue(person))
    before = _snapshot()
    for url in _reads(product, lot):
        assert client.get(url).status_code == 404, url
    for url, data in _writes(product, lot):
        assert client.post(url, data).status_code == 404, url
    assert _snapshot() == before
    assert not EventEvidence.objects.exists()
    response = client.get(reverse("trace:product-list"))
    assert product.name not in response.content.decode()


def test_member_lists_their_products_in_few_queries(
    client, coop_member, product, lot, django_assert_max_num_queries
):
    client.force_login(coop_member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("trace:product-list"))
    assert response.status_code == 200
    assert [p.pk for p in response.context["products"]] == [product.pk]
    assert response.context["products"][0].lot_count == 1


def test_member_creates_a_product_with_a_generated_gtin_and_photo(client, coop_member, coop):
    client.force_login(coop_member)
    url = reverse("trace:product-create", args=[coop.slug])
    page = client.get(url).content.decode()
    assert 'accept="image/*"' in page and 'capture="environment"' in page
    response = client.post(url, _product_data(photo=png_upload("qua.png")))
    assert response.status_code == 302
    product = Product.objects.get()
    assert product.gtin == "00209890000019"
    assert translated(product, "name", language="en") == Translated(
        text="Muong Khuong tangerine", language="en", status="reviewed"
    )
    assert product.photos.count() == 1


def test_member_sees_a_wrong_check_digit_on_the_form(client, coop_member, coop):
    client.force_login(coop_member)
    url = reverse("trace:product-create", args=[coop.slug])
    response = client.post(url, _product_data(gtin="8934567000016"))
    assert response.status_code == 200
    assert "gtin" in response.context["form"].errors
    assert not Product.objects.exists()


def test_member_edits_product_and_lot(client, coop_member, product, lot):
    client.force_login(coop_member)
    response = client.post(
        reverse("trace:product-update", args=[product.pk]), _product_data(name="Quýt ngọt")
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.gtin) == ("Quýt ngọt", "00209890000019")
    response = client.post(
        reverse("trace:lot-update", args=[lot.pk]), _lot_data(lot, code=lot.code, quantity="1000")
    )
    assert response.status_code == 302
    lot.refresh_from_db()
    assert lot.quantity == 1000


def test_member_creates_a_lot_and_sees_code_errors(client, coop_member, product, lot):
    client.force_login(coop_member)
    url = reverse("trace:lot-create", args=[product.pk])
    response = client.post(url, _lot_data(lot, code="lô 1"))
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    response = client.post(url, _lot_data(lot, code=lot.code))
    assert "code" in response.context["form"].errors
    response = client.post(url, _lot_data(lot))
    assert response.status_code == 302
    assert Lot.objects.filter(code="MK2025-12").exists()


def test_lot_page_has_the_step_buttons(client, coop_member, lot):
    client.force_login(coop_member)
    response = client.get(reverse("trace:lot-detail", args=[lot.pk]))
    page = response.content.decode()
    for kind in ("harvest", "process", "pack", "check", "ship", "receive", "correct"):
        assert reverse("trace:lot-step", args=[lot.pk, kind]) in page
    with translation.override("vi"):
        assert f'data-step="harvest">{translation.gettext("Harvest")}</a>' in page
    assert f"/01/{lot.product.gtin}/10/{lot.code}" in page


def test_step_form_is_prefilled(client, coop_member, lot):
    client.force_login(coop_member)
    response = client.get(reverse("trace:lot-step", args=[lot.pk, "harvest"]))
    form = response.context["form"]
    assert form.initial["unit"] == lot.harvest_unit_id
    assert abs(timezone.now() - form.initial["time"]) < datetime.timedelta(minutes=2)
    page = response.content.decode()
    assert 'type="datetime-local"' in page
    assert 'capture="environment"' in page


def test_member_records_each_step(client, coop_member, lot):
    client.force_login(coop_member)
    posts = [
        ("harvest", {"quantity": "1200", "photo": png_upload()}),
        ("process", {"input_quantity": "1200", "output_quantity": "1150", "output_unit": "kg"}),
        ("pack", {"packages": "230"}),
        ("check", {"result": "conformant"}),
        ("ship", {}),
        ("receive", {}),
    ]
    for kind, data in posts:
        response = client.post(
            reverse("trace:lot-step", args=[lot.pk, kind]), _step_data(lot, **data)
        )
        assert response.status_code == 302, (
            kind,
            response.context and response.context["form"].errors,
        )
    kinds = [(e.event_type, e.biz_step) for e in TraceEvent.objects.filter(lot=lot).order_by("pk")]
    assert kinds == [
        ("ObjectEvent", "commissioning"),
        ("TransformationEvent", "commissioning"),
        ("ObjectEvent", "packing"),
        ("ObjectEvent", "inspecting"),
        ("ObjectEvent", "shipping"),
        ("ObjectEvent", "receiving"),
    ]
    assert EventEvidence.objects.count() == 1
    page = client.get(reverse("trace:lot-detail", args=[lot.pk])).content.decode()
    assert page.count("<li data-step=") == 6


def test_member_corrects_a_step(client, coop_member, lot):
    wrong = steps.step_pack(actor=coop_member, lot=lot, packages=23)
    before = TraceEvent.objects.filter(pk=wrong.pk).values().get()
    client.force_login(coop_member)
    url = reverse("trace:lot-step", args=[lot.pk, "correct"])
    response = client.post(url, {"wrong": wrong.pk, "quantity": "230", "time": "", "unit": ""})
    assert response.status_code == 302
    assert TraceEvent.objects.filter(pk=wrong.pk).values().get() == before
    assert TraceEvent.objects.filter(is_error_declaration=True, event_id=wrong.event_id).exists()
    corrective = TraceEvent.objects.order_by("-pk").first()
    assert corrective.document["quantityList"][0]["quantity"] == 230


def test_unknown_step_is_404(client, coop_member, lot):
    client.force_login(coop_member)
    assert client.get(reverse("trace:lot-step", args=[lot.pk, "sell"])).status_code == 404


def test_account_page_links_members_to_their_products(client, coop_member, make_user):
    client.force_login(coop_member)
    assert reverse("trace:product-list") in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(make_user("Không có hợp tác xã"))
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("trace:product-list") not in page


def test_check_step_calls_a_failed_inspection_not_passed(client, coop_member, lot):
    client.force_login(coop_member)
    page = client.get(reverse("trace:lot-step", args=[lot.pk, "check"])).content.decode()
    assert "Không đạt" in page
    assert "Thất bại" not in page
