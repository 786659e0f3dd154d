"""The traceability demo: products, lots and whole journeys, recorded through the steps."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from banso.trace.models import EventEpc, EventEvidence, Lot, Product, TraceEvent

COUNTED = [Product, Lot, TraceEvent, EventEpc, EventEvidence]


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def seeded(demo):
    return demo.output


def test_demo_has_products_lots_and_journeys(seeded):
    assert Product.objects.count() == 6
    assert set(Product.objects.values_list("organisation__name", flat=True)) == {
        "Hợp tác xã Quýt Mường Khương",
        "Hợp tác xã Mận Tam Hoa và Chè Shan Tuyết Bắc Hà",
        "Hợp tác xã Mường Hoa",
        "Hợp tác xã nông nghiệp Hoa Đào",
    }
    tangerines = Lot.objects.get(code="MK2025-11A")
    journey = list(TraceEvent.objects.filter(lot=tangerines).order_by("event_time"))
    assert [(e.event_type, e.biz_step) for e in journey] == [
        ("ObjectEvent", "commissioning"),
        ("TransformationEvent", "commissioning"),
        ("ObjectEvent", "packing"),
        ("ObjectEvent", "inspecting"),
        ("ObjectEvent", "shipping"),
    ]
    assert journey[0].recorded_by.full_name == "Tẩn Văn Sử"
    dried = Lot.objects.get(code="BH2025-04K")
    assert dried.product.name == "Chè shan tuyết Bắc Hà"
    assert (
        TraceEvent.objects.get(lot=dried, event_type="TransformationEvent")
        .epcs.filter(lot__code="BH2025-04C")
        .exists()
    )


def test_seed_prints_trace_page_urls(seeded):
    urls = [line.strip() for line in seeded.splitlines() if "/01/" in line and "/21/" not in line]
    assert len(urls) == 5
    tea = Lot.objects.get(code="BH2025-04K")
    assert f"{settings.SITE_URL}/01/{tea.product.gtin}/10/BH2025-04K" in urls


def test_seeding_twice_adds_nothing(seeded):
    first = _counts()
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert _counts() == first
    assert output.getvalue() == seeded


def test_the_demo_tea_lot_does_not_show_the_plum_certificate(seeded, client):
    tea = Lot.objects.get(code="BH2025-04K")
    html = client.get(f"/t/{tea.product.gtin}/{tea.code}/").content.decode()
    assert "OCOP-LC-2024-052" in html  # the tea's own OCOP
    assert "Mận tam hoa Bắc Hà" not in html.split('id="certificates"')[1].split("</ul>")[0]
    assert "VietGAP-TT-22-1120" not in html
    plum = Product.objects.get(name="Mận tam hoa Bắc Hà")
    assert list(plum.certificates.values_list("number", flat=True)) == ["VietGAP-TT-22-1120"]
