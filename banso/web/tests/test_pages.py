"""The site shell through the Django client: language choice, and the 404 and 500 pages."""

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse
from django.utils import translation

from banso import urls as project_urls
from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
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


def test_home_in_english_has_its_own_address(client):
    vietnamese = reverse("web:home")
    with translation.override("en"):
        english = reverse("web:home")
    assert english == "/en/"
    assert _lang(client.get(english)) == "en"
    # The Vietnamese address stays Vietnamese, whatever the browser prefers.
    assert _lang(client.get(vietnamese, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")) == "vi"


def test_language_form_sets_the_cookie_and_returns_to_the_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/orgs/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/orgs/"
    assert response.cookies["banso_language"].value == "en"

    # Pages with one address for every language (here a 404) follow the cookie.
    assert _lang(client.get("/khong-co-trang-nay/")) == "en"


def test_language_form_ignores_an_unknown_language(client):
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert "banso_language" not in client.cookies
    assert _lang(client.get(reverse("web:home"))) == "vi"


def test_language_form_refuses_a_redirect_to_another_site(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/"  # the home page in the chosen language


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
def test_failing_view_renders_our_500_in_vietnamese(django_assert_num_queries):
    client = Client(raise_request_exception=False)
    # The error page is in the site's layout, yet asks nothing of the database (the failure
    # may be the database's).
    with django_assert_num_queries(0):
        response = client.get("/boom/")
    assert response.status_code == 500
    assert _templates(response)[:2] == ["500.html", "common/base.html"]
    assert _lang(response) == "vi"
    body = response.content.decode()
    assert "Đã xảy ra lỗi" in body
    assert "a bug in a view" not in body


@override_settings(ROOT_URLCONF=__name__)
def test_500_falls_back_to_a_page_that_stands_alone(settings, tmp_path):
    # A broken layout (here: the shell's template is missing) still gives a page in the
    # visitor's language.
    templates = Path(views.__file__).parent.parent / "common" / "templates"
    for name in ("500.html", "500_plain.html"):
        (tmp_path / name).write_text((templates / name).read_text())
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "APP_DIRS": False, "DIRS": [tmp_path]}]
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    body = response.content.decode()
    assert "<style>" in body
    assert "Something went wrong" in body


@override_settings(ROOT_URLCONF=__name__)
def test_500_follows_accept_language():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert _templates(response)[0] == "500.html"
    assert _lang(response) == "en"
    assert "Something went wrong" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_failing_view_is_logged_with_its_traceback(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level("ERROR", logger="django.request"):
        client.get("/boom/")
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert errors and errors[0].exc_info[0] is RuntimeError


# 403 and 400 ---------------------------------------------------------------------------------


@pytest.fixture
def commune_officer(make_user, muong_khuong):
    user = make_user("Vàng Văn Sử")
    role_grant(user=user, role=PlaceRole.COMMUNE_OFFICER, unit=muong_khuong)
    return user


def test_project_wires_the_403_and_400_views():
    assert project_urls.handler403 == "banso.web.views.permission_denied"
    assert project_urls.handler400 == "banso.web.views.bad_request"


def test_403_of_a_real_view_is_our_page_in_vietnamese(client, commune_officer):
    # The marketplace dashboard is the province officers'; a commune officer is refused.
    client.force_login(commune_officer)
    response = client.get(reverse("market:dashboard"))
    assert response.status_code == 403
    assert _templates(response)[:2] == ["403.html", "common/base.html"]
    assert _lang(response) == "vi"
    body = response.content.decode()
    assert "Không được phép truy cập" in body
    assert "403 Forbidden" not in body and "<h1>403" not in body


def test_403_follows_the_language(client, commune_officer):
    client.force_login(commune_officer)
    with translation.override("en"):
        response = client.get(reverse("market:dashboard"))
    assert response.status_code == 403
    assert _lang(response) == "en"
    assert "Access not allowed" in response.content.decode()


def test_403_shows_the_reason_a_service_gave(client, make_user, muong_khuong):
    # A refusal that says why shows it, in the visitor's language.
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    request = RequestFactory().get("/x/")
    request.user = make_user()
    with translation.override("vi"):
        response = views.permission_denied(
            request, PermissionDenied(translation.gettext("You may not manage this shop."))
        )
    assert response.status_code == 403
    assert "Bạn không có quyền quản lý gian hàng này." in response.content.decode()


def test_403_offers_a_visitor_the_sign_in_page(client, settings):
    settings.CSRF_FAILURE_VIEW = "banso.web.views.csrf_failure"
    csrf_client = Client(enforce_csrf_checks=True)
    # A form sent without its token: the site's page, saying what to do, in Vietnamese.
    response = csrf_client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert _templates(response)[0] == "403.html"
    body = response.content.decode()
    assert "Biểu mẫu này đã hết hạn" in body
    assert reverse("accounts:login") + "?next=" in body


def test_400_is_our_page_in_the_visitors_language(client):
    # A request for a host the site does not serve is a 400 (Django's DisallowedHost).
    response = client.get("/", HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert _templates(response)[:2] == ["400.html", "common/base.html"]
    assert _lang(response) == "vi"
    assert "Yêu cầu không hợp lệ" in response.content.decode()

    response = client.get("/en/", HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
