"""The Content-Security-Policy in a real headless Chromium at 360 px: every kind of page sends it,
and none breaks it (no inline script, no handler, no resource from elsewhere), the admin and the
API docs (Swagger UI from our own static files) included."""

import io
import os
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from banso.market.models import Listing, ListingStatus, Shop
from banso.stamps.models import Stamp
from banso.trace.models import Lot
from banso.web.demo import DEMO_PASSWORD, PEOPLE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def seeded(places, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())


class Visitor:
    """A browser tab that records every CSP violation and the policy each page was sent with."""

    def __init__(self, context, base: str):
        self.base = base
        self.page = context.new_page()
        self.page.add_init_script(WATCH_VIOLATIONS)
        self.console: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.console.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def visit(self, path: str, *, wait_for: str = "body") -> str:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, (path, response)
        self.page.wait_for_selector(wait_for)
        self.page.wait_for_load_state("networkidle")
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, path
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, path
        violations = self.page.evaluate("window.__cspViolations")
        assert violations == [], (path, violations)
        assert self.console == [], (path, self.console)
        return policy


def test_every_kind_of_page_keeps_to_its_content_security_policy(live_server, browser, seeded):
    lot = Lot.objects.filter(events__isnull=False).select_related("product").first()
    stamp = Stamp.objects.exclude(lot=None).first()
    listing = Listing.objects.filter(status=ListingStatus.ACTIVE).first()
    shop = Shop.objects.first()
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    visitor = Visitor(context, live_server.url)

    visitor.visit("/")
    visitor.visit(f"/01/{lot.product.gtin}/10/{lot.code}")
    visitor.visit(urlsplit(stamp_url(stamp)).path)
    visitor.visit(reverse("market:home"))
    visitor.visit(reverse("market:search") + "?q=quyt")
    # The suggestions (a script from our static files) fetch and fill the list.
    visitor.page.fill("input[name=q]", "quýt")
    visitor.page.locator("#market-suggest option").first.wait_for(state="attached")
    visitor.visit(reverse("market:shop-detail", args=[shop.slug]))
    visitor.visit(reverse("orgs:organisation-list"))
    visitor.visit(reverse("market:listing-detail", args=[listing.pk]))
    visitor.page.locator("form[action$='/cart/add/'] button[type=submit]").first.click()
    visitor.page.wait_for_load_state()
    visitor.visit(reverse("market:cart"))
    visitor.visit(reverse("market:checkout"), wait_for="input[name=buyer_name]")
    # The API documentation renders its operations, from our own static files.
    for docs in ("/api/docs", "/epcis/docs"):
        visitor.visit(docs, wait_for=".swagger-ui .opblock")
    context.close()

    admin = browser.new_context(viewport=PHONE, locale="vi-VN")
    officer = Visitor(admin, live_server.url)
    officer.visit(reverse("admin:login"))
    officer.page.fill("#id_username", PEOPLE[0][0])
    officer.page.fill("#id_password", DEMO_PASSWORD)
    with officer.page.expect_navigation():
        officer.page.click("input[type=submit]")
    officer.visit(reverse("admin:index"))
    officer.visit(reverse("admin:market_listing_change", args=[listing.pk]))
    officer.visit(reverse("admin:orgs_organisation_changelist"))
    admin.close()


def stamp_url(stamp: Stamp) -> str:
    lot = stamp.lot
    assert lot is not None
    return f"/01/{lot.product.gtin}/10/{lot.code}/21/{stamp.serial}"
