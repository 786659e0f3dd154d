"""What a scan costs the database: a buyer's phone opens the stamp's Digital Link
(``/01/{gtin}/10/{lot}/21/{serial}``), the resolver sends it (307) to the stamp's page.

The resolver asks the link providers once for the serial (one stamp query), and the stamp page
reads the stamp once, recording the scan after the answer without reading it again.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banso.stamps.models import Stamp
from banso.trace.resolver import DigitalLink

pytest_plugins = ["banso.stamps.tests.scan_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def _stamp_reads(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and '"stamps_stamp"' in q["sql"]
    ]


def _scan(client, uri: str):
    """What a phone does: open the Digital Link, follow its 307 to the stamp's page."""
    redirect = client.get(uri)
    assert redirect.status_code == 307
    return redirect, client.get(redirect["Location"])


@pytest.fixture
def scanned_uri(issued, product, lot, client):
    """A stamp's Digital Link, its lot's page already cached by a scan of another stamp of the
    lot (the usual case: a lot has hundreds of stamps)."""
    _scan(client, DigitalLink(gtin=product.gtin, lot=lot.code, serial=issued.stamps[1].serial).path)
    stamp = issued.stamps[0]
    return stamp, DigitalLink(gtin=product.gtin, lot=lot.code, serial=stamp.serial).path


def test_resolver_asks_the_providers_once_for_a_serial(client, scanned_uri):
    stamp, uri = scanned_uri
    with CaptureQueriesContext(connection) as queries:
        response = client.get(uri)
    assert response.status_code == 307
    assert response["Location"] == f"http://testserver/s/{stamp.serial}/"
    assert len(_stamp_reads(queries)) == 1


def test_stamp_page_reads_the_stamp_once_per_scan(client, settings, scanned_uri):
    settings.STAMP_SCAN_LOGGING = True
    stamp, _uri = scanned_uri
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/s/{stamp.serial}/")
    assert response.status_code == 200
    assert b'data-state="genuine"' in response.content
    assert len(_stamp_reads(queries)) == 1
    stamp.refresh_from_db()
    assert stamp.scan_count == 1  # the scan was recorded, after the answer


def test_a_scan_through_the_digital_link_reads_the_stamp_once_per_request(
    client, settings, scanned_uri
):
    settings.STAMP_SCAN_LOGGING = True
    stamp, uri = scanned_uri
    with CaptureQueriesContext(connection) as queries:
        redirect, response = _scan(client, uri)
    assert redirect["Location"] == f"http://testserver/s/{stamp.serial}/"
    assert b'data-state="genuine"' in response.content
    assert len(_stamp_reads(queries)) == 2  # one for the resolver, one for the page
    assert Stamp.objects.get(pk=stamp.pk).scan_count == 1
