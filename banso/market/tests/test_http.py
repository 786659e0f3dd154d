"""The marketplace's public pages: compression and HEAD."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_market_home_is_compressed_when_the_browser_accepts_it(client, listing):
    response = client.get("/market/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert listing.title in gzip.decompress(response.content).decode()


@pytest.mark.parametrize("address", ["/market/", "/market/search/?q=quyt", "listing"])
def test_public_pages_answer_head_without_a_body(client, listing, address):
    if address == "listing":
        address = f"/market/p/{listing.pk}/"
    response = client.head(address)
    assert response.status_code == 200
    assert response.content == b""
