"""A co-operative registers itself, and a person resets a forgotten password, in a real
headless Chromium at a cheap phone's width (360 px)."""

import os
import re

import pytest
from django.core import mail
from django.urls import reverse

from banso.accounts.models import User
from banso.orgs.models import Organisation, OrganisationApproval

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
NEW = "Chè-shan-tuyết-2026"


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_cooperative_signs_up_on_a_phone(live_server, browser, muong_khuong):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        with page.expect_navigation():
            page.click("header nav a:has-text('Đăng ký hợp tác xã')")
        assert page.locator("h1").inner_text() == "Đăng ký hợp tác xã"
        assert _scroll_width(page) <= PHONE["width"]

        page.fill("#id_full_name", "Giàng Seo Phủ")
        page.fill("#id_phone", "0912 345 678")
        page.fill("#id_password1", "Mận-tam-hoa-2025")
        page.fill("#id_password2", "Mận-tam-hoa-2025")
        page.fill("#id_organisation_name", "HTX Mận Tả Thàng")
        page.select_option("#id_kind", "cooperative")
        page.select_option("#id_unit", str(muong_khuong.pk))
        with page.expect_navigation():
            page.click("main form button[type=submit]")

        assert page.locator("h1").inner_text() == "HTX Mận Tả Thàng"
        assert "đang chờ cán bộ xã hoặc tỉnh phê duyệt" in page.locator("#approval").inner_text()
        assert _scroll_width(page) <= PHONE["width"]
        organisation = Organisation.objects.get(name="HTX Mận Tả Thàng")
        assert organisation.approval == OrganisationApproval.PENDING
        assert User.objects.filter(phone="+84912345678").exists()
    finally:
        context.close()


def test_a_forgotten_password_is_reset_with_a_code_on_a_phone(
    live_server, browser, make_user, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    person = make_user("Thào Thị Mỷ", phone="0981777001", email="my@example.vn")
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("accounts:login"))
        with page.expect_navigation():
            page.click("main a:has-text('Quên mật khẩu?')")
        assert _scroll_width(page) <= PHONE["width"]
        page.fill("#id_identifier", "0981 777 001")
        with page.expect_navigation():
            page.click("main form button[type=submit]")

        assert page.locator("h1").inner_text() == "Nhập mã"
        assert _scroll_width(page) <= PHONE["width"]
        code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
        page.fill("#id_code", code)
        page.fill("#id_new_password1", NEW)
        page.fill("#id_new_password2", NEW)
        with page.expect_navigation():
            page.click("main form button[type=submit]")

        assert page.url.endswith(reverse("accounts:login"))
        assert "Đã đổi mật khẩu" in page.locator(".messages").inner_text()
        page.fill("#id_username", "0981777001")
        page.fill("#id_password", NEW)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert page.locator("h1").inner_text() == person.full_name
    finally:
        context.close()
