"""The account page's buttons come from the apps above accounts, each shown to whom it serves."""

import re

import pytest
from django.urls import reverse

from banso.accounts.account_page import account_action_register, account_page_context

pytestmark = pytest.mark.django_db


def _buttons(client, user) -> list[str]:
    client.force_login(user)
    html = client.get(reverse("accounts:profile")).content.decode()
    actions = html[html.index('<div class="actions">') :]
    actions = actions[: actions.index("</div>")]
    return re.findall(r'href="([^"]+)"', actions)


def test_a_member_of_a_cooperative_is_led_to_its_products_stamps_shop_and_organisations(
    client, coop_member
):
    assert _buttons(client, coop_member) == [
        reverse("trace:product-list"),
        reverse("stamps:run-list"),
        reverse("market:manage"),
        reverse("orgs:my-organisations"),
        # An owner reviews the translations of the organisation's texts.
        reverse("lingo:queue"),
        reverse("lingo:own-texts"),
    ]


AREA_PAGES = [
    reverse("orgs:area-organisations"),
    reverse("trace:area-products"),
    reverse("stamps:area-stamps"),
    reverse("market:area-orders"),
]
# The officers' household and team pages are in the group too, but write (they are not for
# viewing only).
AREA_LINKS = [*AREA_PAGES, reverse("households:household-list"), reverse("teams:team-list")]


def test_a_province_officer_is_led_to_villages_the_dashboard_organisations_and_the_province(
    client, province_officer
):
    assert _buttons(client, province_officer) == [
        reverse("places:village-list"),
        reverse("market:dashboard"),
        reverse("tourism:approvals"),
        reverse("tourism:dashboard"),
        reverse("orgs:my-organisations"),
        reverse("orgs:organisations-waiting"),
        *AREA_LINKS,
        # Officers read the bulletins and run the loudspeakers of their commune or province.
        reverse("broadcast:bulletin-list"),
    ]


def test_a_commune_officer_is_led_to_villages_and_what_his_commune_covers(client, commune_officer):
    """Not to "Organisations I manage": he may change none; to the organisations of his
    commune that wait for his approval."""
    assert _buttons(client, commune_officer) == [
        reverse("places:village-list"),
        reverse("orgs:organisations-waiting"),
        *AREA_LINKS,
        # Officers read the bulletins and run the loudspeakers of their commune or province.
        reverse("broadcast:bulletin-list"),
    ]


def test_the_area_pages_link_each_other_and_the_account_page(client, commune_officer):
    client.force_login(commune_officer)
    for url in AREA_PAGES:
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
        links = html[html.index('id="area-links"') :]
        links = links[: links.index("</nav>")]
        assert re.findall(r'href="([^"]+)"', links) == [*AREA_LINKS, reverse("accounts:profile")]
        assert "Trang này chỉ để xem." in html


def test_a_person_with_no_role_gets_no_button(client, make_user):
    assert _buttons(client, make_user("Giàng Thị Mai")) == []


def test_an_app_adds_a_button_without_accounts_naming_it(coop_member):
    account_action_register(
        label="Homestays",
        url_name="web:home",
        order=45,
        shown=lambda user, page: bool(page.get("memberships")),
    )
    try:
        entries = account_page_context(coop_member, {})["account_actions"]
        assert [entry.url for entry in entries][2:4] == [reverse("market:manage"), "/"]
    finally:
        from banso.accounts import account_page

        del account_page._actions["web:home"]
