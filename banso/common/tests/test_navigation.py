"""The page shell's main navigation comes from the apps' registrations, in their order, and
shows the account link or the sign-in link by who is asking."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nav(html: str) -> str:
    return html.split('<nav class="nav"', 1)[1].split("</nav>", 1)[0]


def test_a_visitor_sees_the_apps_and_the_sign_in_link(client, settings):
    settings.LANGUAGE_CODE = "en"
    nav = _nav(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    links = [
        reverse("market:home"),
        reverse("orgs:organisation-list"),
        reverse("places:unit-lookup"),
        reverse("accounts:login"),
    ]
    positions = [nav.index(f'href="{link}"') for link in links]
    assert positions == sorted(positions)
    assert f'href="{reverse("accounts:profile")}"' not in nav
    assert ">Marketplace</a>" in nav and ">Sign in</a>" in nav


def test_a_signed_in_person_sees_their_account_link(client, commune_officer):
    client.force_login(commune_officer)
    nav = _nav(client.get(reverse("places:unit-lookup")).content.decode())
    assert f'href="{reverse("accounts:profile")}"' in nav
    assert f'href="{reverse("accounts:login")}"' not in nav
