"""The resolver knows the stamps' serials: a stamp's Digital Link leads to its page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banso.stamps.models import StampStatus
from banso.stamps.provider import provider
from banso.stamps.serials import SERIAL_ALPHABET, SERIAL_LENGTH, serial_new
from banso.stamps.tests.scan_support import lot_add, stamps_issue
from banso.trace.resolver import DigitalLink

pytest_plugins = ["banso.stamps.tests.scan_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def uri(product, serial, lot=None) -> str:
    return DigitalLink(gtin=product.gtin, lot=lot.code if lot else None, serial=serial).path


def test_serial_uri_redirects_to_the_stamp_page(client, product, lot, issued):
    stamp = issued.stamps[0]
    response = client.get(uri(product, stamp.serial, lot))
    assert response.status_code == 307
    assert response["Location"] == f"http://testserver/s/{stamp.serial}/"
    assert client.get(response["Location"]).status_code == 200


def test_uri_without_lot_resolves_a_stamp_of_the_product(client, product, issued):
    stamp = issued.stamps[1]
    response = client.get(uri(product, stamp.serial))
    assert response.status_code == 307
    assert response["Location"].endswith(f"/s/{stamp.serial}/")


def test_not_activated_stamp_of_a_lot_run_resolves_to_its_page(client, product, lot):
    issued = stamps_issue(product, run_lot=lot, status=StampStatus.PRINTED)
    response = client.get(uri(product, issued.stamps[0].serial, lot))
    assert response.status_code == 307
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'data-state="not_activated"' in page.content


def test_uri_naming_another_lot_is_unknown(client, product, lot, muong_khuong, issued):
    other = lot_add(product, muong_khuong, code="MK2025-12")
    response = client.get(uri(product, issued.stamps[0].serial, other))
    assert response.status_code == 404
    assert not provider.knows_serial(product=product, lot=other, serial=issued.stamps[0].serial)


def test_serial_of_another_product_is_unknown(client, product, lot, other_coop, issued):
    from banso.stamps.tests.conftest import product_make

    other = product_make(other_coop, name="Mận Bắc Hà", item=7)
    response = client.get(uri(other, issued.stamps[0].serial))
    assert response.status_code == 404


def test_unknown_wellformed_serial_is_a_plain_404(client, product, lot, issued):
    response = client.get(uri(product, serial_new(), lot), HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert response.json()["field"] == "serial"


def test_forged_serial_is_turned_away_without_touching_the_stamps(client, product, lot, issued):
    real = issued.stamps[0].serial
    forged = real[:-1] + next(c for c in SERIAL_ALPHABET if c != real[-1])
    assert len(forged) == SERIAL_LENGTH
    with CaptureQueriesContext(connection) as queries:
        response = client.get(uri(product, forged, lot))
        page = client.get(f"/s/{forged}/")
    assert response.status_code == 404
    assert page.status_code == 404
    assert not [q for q in queries.captured_queries if "stamps_stamp" in q["sql"]]


def test_links_are_given_only_for_own_serials(product, lot, issued):
    stamp = issued.stamps[0]
    links = list(provider.links(product=product, lot=lot, serial=stamp.serial))
    assert [(link.link_type, link.href) for link in links] == [
        ("gs1:defaultLink", f"/s/{stamp.serial}/")
    ]
    assert list(provider.links(product=product, lot=lot, serial=serial_new())) == []
    assert list(provider.links(product=product, lot=lot, serial=None)) == []


def test_linkset_names_the_stamp_page_as_default(client, product, lot, issued):
    stamp = issued.stamps[0]
    response = client.get(uri(product, stamp.serial, lot) + "?linkType=linkset")
    document = response.json()["linkset"][0]
    default = document["https://gs1.org/voc/defaultLink"][0]["href"]
    assert default == f"http://testserver/s/{stamp.serial}/"
