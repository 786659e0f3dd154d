"""HTTP behaviour of the site shell: compression, HEAD and the site icon."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_compressed_when_the_browser_accepts_it(client):
    response = client.get("/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "<html" in gzip.decompress(response.content).decode()


def test_home_page_answers_head_without_a_body(client):
    response = client.head("/")
    assert response.status_code == 200
    assert response.content == b""


def test_favicon_is_an_image(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert response.content.startswith(b"\x89PNG")
    assert "max-age" in response["Cache-Control"]


def test_pages_link_the_icon(client):
    assert 'rel="icon"' in client.get("/").content.decode()
