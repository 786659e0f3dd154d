"""A product's pages show only the certificates that cover it: those the product names."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from banso.orgs.services import certificate_add
from banso.trace.services import steps
from banso.trace.tests.makers import product_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _certificate(actor, organisation, *, kind: str, number: str, title: str):
    extra: dict = {"ocop_stars": 4, "ocop_year": 2024} if kind == "ocop" else {}
    return certificate_add(
        actor=actor,
        organisation=organisation,
        kind=kind,
        title=title,
        issuer="Trung tâm Chứng nhận Phù hợp",
        number=number,
        valid_from=datetime.date(2024, 3, 1),
        **extra,
    )


@pytest.fixture
def plum_and_tea(superuser, coop, product, lot):
    """``product`` (tangerines) names its VietGAP; the co-op's plum certificate names a plum."""
    tangerine_gap = _certificate(
        superuser, coop, kind="vietgap", number="VG-QUYT-01", title="Quýt Mường Khương"
    )
    plum_gap = _certificate(superuser, coop, kind="vietgap", number="VG-MAN-02", title="Mận")
    loose = _certificate(superuser, coop, kind="vietgap", number="VG-NONE-03", title="Vùng")
    plum = product_make(coop, name="Mận tam hoa", item=2)
    plum.certificates.add(plum_gap)
    product.certificates.add(tangerine_gap)
    return tangerine_gap, plum_gap, loose


def test_a_lot_page_shows_only_its_products_certificates(client, lot, plum_and_tea):
    html = client.get(f"/t/{lot.product.gtin}/{lot.code}/").content.decode()
    assert "VG-QUYT-01" in html
    assert "VG-MAN-02" not in html  # another product's
    assert "VG-NONE-03" not in html  # names no product: the co-op's page lists it


def test_a_product_naming_no_certificate_shows_none(client, coop, plum_and_tea):
    bare = product_make(coop, name="Măng khô", item=3)
    html = client.get(f"/t/{bare.gtin}/").content.decode()
    assert 'id="certificates"' not in html
    assert "VG-MAN-02" not in html and "VG-NONE-03" not in html


def test_a_check_names_only_a_certificate_of_the_lots_product(coop_member, lot, plum_and_tea):
    _tangerine_gap, plum_gap, _loose = plum_and_tea
    with pytest.raises(ValidationError) as caught:
        steps.step_check(actor=coop_member, lot=lot, conformant=True, certificate=plum_gap)
    assert "certificate" in caught.value.message_dict
    assert not lot.events.exists()
