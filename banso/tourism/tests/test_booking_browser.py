"""A guest books a homestay on a cheap phone (360 px) in a real Chromium, as the issue tells it:
in English, from the stays list through the stay page's date form to the free room, its price
for two nights and a VietQR deposit; the host confirms the held booking from the back office;
a second guest no longer finds the room, and a forced POST is refused, so nothing is sold twice.
In Chinese the pages are Chinese and an untranslated story says so. No page scrolls sideways,
no request leaves our host, and the English booking works without JavaScript too."""

import datetime
import os
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from banso.common.numbers import money_vnd_text
from banso.conftest import browser_sign_in
from banso.tourism.models import Booking, BookingStatus, RoomNight
from banso.tourism.tests.stay_makers import bank_account_give, homestay_make, room_make

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
RATE_VND = 500_000
STORY = "Nhà trình tường của người H'Mông, nhìn ra ruộng bậc thang."


@pytest.fixture
def homestay(coop):
    """A homestay taking VietQR (its co-operative has a bank account), with one double room,
    and a story written in Vietnamese only."""
    bank_account_give(coop)
    homestay = homestay_make(coop, story=STORY, deposit_percent=30)
    room_make(homestay, name="Phòng đôi", quantity=1, rate_vnd=RATE_VND)
    return homestay


def _day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


CHECK_IN, CHECK_OUT = 10, 12


def _url(name: str, *args, language: str) -> str:
    with translation.override(language):
        return reverse(name, args=args)


class Phone:
    """A browser context the size of a phone that records every address it asks for."""

    def __init__(self, browser, base: str, *, locale: str, java_script: bool = True):
        self.base = base
        self.context = browser.new_context(
            viewport=PHONE, locale=locale, java_script_enabled=java_script
        )
        self.requested: list[str] = []
        self.context.on("request", lambda request: self.requested.append(request.url))
        self.page = self.context.new_page()

    def fits(self) -> None:
        """The page does not scroll sideways, and each id names one element (a label is tied
        to its own field)."""
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (self.page.url, width)
        ids = self.page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
        assert sorted({i for i in ids if ids.count(i) > 1}) == [], self.page.url

    def stayed_home(self) -> None:
        """Every request went to the live server, none to a third party."""
        host = urlsplit(self.base).netloc
        away = [
            url for url in self.requested if url.startswith("http") and urlsplit(url).netloc != host
        ]
        assert self.requested
        assert away == []


@pytest.fixture
def phones(browser, live_server):
    """Phones on the live server, each a browser context of its own, closed at the end."""
    made: list[Phone] = []

    def make(*, locale: str, java_script: bool = True) -> Phone:
        made.append(Phone(browser, live_server.url, locale=locale, java_script=java_script))
        return made[-1]

    yield make
    for phone in made:
        phone.context.close()


def _book(phone: Phone, homestay, *, language: str, labels: dict[str, str]) -> None:
    """From the stays list to the booking page: the dates typed in the stay page's form, the
    free room with its price for the two nights, name and phone, a VietQR deposit."""
    page = phone.page
    page.goto(phone.base + _url("tourism:stay-list", language=language))
    phone.fits()
    with page.expect_navigation():
        page.click(f"a[href$='/stays/{homestay.slug}/']")
    phone.fits()
    form = page.locator("form.stay-search")
    form.locator("input[name=check_in]").fill(_day(CHECK_IN).isoformat())
    form.locator("input[name=check_out]").fill(_day(CHECK_OUT).isoformat())
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    phone.fits()
    room = homestay.rooms.get()
    offer = page.locator(f"#room-{room.pk}")
    with translation.override(language):
        total = money_vnd_text(2 * RATE_VND)
    assert total in offer.inner_text()
    assert labels["nights"] in page.locator("main").inner_text()
    offer.locator("input[name=guest_name]").fill("Emma Clarke")
    # A visitor from abroad writes their number as the help text shows.
    example = offer.locator(".helptext[id$=guest_phone_helptext]").inner_text()
    number = re.search(r"\+[\d ]+\d", example)
    assert number is not None, example
    offer.locator("input[name=guest_phone]").fill(number[0])
    offer.locator("input[name=payment][value=vietqr_deposit]").check()
    with page.expect_navigation():
        offer.locator("button[type=submit]").click()
    phone.fits()
    assert page.locator(".vietqr__code svg").count() == 1
    with translation.override(language):
        deposit = money_vnd_text(2 * RATE_VND * 30 // 100)
    assert deposit in page.locator(".vietqr").inner_text()


ENGLISH = {"nights": "2 nights"}


def test_a_visitor_books_in_english_the_host_confirms_and_nobody_books_it_twice(
    transactional_db, live_server, phones, phone_page, homestay, coop_member
):
    base = live_server.url
    visitor = phones(locale="en-US")
    _book(visitor, homestay, language="en", labels=ENGLISH)
    assert visitor.page.locator("html").get_attribute("lang") == "en"
    visitor.stayed_home()
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.HELD
    assert (booking.check_in, booking.check_out) == (_day(CHECK_IN), _day(CHECK_OUT))

    host = phone_page
    browser_sign_in(host, base, login=coop_member.phone)
    host.goto(base + reverse("tourism_host:today"))
    assert host.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    held = host.locator(f"#booking-{booking.code}")
    assert "Còn giữ chỗ" in held.inner_text()
    with host.expect_navigation():
        held.locator(f"a[href$='/{booking.code}/']").click()
    with host.expect_navigation():
        host.click("form[action$='/confirm/'] button[type=submit]")
    assert host.locator("#booking-status").inner_text() == "Đã xác nhận"
    assert host.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED

    second = phones(locale="en-US")
    page = second.page
    page.goto(base + _url("tourism:stay-detail", homestay.slug, language="en"))
    form = page.locator("form.stay-search")
    form.locator("input[name=check_in]").fill(_day(CHECK_IN).isoformat())
    form.locator("input[name=check_out]").fill(_day(CHECK_OUT).isoformat())
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    second.fits()
    assert "No room is free for these dates" in page.locator("main").inner_text()
    assert page.locator("input[name=guest_name]").count() == 0

    # Other dates give the booking form (and its CSRF token); sent for the taken nights, it is
    # refused.
    book_url = base + _url("tourism:stay-book", homestay.slug, language="en")
    page.goto(f"{book_url}?check_in={_day(20)}&check_out={_day(22)}&guests=2")
    room = homestay.rooms.get()
    fields = {
        name: page.locator(f"#room-{room.pk} [name={name}]").first.input_value()
        for name in ("csrfmiddlewaretoken", "room_type", "rooms", "adults", "children")
    }
    taken = {"check_in": _day(CHECK_IN).isoformat(), "check_out": _day(CHECK_OUT).isoformat()}
    answer = page.request.post(
        f"{book_url}?check_in={taken['check_in']}&check_out={taken['check_out']}&guests=2",
        form={
            **fields,
            **taken,
            "guests": "2",
            "guest_name": "Late Guest",
            "guest_phone": "+44 7911 654321",
            "payment": "vietqr_deposit",
        },
    )
    assert answer.status == 409
    assert "This room is no longer free for these dates" in answer.text()
    second.stayed_home()

    assert Booking.objects.count() == 1
    nights = RoomNight.objects.filter(room_type=room).order_by("date")
    assert [(night.date, night.booked) for night in nights] == [
        (_day(CHECK_IN), 1),
        (_day(CHECK_IN + 1), 1),
    ]


def test_a_visitor_books_in_chinese_with_the_untranslated_story_marked(
    transactional_db, phones, homestay
):
    visitor = phones(locale="zh-CN")
    page = visitor.page
    page.goto(visitor.base + _url("tourism:stay-detail", homestay.slug, language="zh-hans"))
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    search = page.locator("form.stay-search").inner_text()
    assert "入住" in search and "退房" in search
    assert STORY in page.locator("#story").inner_text()
    assert "尚未翻译" in page.locator("#stay .lingo-mark").first.inner_text()
    visitor.fits()

    _book(visitor, homestay, language="zh-hans", labels={"nights": "2"})
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    facts = page.locator("dl.facts").inner_text()
    assert "入住" in facts and "退房" in facts
    visitor.stayed_home()
    assert Booking.objects.get().guest_language == "zh-hans"


def test_the_english_booking_works_without_javascript(transactional_db, phones, homestay):
    visitor = phones(locale="en-US", java_script=False)
    _book(visitor, homestay, language="en", labels=ENGLISH)
    visitor.stayed_home()
    assert Booking.objects.get().status == BookingStatus.HELD
