"""The GS1 Digital Link resolver: redirects, link types, linksets, refusals and providers."""

import datetime
import json
import string
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st

from banso.orgs.models import Certificate
from banso.trace.gs1 import gtin_check_digit
from banso.trace.resolver import (
    DigitalLink,
    DigitalLinkError,
    Link,
    digital_link_parse,
    register_link_provider,
    unregister_link_provider,
)

GTIN = "00209890000019"
LINKSET = "application/linkset+json"
GS1 = "https://gs1.org/voc/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate(coop):
    return Certificate.objects.create(
        organisation=coop,
        kind="vietgap",
        issuer="Trung tâm Chứng nhận",
        number="VG-0042",
        valid_from=datetime.date(2024, 1, 1),
    )


class ShopProvider:
    """A provider as ``market`` or ``stamps`` would register one."""

    def __init__(self, serials=()):
        self.serials = set(serials)
        self.calls = []

    def links(self, *, product, lot, serial):
        self.calls.append((product.gtin, lot.code if lot else None, serial))
        links = [Link("gs1:productSustainabilityInfo", "https://shop.example/p/1", "Shop")]
        if serial in self.serials:
            links.append(Link("gs1:defaultLink", f"/s/{serial}/", "Stamp"))
        return links

    def knows_serial(self, *, product, lot, serial):
        return serial in self.serials


@pytest.fixture
def provider():
    provider = ShopProvider(serials={"ABC123"})
    register_link_provider(provider)
    yield provider
    unregister_link_provider(provider)


# Redirects ----------------------------------------------------------------------------------


def test_product_uri_redirects_to_the_product_page(client, product):
    response = client.get(f"/01/{GTIN}")
    assert response.status_code == 307
    assert response["Location"] == f"http://testserver/t/{GTIN}/"
    assert f'<http://testserver/01/{GTIN}?linkType=linkset>; rel="linkset"' in response["Link"]
    assert f'rel="{GS1}pip"' in response["Link"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_lot_uri_redirects_to_the_trace_page(client, lot):
    response = client.get(f"/01/{GTIN}/10/{lot.code}")
    assert response.status_code == 307
    assert response["Location"] == f"http://testserver/t/{GTIN}/{lot.code}/"
    assert f'rel="{GS1}traceability"' in response["Link"]
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("short", ["0209890000019", "209890000019"])
def test_shorter_gtin_forms_resolve_as_their_gtin_14(client, lot, short):
    response = client.get(f"/01/{short}/10/{lot.code}")
    assert response.status_code == 307
    assert response["Location"] == f"http://testserver/t/{GTIN}/{lot.code}/"


@pytest.mark.parametrize(
    ("link_type", "target"),
    [
        ("gs1:pip", f"/t/{GTIN}/"),
        (f"{GS1}pip", f"/t/{GTIN}/"),
        ("gs1:traceability", f"/t/{GTIN}/MK2025-11/"),
        ("gs1:certificationInfo", "/orgs/hop-tac-xa-quyt-muong-khuong/#certificates"),
        ("gs1:recipeInfo", f"/t/{GTIN}/MK2025-11/"),  # not held: the default link
    ],
)
def test_link_type_chooses_the_target(client, lot, certificate, link_type, target):
    response = client.get(f"/01/{GTIN}/10/MK2025-11", {"linkType": link_type})
    assert response.status_code == 307
    assert response["Location"] == "http://testserver" + target


def test_certification_info_only_when_a_certificate_is_in_force(client, lot):
    response = client.get(f"/01/{GTIN}", {"linkType": "linkset"})
    assert f"{GS1}certificationInfo" not in response.json()["linkset"][0]


# Linkset ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "accept"),
    [({"linkType": "linkset"}, "text/html"), ({"linkType": "all"}, "*/*"), ({}, LINKSET)],
)
def test_linkset_on_request(client, lot, certificate, query, accept):
    response = client.get(f"/01/{GTIN}/10/MK2025-11", query, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == LINKSET
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "json-ld#context" in response["Link"]
    document = json.loads(response.content)
    assert list(document) == ["linkset"] and len(document["linkset"]) == 1
    context = document["linkset"][0]
    assert context["anchor"] == f"http://testserver/01/{GTIN}/10/MK2025-11"
    assert context[f"{GS1}defaultLink"][0]["href"] == f"http://testserver/t/{GTIN}/MK2025-11/"
    assert context[f"{GS1}traceability"][0]["href"] == f"http://testserver/t/{GTIN}/MK2025-11/"
    assert context[f"{GS1}pip"][0] == {
        "href": f"http://testserver/t/{GTIN}/",
        "title": context[f"{GS1}pip"][0]["title"],
        "type": "text/html",
        "hreflang": ["vi", "en", "zh-Hans"],
    }
    assert "Quýt Mường Khương" in context[f"{GS1}pip"][0]["title"]
    assert context[f"{GS1}certificationInfo"][0]["href"].endswith("#certificates")
    for key, targets in context.items():
        if key.startswith("https://"):
            assert all(target["href"].startswith("http://testserver/") for target in targets)


def test_browser_accept_header_gets_the_redirect(client, lot):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get(f"/01/{GTIN}", HTTP_ACCEPT=accept).status_code == 307


# Refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "field", "code"),
    [
        ("/01/123", "gtin", "gtin_format"),
        ("/01/00209890000018", "gtin", "gtin_check_digit"),
        ("/01/", "path", "syntax"),
        ("/01", "path", "syntax"),
        (f"/01/{GTIN}/10", "path", "syntax"),
        (f"/01/{GTIN}/99/x", "path", "qualifier"),
        (f"/01/{GTIN}/21/A/10/B", "path", "qualifier"),
        (f"/01/{GTIN}/10/lô 1", "lot", "lot_code"),
        (f"/01/{GTIN}/10/A/21/{'9' * 21}", "serial", "serial"),
    ],
)
def test_malformed_uri_is_a_readable_400(client, product, path, field, code):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert f'data-field="{field}" data-code="{code}"' in html
    assert "<h1>" in html and "<title>" in html
    assert response["Access-Control-Allow-Origin"] == "*"


def test_wrong_check_digit_in_json_names_the_field(client, product):
    response = client.get("/01/00209890000018", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json() | {"detail": ""} == {
        "status": 400,
        "code": "gtin_check_digit",
        "field": "gtin",
        "detail": "",
    }
    assert "9" in response.json()["detail"]  # names the right check digit


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/01/09506000134352", "gtin"),
        (f"/01/{GTIN}/10/UNKNOWN", "lot"),
        (f"/01/{GTIN}/10/MK2025-11/21/ABC123", "serial"),
        (f"/01/{GTIN}/21/ABC123", "serial"),
    ],
)
def test_unknown_item_is_a_404(client, lot, path, field):
    response = client.get(path)
    assert response.status_code == 404
    assert f'data-field="{field}" data-code="unknown"' in response.content.decode()
    assert response["Access-Control-Allow-Origin"] == "*"
    json_response = client.get(path, HTTP_ACCEPT=LINKSET)
    assert json_response.status_code == 404
    assert json_response.json()["field"] == field


def test_inactive_product_is_unknown(client, lot):
    lot.product.is_active = False
    lot.product.save()
    assert client.get(f"/01/{GTIN}/10/MK2025-11").status_code == 404


def test_preflight_is_answered(client):
    response = client.options(f"/01/{GTIN}/10/MK2025-11")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "Accept" in response["Access-Control-Allow-Headers"]


def test_writes_are_refused(client, lot):
    assert client.post(f"/01/{GTIN}").status_code == 405


def test_resolver_description(client):
    response = client.get("/.well-known/gs1resolver")
    document = response.json()
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert document["resolverRoot"] == "http://testserver"
    assert document["supportedPrimaryKeys"] == ["01"]
    assert document["supportedLinkType"] == [{"namespace": GS1, "prefix": "gs1:"}]
    assert document["linkTypeDefaultCanBeLinkset"] is True


# Link providers -----------------------------------------------------------------------------


def test_provider_links_join_the_linkset_and_the_trace_page(client, lot, provider):
    context = client.get(f"/01/{GTIN}/10/MK2025-11", {"linkType": "linkset"}).json()["linkset"][0]
    assert context[f"{GS1}productSustainabilityInfo"][0]["href"] == "https://shop.example/p/1"
    assert (GTIN, "MK2025-11", None) in provider.calls
    page = client.get(f"/t/{GTIN}/MK2025-11/").content.decode()
    assert 'href="https://shop.example/p/1"' in page


def test_serial_known_to_a_provider_resolves_to_its_default_link(client, lot, provider):
    response = client.get(f"/01/{GTIN}/10/MK2025-11/21/ABC123")
    assert response.status_code == 307
    assert response["Location"] == "http://testserver/s/ABC123/"
    other = client.get(f"/01/{GTIN}/10/MK2025-11/21/ZZZ999")
    assert other.status_code == 404


def test_unregistered_provider_is_no_longer_asked(client, lot):
    provider = ShopProvider(serials={"ABC123"})
    register_link_provider(provider)
    register_link_provider(provider)  # once only
    unregister_link_provider(provider)
    response = client.get(f"/01/{GTIN}/10/MK2025-11/21/ABC123")
    assert response.status_code == 404
    assert provider.calls == []


# The parser ---------------------------------------------------------------------------------

gtin_bodies = st.sampled_from([7, 11, 12, 13]).flatmap(
    lambda length: st.text(string.digits, min_size=length, max_size=length)
)
lot_codes = st.text(
    string.ascii_letters + string.digits + "!\"%&'()*+,-.:;<=>?_", min_size=1, max_size=20
)


@given(body=gtin_bodies, lot=st.none() | lot_codes)
def test_valid_digital_links_round_trip(body, lot):
    gtin = body + gtin_check_digit(body)
    link = digital_link_parse(f"/01/{gtin}" + (f"/10/{lot}" if lot is not None else ""))
    assert link == DigitalLink(gtin=gtin.zfill(14), lot=lot)
    assert len(link.gtin) == 14
    assert digital_link_parse(unquote(link.path)) == link


@given(body=gtin_bodies, offset=st.integers(min_value=1, max_value=9))
def test_wrong_check_digit_is_refused(body, offset):
    wrong = str((int(gtin_check_digit(body)) + offset) % 10)
    with pytest.raises(DigitalLinkError) as caught:
        digital_link_parse(f"/01/{body}{wrong}")
    assert caught.value.code == "gtin_check_digit"
    assert caught.value.field == "gtin"
    assert caught.value.status == 400


def test_scans_are_answered_from_the_cache_except_serials(
    client, lot, provider, django_assert_num_queries
):
    url = f"/01/{GTIN}/10/MK2025-11"
    assert client.get(url).status_code == 307
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 307
    english = client.get(url, {"linkType": "linkset"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english["Content-Language"] == "en"
    serial_url = f"{url}/21/ABC123"
    client.get(serial_url)
    client.get(serial_url)
    assert provider.calls.count((GTIN, "MK2025-11", "ABC123")) == 2
