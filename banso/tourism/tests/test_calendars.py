"""Room calendars with other channels: feeds read over real HTTP block exactly their nights, a
broken feed blocks nothing new, and our export parses back as RFC 5545."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from banso.tourism.ical import feed_nights
from banso.tourism.models import ChannelFeed, RoomNight
from banso.tourism.services.bookings import Guest, booking_cancel, stay_book
from banso.tourism.services.calendars import (
    feed_add,
    feed_refresh,
    feed_remove,
    feeds_refresh_due,
    room_type_calendar,
)
from banso.tourism.services.inventory import nights_close
from banso.tourism.tests.stay_makers import homestay_make, room_make

pytestmark = pytest.mark.django_db


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def ical_date(offset: int) -> str:
    return day(offset).strftime("%Y%m%d")


class FeedServer:
    """A channel's calendar server on 127.0.0.1: ``pages[path] = (status, body)``."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, bytes]] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status, body = pages.get(self.path, (404, b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", "text/calendar")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # Polled every 50 ms: shutdown() at the end of a test returns at once, not after up to
        # the default half second.
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"


@pytest.fixture
def server():
    running = FeedServer()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


@pytest.fixture
def room(coop):
    return room_make(homestay_make(coop))


def airbnb_feed() -> bytes:
    """Airbnb's shape: all-day reservations (DTEND exclusive), overlapping ones, and a timed
    Booking.com-like block in Paris time, a cancelled event and a free one."""
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN",
        "VERSION:2.0",
        "BEGIN:VEVENT",
        f"DTSTART;VALUE=DATE:{ical_date(10)}",
        f"DTEND;VALUE=DATE:{ical_date(12)}",
        "UID:a1@airbnb.com",
        "SUMMARY:Reserved",
        "END:VEVENT",
        "BEGIN:VEVENT",
        f"DTSTART;VALUE=DATE:{ical_date(11)}",
        f"DTEND;VALUE=DATE:{ical_date(13)}",
        "UID:a2@airbnb.com",
        "SUMMARY:Airbnb (Not available)",
        "END:VEVENT",
        "BEGIN:VEVENT",
        # 09:00 Paris on day 20 is 14:00 or 15:00 in Vietnam: the night of day 20, until the
        # next morning 08:00 Paris (13:00 or 14:00 in Vietnam), past check-out: not night 21
        f"DTSTART;TZID=Europe/Paris:{ical_date(20)}T090000",
        f"DTEND;TZID=Europe/Paris:{ical_date(21)}T050000",
        "UID:b1@booking.com",
        "SUMMARY:CLOSED - Not available",
        "END:VEVENT",
        "BEGIN:VEVENT",
        f"DTSTART;VALUE=DATE:{ical_date(30)}",
        f"DTEND;VALUE=DATE:{ical_date(32)}",
        "UID:c1@airbnb.com",
        "STATUS:CANCELLED",
        "END:VEVENT",
        "BEGIN:VEVENT",
        f"DTSTART;VALUE=DATE:{ical_date(40)}",
        "UID:d1@airbnb.com",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def blocked(room) -> dict[datetime.date, int]:
    return dict(
        RoomNight.objects.filter(room_type=room, blocked__gt=0).values_list("date", "blocked")
    )


def test_a_channels_feed_blocks_exactly_its_nights(room, server):
    server.pages["/airbnb.ics"] = (200, airbnb_feed())
    feed = ChannelFeed.objects.create(room_type=room, name="Airbnb", url=server.url("/airbnb.ics"))
    feed = feed_refresh(feed=feed)
    assert feed.last_error == ""
    assert blocked(room) == {day(10): 1, day(11): 1, day(12): 1, day(20): 1}
    assert feed.nights_count == 4
    # a blocked night is not sold here
    with pytest.raises(ValidationError):
        stay_book(
            room_type=room,
            check_in=day(12),
            check_out=day(13),
            adults=1,
            guest=Guest(name="Hà", phone="0912345678"),
            payment="on_arrival",
        )


def test_two_channels_on_one_night_count_twice_and_a_reading_frees_what_left(room, server):
    server.pages["/a.ics"] = (200, airbnb_feed())
    server.pages["/b.ics"] = (200, airbnb_feed())
    first = ChannelFeed.objects.create(room_type=room, name="Airbnb", url=server.url("/a.ics"))
    second = ChannelFeed.objects.create(room_type=room, name="Booking", url=server.url("/b.ics"))
    feed_refresh(feed=first)
    feed_refresh(feed=second)
    assert blocked(room)[day(10)] == 2
    server.pages["/a.ics"] = (200, b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    feed_refresh(feed=first)
    assert blocked(room) == {day(10): 1, day(11): 1, day(12): 1, day(20): 1}
    feed_remove(feed=second)
    assert blocked(room) == {}


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, b"<!DOCTYPE html><html><body>Sign in</body></html>", "iCalendar"),
        (200, b"", "empty"),
        (200, b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n", ""),
        (503, b"busy", "HTTP 503"),
    ],
)
def test_a_broken_feed_blocks_nothing_new_and_says_why(room, server, status, body, expected):
    server.pages["/feed.ics"] = (200, airbnb_feed())
    feed = ChannelFeed.objects.create(room_type=room, name="Airbnb", url=server.url("/feed.ics"))
    feed_refresh(feed=feed)
    before = blocked(room)
    server.pages["/feed.ics"] = (status, body)
    with translation.override("en"):
        feed = feed_refresh(feed=feed)
    assert feed.last_error
    assert expected in feed.last_error
    assert blocked(room) == before  # neither freed nor blocked by a broken reading


def test_an_unreachable_address_is_refused_in_vietnamese(room):
    feed = ChannelFeed.objects.create(room_type=room, name="X", url="http://127.0.0.1:9/none.ics")
    with translation.override("vi"):
        feed = feed_refresh(feed=feed)
    assert "Không" in feed.last_error or "không" in feed.last_error
    assert blocked(room) == {}


def test_feed_add_checks_the_address(room):
    with pytest.raises(ValidationError):
        feed_add(room_type=room, name="Airbnb", url="not an address")
    assert not ChannelFeed.objects.exists()


def test_feeds_due_are_queued_once(room, server):
    server.pages["/feed.ics"] = (200, airbnb_feed())
    ChannelFeed.objects.create(room_type=room, name="Airbnb", url=server.url("/feed.ics"))
    assert feeds_refresh_due() == 1
    assert feeds_refresh_due() == 0


def test_the_export_parses_back_and_round_trips(room, client):
    guest = Guest(name="Anna", phone="+4915123456789")
    kept = stay_book(
        room_type=room,
        check_in=day(5),
        check_out=day(7),
        adults=1,
        guest=guest,
        payment="on_arrival",
    )
    gone = stay_book(
        room_type=room,
        check_in=day(9),
        check_out=day(10),
        adults=1,
        guest=guest,
        payment="on_arrival",
    )
    booking_cancel(booking=gone, by="guest")
    nights_close(room_type=room, dates=[day(7)])
    RoomNight.objects.filter(room_type=room, date=day(15)).update(blocked=1)  # others' night
    response = client.get(reverse("tourism_calendars:room", args=[room.calendar_token]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    events = calendar.walk("VEVENT")
    assert [(e["DTSTART"].dt, e["DTEND"].dt) for e in events] == [(day(5), day(8))]
    assert "Anna" not in response.content.decode()
    assert feed_nights(response.content, start=day(0), end=day(60)) == {day(5), day(6), day(7)}
    assert kept.code not in response.content.decode()
    again = client.get(
        reverse("tourism_calendars:room", args=[room.calendar_token]),
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304


def test_an_unknown_calendar_address_is_404(client, room):
    assert client.get(reverse("tourism_calendars:room", args=["nope"])).status_code == 404


def test_the_export_is_what_room_type_calendar_gives(room):
    data = room_type_calendar(room, name="Nhà Sùng", uid_domain="example.vn")
    assert b"X-WR-CALNAME:Nh" in data
    assert data.endswith(b"END:VCALENDAR\r\n")
