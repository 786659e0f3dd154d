"""The site shell through the Django client: language choice, and the 404 and 500 pages."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse

from banso import urls as project_urls
from banso.web import views

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("a bug in a view")


# A URL conf for the 500 tests: the project's own, plus one view that fails.
urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]
handler404 = project_urls.handler404
handler500 = project_urls.handler500

HTML_LANG = re.compile(r'<html lang="([^"]+)">')


def _lang(response) -> str:
    match = HTML_LANG.search(response.content.decode())
    assert match, "the page has no <html lang>"
    return match.group(1)


def _templates(response) -> list[str]:
    return [t.name for t in response.templates]


def test_home_is_vietnamese_by_default(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert _lang(response) == "vi"
    assert "web/home.html" in _templates(response)
    assert response["Content-Language"] == "vi"


def test_home_follows_the_browser_language(client):
    response = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert _lang(response) == "en"


def test_language_form_sets_the_cookie_and_returns_to_the_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/orgs/"})
    assert response.status_code == 302
    assert response["Location"] == "/orgs/"
    assert response.cookies["banso_language"].value == "en"

    assert _lang(client.get(reverse("web:home"))) == "en"


def test_language_form_ignores_an_unknown_language(client):
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert "banso_language" not in client.cookies
    assert _lang(client.get(reverse("web:home"))) == "vi"


def test_language_form_refuses_a_redirect_to_another_site(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


# 404 ---------------------------------------------------------------------------------------


def test_unknown_url_renders_our_404_in_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert _templates(response)[0] == "404.html"
    assert "common/base.html" in _templates(response)
    assert _lang(response) == "vi"
    assert reverse("web:home") in response.content.decode()


def test_404_follows_accept_language(client):
    response = client.get("/khong-co-trang-nay/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert _templates(response)[0] == "404.html"
    assert _lang(response) == "en"


def test_404_follows_the_language_cookie(client):
    client.cookies["banso_language"] = "en"
    response = client.get("/khong-co-trang-nay/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 404
    assert _lang(response) == "en"


def test_404_raised_by_a_view_uses_our_template(client):
    response = client.get(reverse("orgs:organisation-detail", args=["khong-co-to-chuc-nay"]))
    assert response.status_code == 404
    assert _templates(response)[0] == "404.html"


# 500 ---------------------------------------------------------------------------------------


def test_project_wires_our_error_views():
    assert project_urls.handler404 == "banso.web.views.page_not_found"
    assert project_urls.handler500 == "banso.web.views.server_error"
    assert callable(views.page_not_found) and callable(views.server_error)


@override_settings(ROOT_URLCONF=__name__)
def test_failing_view_renders_our_500_in_vietnamese():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert _templates(response) == ["500.html"]
    assert _lang(response) == "vi"
    # The error page stands alone: it must not need the database or the site's static files.
    body = response.content.decode()
    assert "<style>" in body
    assert "a bug in a view" not in body


@override_settings(ROOT_URLCONF=__name__)
def test_500_follows_accept_language():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert _templates(response) == ["500.html"]
    assert _lang(response) == "en"


@override_settings(ROOT_URLCONF=__name__)
def test_failing_view_is_logged_with_its_traceback(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level("ERROR", logger="django.request"):
        client.get("/boom/")
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert errors and errors[0].exc_info[0] is RuntimeError
