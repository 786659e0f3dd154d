"""Room calendars and tour departures as iCalendar: our exports are valid RFC 5545 that reads
back to the same nights, the feeds Airbnb and Booking.com publish block the right nights, and a
broken feed blocks nothing and says why, in Vietnamese too."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from banso.tourism.ical import (
    Departure,
    FeedError,
    Stay,
    calendar_for_departures,
    calendar_for_nights,
    feed_nights,
)

JANUARY = {"start": date(2027, 1, 1), "end": date(2027, 2, 1)}
CREATED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
UPDATED = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
PRODUCT = "-//Bản Số//Du lịch Lào Cai//VI"
ROOM = "Phòng gỗ hướng ruộng bậc thang – Homestay Tả Van, Sa Pa, Lào Cai"


def _feed(*events: str, head: str = "PRODID:-//Test//EN") -> bytes:
    """A VCALENDAR around ``events`` (lines separated by newlines), with CRLF line ends."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", head]
    for index, event in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:event-{index}@example.com", *event.split("\n")]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def _nights(first: date, count: int) -> set[date]:
    return {first + timedelta(days=n) for n in range(count)}


def _stay(uid: str, check_in: date, check_out: date, summary: str = "Đã đặt") -> Stay:
    return Stay(
        uid=uid,
        check_in=check_in,
        check_out=check_out,
        summary=summary,
        created_at=CREATED,
        updated_at=UPDATED,
    )


def _lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines), "a bare CR or LF"
    return lines


# Exports


def test_a_rooms_calendar_is_valid_icalendar_of_all_day_stays():
    data = calendar_for_nights(
        name=ROOM,
        product_id=PRODUCT,
        uid_domain="banso.example",
        stays=[
            _stay("booking-17", date(2027, 1, 10), date(2027, 1, 12)),
            _stay("booking-18", date(2027, 1, 20), date(2027, 1, 21), summary="Booked"),
        ],
    )
    calendar = icalendar.Calendar.from_ical(data)

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == PRODUCT
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == ROOM
    first, second = calendar.events
    assert date(2027, 1, 10) == first.DTSTART and not isinstance(first.DTSTART, datetime)
    assert date(2027, 1, 12) == first.DTEND
    assert b"DTSTART;VALUE=DATE:20270110\r\n" in data
    assert b"DTEND;VALUE=DATE:20270112\r\n" in data
    assert str(first["UID"]) == "booking-17@banso.example"
    assert str(first["SUMMARY"]) == "Đã đặt"
    assert first.DTSTAMP == UPDATED
    assert b"DTSTAMP:20261201T150000Z\r\n" in data
    assert str(second["SUMMARY"]) == "Booked"
    assert str(second["UID"]) == "booking-18@banso.example"


def test_lines_are_folded_at_75_octets_with_crlf_and_unfold_to_the_same_text():
    summary = "Đã đặt – phòng có ban công nhìn ra thung lũng Mường Hoa, " * 4
    data = calendar_for_nights(
        name=ROOM * 3,
        product_id=PRODUCT,
        uid_domain="banso.example",
        stays=[_stay("booking-1", date(2027, 1, 10), date(2027, 1, 11), summary=summary)],
    )
    lines = _lines(data)

    assert max(len(line) for line in lines) <= 75
    continued = [line for line in lines if line.startswith(b" ")]
    assert len(continued) >= 4, "long Vietnamese lines must be folded"
    for line in lines:
        line.decode("utf-8")  # never split inside a character
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == ROOM * 3
    assert str(calendar.events[0]["SUMMARY"]) == summary


def test_tour_departures_are_timed_events_in_vietnams_time_with_its_vtimezone():
    departure = Departure(
        uid="departure-5",
        start=datetime(2027, 3, 14, 1, 0, tzinfo=UTC),  # 8:00 in Sa Pa
        end=datetime(2027, 3, 14, 10, 30, tzinfo=UTC),
        summary="Đi bộ Lao Chải – Tả Van",
        description="Gặp hướng dẫn viên người H'Mông ở nhà văn hoá bản.\nMang giày leo núi.",
        location="Nhà văn hoá bản Lao Chải, Sa Pa",
        url="https://banso.example/vi/du-lich/tour/5/",
        geo=(22.3125, 103.8672),
        created_at=CREATED,
        updated_at=UPDATED,
    )
    data = calendar_for_departures(
        name="Tour Lao Chải", product_id=PRODUCT, uid_domain="banso.example", departures=[departure]
    )
    _lines(data)
    calendar = icalendar.Calendar.from_ical(data)

    (timezone,) = calendar.timezones
    assert str(timezone["TZID"]) == "Asia/Ho_Chi_Minh"
    assert calendar.get_missing_tzids() == set()
    (event,) = calendar.events
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20270314T080000\r\n" in data
    assert b"DTEND;TZID=Asia/Ho_Chi_Minh:20270314T173000\r\n" in data
    assert departure.start == event.DTSTART
    assert departure.end == event.DTEND
    assert str(event["UID"]) == "departure-5@banso.example"
    assert str(event["SUMMARY"]) == departure.summary
    assert str(event["DESCRIPTION"]) == departure.description
    assert str(event["LOCATION"]) == departure.location
    assert str(event["URL"]) == departure.url
    assert (event["GEO"].latitude, event["GEO"].longitude) == departure.geo
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_a_departure_without_place_or_page_leaves_those_properties_out():
    departure = Departure(
        uid="departure-6",
        start=datetime(2027, 3, 14, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        end=datetime(2027, 3, 14, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        summary="Chợ phiên Bắc Hà",
        created_at=CREATED,
        updated_at=UPDATED,
    )
    data = calendar_for_departures(
        name="Bắc Hà", product_id=PRODUCT, uid_domain="banso.example", departures=[departure]
    )
    (event,) = icalendar.Calendar.from_ical(data).events

    assert not {"GEO", "URL", "LOCATION", "DESCRIPTION"} & set(event)


def test_a_stay_must_leave_after_it_arrives_and_a_departure_must_know_its_zone():
    with pytest.raises(ValueError, match="check_out"):
        _stay("x", date(2027, 1, 10), date(2027, 1, 10))
    with pytest.raises(ValueError, match="timezone-aware"):
        Departure(
            uid="d",
            start=datetime(2027, 3, 14, 8),
            end=datetime(2027, 3, 14, 9),
            summary="Tour",
            created_at=CREATED,
            updated_at=UPDATED,
        )


def test_nights_exported_then_imported_are_the_same_nights():
    stays = [
        _stay("a", date(2027, 1, 10), date(2027, 1, 12)),
        _stay("b", date(2027, 1, 12), date(2027, 1, 13)),
        _stay("c", date(2027, 1, 28), date(2027, 2, 3)),
    ]
    data = calendar_for_nights(name=ROOM, product_id=PRODUCT, uid_domain="b.example", stays=stays)

    assert feed_nights(data, **JANUARY) == {
        date(2027, 1, 10),
        date(2027, 1, 11),
        date(2027, 1, 12),
        *_nights(date(2027, 1, 28), 4),
    }


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=14)),
        max_size=25,
    )
)
def test_any_stays_exported_then_imported_give_back_their_nights(runs):
    first_day = date(2027, 1, 1)
    stays = [
        _stay(
            f"s{index}",
            first_day + timedelta(days=offset),
            first_day + timedelta(days=offset + length),
        )
        for index, (offset, length) in enumerate(runs)
    ]
    booked = set().union(
        *(_nights(stay.check_in, (stay.check_out - stay.check_in).days) for stay in stays)
    )
    data = calendar_for_nights(name=ROOM, product_id=PRODUCT, uid_domain="b.example", stays=stays)

    assert feed_nights(data, start=first_day, end=first_day + timedelta(days=230)) == booked


# Imports


def test_all_day_events_end_the_day_before_dtend_and_overlaps_merge():
    data = _feed(
        "DTSTART;VALUE=DATE:20270110\nDTEND;VALUE=DATE:20270112",
        "DTSTART;VALUE=DATE:20270111\nDTEND;VALUE=DATE:20270114",
        "DTSTART;VALUE=DATE:20270120",  # no DTEND: one night
        "DTSTART;VALUE=DATE:20270125\nDTEND;VALUE=DATE:20270125",  # DTEND = DTSTART: one night
    )

    assert feed_nights(data, **JANUARY) == {
        *_nights(date(2027, 1, 10), 4),
        date(2027, 1, 20),
        date(2027, 1, 25),
    }


def test_a_utc_event_crossing_midnight_blocks_the_night_it_falls_in():
    # 20:00 UTC on the 15th is 03:00 on the 16th in Vietnam; 06:00 UTC is 13:00.
    data = _feed("DTSTART:20270115T200000Z\nDTEND:20270116T060000Z")

    assert feed_nights(data, **JANUARY) == {date(2027, 1, 15)}


def test_a_paris_event_is_placed_in_vietnams_time():
    # 09:00 in Paris in winter is 15:00 in Vietnam: inside the night of the 20th; it ends at
    # 10:00 in Paris on the 21st, 16:00 in Vietnam, inside the night of the 21st.
    data = _feed(
        "DTSTART;TZID=Europe/Paris:20270120T090000\nDTEND;TZID=Europe/Paris:20270121T100000"
    )

    assert feed_nights(data, **JANUARY) == {date(2027, 1, 20), date(2027, 1, 21)}
    # Read in Paris, it runs from the morning of the 20th (the end of the night of the 19th).
    assert feed_nights(data, tz=ZoneInfo("Europe/Paris"), **JANUARY) == {
        date(2027, 1, 19),
        date(2027, 1, 20),
    }


def test_a_floating_event_is_read_in_the_propertys_zone():
    # 13:00 to 15:00 with no zone: after check-out, into the night of the 10th.
    data = _feed("DTSTART:20270110T130000\nDTEND:20270110T150000")

    assert feed_nights(data, **JANUARY) == {date(2027, 1, 10)}
    # 11:00 to 13:00 with no zone ends the night of the 9th; read as UTC it would be
    # 18:00 to 20:00 in Vietnam, the night of the 10th.
    morning = _feed("DTSTART:20270110T110000\nDTEND:20270110T130000")
    assert feed_nights(morning, **JANUARY) == {date(2027, 1, 9)}


def test_an_unknown_tzid_is_read_as_floating_and_an_event_without_end_as_an_instant():
    # 11:00 in a zone the reader does not know: read as 11:00 here, the morning after the 9th.
    unknown = _feed(
        "DTSTART;TZID=Customized Time Zone:20270110T110000\n"
        "DTEND;TZID=Customized Time Zone:20270110T113000"
    )
    instant = _feed("DTSTART:20270110T230000Z")  # 06:00 on the 11th in Vietnam

    assert feed_nights(unknown, **JANUARY) == {date(2027, 1, 9)}
    assert feed_nights(instant, **JANUARY) == {date(2027, 1, 10)}


def test_check_in_and_check_out_hours_decide_a_short_event():
    cleaning = _feed("DTSTART:20270110T123000\nDTEND:20270110T133000")

    assert feed_nights(cleaning, **JANUARY) == set()
    assert feed_nights(cleaning, check_in=time(13), **JANUARY) == {date(2027, 1, 10)}
    assert feed_nights(cleaning, check_out=time(13), **JANUARY) == {date(2027, 1, 9)}


def test_a_duration_stands_for_dtend():
    data = _feed(
        "DTSTART;VALUE=DATE:20270105\nDURATION:P3D",
        "DTSTART;TZID=Asia/Ho_Chi_Minh:20270120T150000\nDURATION:P1DT1H",
    )

    assert feed_nights(data, **JANUARY) == {
        *_nights(date(2027, 1, 5), 3),
        date(2027, 1, 20),
        date(2027, 1, 21),
    }


def test_a_weekly_event_repeats_inside_the_window_without_its_exceptions():
    data = _feed(
        "DTSTART;VALUE=DATE:20261230\nDTEND;VALUE=DATE:20261231\nRRULE:FREQ=WEEKLY;BYDAY=WE\n"
        "EXDATE;VALUE=DATE:20270113",
    )

    assert feed_nights(data, **JANUARY) == {date(2027, 1, 6), date(2027, 1, 20), date(2027, 1, 27)}


def test_one_cancelled_occurrence_of_a_series_blocks_nothing():
    data = _feed(
        "DTSTART;VALUE=DATE:20270106\nDTEND;VALUE=DATE:20270107\nRRULE:FREQ=WEEKLY;COUNT=3",
        "UID:event-0@example.com\nRECURRENCE-ID;VALUE=DATE:20270113\n"
        "DTSTART;VALUE=DATE:20270113\nDTEND;VALUE=DATE:20270114\nSTATUS:CANCELLED",
    )
    # The second event repeats the series' UID: _feed wrote its own UID first, so drop it.
    data = data.replace(b"UID:event-1@example.com\r\n", b"")

    assert feed_nights(data, **JANUARY) == {date(2027, 1, 6), date(2027, 1, 20)}


def test_cancelled_and_transparent_events_block_nothing():
    data = _feed(
        "DTSTART;VALUE=DATE:20270110\nDTEND;VALUE=DATE:20270112\nSTATUS:CANCELLED",
        "DTSTART;VALUE=DATE:20270115\nDTEND;VALUE=DATE:20270117\nTRANSP:TRANSPARENT",
        "DTSTART;VALUE=DATE:20270120\nDTEND;VALUE=DATE:20270121\nSTATUS:CONFIRMED\nTRANSP:OPAQUE",
    )

    assert feed_nights(data, **JANUARY) == {date(2027, 1, 20)}


def test_events_outside_the_window_are_left_out_and_long_ones_are_clipped():
    data = _feed(
        "DTSTART;VALUE=DATE:20261201\nDTEND;VALUE=DATE:20261210",
        "DTSTART;VALUE=DATE:20270301\nDTEND;VALUE=DATE:20270305",
        "DTSTART;VALUE=DATE:20261230\nDTEND;VALUE=DATE:20270103",
        "DTSTART:20270130T000000Z\nDTEND:20270210T000000Z",
    )

    assert feed_nights(data, **JANUARY) == {
        date(2027, 1, 1),
        date(2027, 1, 2),
        date(2027, 1, 29),
        date(2027, 1, 30),
        date(2027, 1, 31),
    }


def test_a_feed_without_events_blocks_nothing():
    assert feed_nights(_feed(), **JANUARY) == set()


# Real-world shapes, written by hand after the channels' exports.

AIRBNB = (
    b"BEGIN:VCALENDAR\r\n"
    b"PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN\r\n"
    b"CALSCALE:GREGORIAN\r\n"
    b"VERSION:2.0\r\n"
    b"BEGIN:VEVENT\r\n"
    b"DTEND;VALUE=DATE:20270115\r\n"
    b"DTSTART;VALUE=DATE:20270112\r\n"
    b"UID:1418fb94e984-6d0b7a2f3c8e41a5b9d0c7e6f5a4b3c2@airbnb.com\r\n"
    b"DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/det\r\n"
    b" ails/HMQ2X8Z7KD\\nPhone Number (Last 4 Digits): 4821\r\n"
    b"SUMMARY:Reserved\r\n"
    b"END:VEVENT\r\n"
    b"BEGIN:VEVENT\r\n"
    b"DTEND;VALUE=DATE:20270124\r\n"
    b"DTSTART;VALUE=DATE:20270122\r\n"
    b"UID:7f3e2d1c0b9a-0a1b2c3d4e5f60718293a4b5c6d7e8f9@airbnb.com\r\n"
    b"SUMMARY:Airbnb (Not available)\r\n"
    b"END:VEVENT\r\n"
    b"BEGIN:VEVENT\r\n"
    b"DTEND;VALUE=DATE:20270601\r\n"
    b"DTSTART;VALUE=DATE:20270401\r\n"
    b"UID:9c8b7a6f5e4d-3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e@airbnb.com\r\n"
    b"SUMMARY:Airbnb (Not available)\r\n"
    b"END:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)

BOOKING = (
    b"BEGIN:VCALENDAR\r\n"
    b"VERSION:2.0\r\n"
    b"PRODID:-//admin.booking.com//NONSGML Booking.com Availability Calendar//EN\r\n"
    b"CALSCALE:GREGORIAN\r\n"
    b"METHOD:PUBLISH\r\n"
    b"BEGIN:VEVENT\r\n"
    b"DTSTAMP:20261201T081500Z\r\n"
    b"DTSTART;VALUE=DATE:20270105\r\n"
    b"DTEND;VALUE=DATE:20270107\r\n"
    b"UID:4a1f0c9e2b7d6e5f@booking.com\r\n"
    b"SUMMARY:CLOSED - Not available\r\n"
    b"END:VEVENT\r\n"
    b"BEGIN:VEVENT\r\n"
    b"DTSTAMP:20261201T081500Z\r\n"
    b"DTSTART;VALUE=DATE:20270114\r\n"
    b"DTEND;VALUE=DATE:20270115\r\n"
    b"UID:8b2e1d0c3f4a5b6c@booking.com\r\n"
    b"SUMMARY:CLOSED - Not available\r\n"
    b"END:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


def test_an_airbnb_export_blocks_its_reserved_and_unavailable_nights():
    assert feed_nights(AIRBNB, **JANUARY) == {
        *_nights(date(2027, 1, 12), 3),
        date(2027, 1, 22),
        date(2027, 1, 23),
    }
    assert len(feed_nights(AIRBNB, start=date(2027, 1, 1), end=date(2028, 1, 1))) == 5 + 61


def test_a_booking_com_export_blocks_its_closed_nights():
    assert feed_nights(BOOKING, **JANUARY) == {
        date(2027, 1, 5),
        date(2027, 1, 6),
        date(2027, 1, 14),
    }


def test_a_feed_with_lf_line_ends_and_a_byte_order_mark_is_still_read():
    data = b"\xef\xbb\xbf" + BOOKING.replace(b"\r\n", b"\n")

    assert feed_nights(data, **JANUARY) == {date(2027, 1, 5), date(2027, 1, 6), date(2027, 1, 14)}


# Broken feeds


BROKEN = {
    "html": (
        b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Log in</body></html>",
        "trang đăng nhập",
    ),
    "empty": (b"  \r\n", "trống"),
    "json": (b'{"error": "unauthorized"}', "JSON"),
    "not_icalendar": (b"BEGIN:VEVENT\r\nDTSTART:20270101\r\nEND:VEVENT\r\n", "BEGIN:VCALENDAR"),
    "truncated": (AIRBNB[: AIRBNB.index(b"BEGIN:VEVENT", 200)], "END:VCALENDAR"),
    "end_before_start": (
        _feed("DTSTART;VALUE=DATE:20270112\nDTEND;VALUE=DATE:20270110"),
        "kết thúc trước khi bắt đầu",
    ),
    "bad_date": (_feed("DTSTART;VALUE=DATE:20270110\nDTEND;VALUE=DATE:2027XX12"), "2027XX12"),
    "no_start": (_feed("DTEND;VALUE=DATE:20270112\nSUMMARY:Reserved"), "DTSTART"),
    "mixed_values": (_feed("DTSTART;VALUE=DATE:20270110\nDTEND:20270112T100000Z"), "khác loại"),
    "malformed": (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nthis line has no colon\r\nEND:VCALENDAR\r\n",
        "Không đọc được lịch",
    ),
    "recurrence": (_feed("DTSTART;VALUE=DATE:20270110\nRRULE:FREQ=SOMETIMES"), "RRULE"),
}


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_a_broken_feed_raises_a_feed_error_that_names_the_problem_in_vietnamese(code):
    data, words = BROKEN[code]
    with translation.override("vi"), pytest.raises(FeedError) as raised:
        feed_nights(data, **JANUARY)

    assert raised.value.code == code
    assert words in str(raised.value)


def test_the_messages_are_english_in_english_and_vietnamese_in_vietnamese():
    html = BROKEN["html"][0]
    with translation.override("en"), pytest.raises(FeedError, match="sign-in page"):
        feed_nights(html, **JANUARY)
    with translation.override("vi"), pytest.raises(FeedError, match="Địa chỉ lịch trả về"):
        feed_nights(html, **JANUARY)
    late = _feed("DTSTART:20270112T100000Z\nDTEND:20270110T100000Z")
    with translation.override("vi"), pytest.raises(FeedError) as raised:
        feed_nights(late, **JANUARY)
    assert str(raised.value) == (
        "Sự kiện event-0@example.com kết thúc trước khi bắt đầu (DTEND trước DTSTART)."
    )


def test_one_broken_event_among_good_ones_blocks_nothing_at_all():
    data = _feed(
        "DTSTART;VALUE=DATE:20270110\nDTEND;VALUE=DATE:20270112",
        "DTSTART;VALUE=DATE:20270120\nDTEND;VALUE=DATE:20270118",
    )

    with pytest.raises(FeedError) as raised:
        feed_nights(data, **JANUARY)
    assert raised.value.code == "end_before_start"


def test_a_feed_larger_than_the_limit_is_refused_before_it_is_parsed():
    padding = "DESCRIPTION:" + "x" * 70
    data = _feed(*["DTSTART;VALUE=DATE:20270110\n" + "\n".join([padding] * 50)] * 600)
    assert len(data) > 2 * 1024 * 1024

    with translation.override("vi"), pytest.raises(FeedError, match="lớn hơn 2 MB") as raised:
        feed_nights(data, **JANUARY)
    assert raised.value.code == "too_large"
    with translation.override("en"), pytest.raises(FeedError, match=r"larger than 0\.5 MB"):
        feed_nights(AIRBNB + b" " * 600_000, max_bytes=512 * 1024, **JANUARY)
    with translation.override("vi"), pytest.raises(FeedError, match="lớn hơn 0,5 MB"):
        feed_nights(AIRBNB + b" " * 600_000, max_bytes=512 * 1024, **JANUARY)


def test_a_feed_with_too_many_events_is_refused():
    data = _feed(*["DTSTART;VALUE=DATE:20270110"] * 11)

    assert feed_nights(data, max_events=11, **JANUARY) == {date(2027, 1, 10)}
    with translation.override("vi"), pytest.raises(FeedError, match="hơn 10 sự kiện") as raised:
        feed_nights(data, max_events=10, **JANUARY)
    assert raised.value.code == "too_many_events"


def test_a_year_of_a_thousand_events_blocks_every_night():
    start = date(2027, 1, 1)
    events = []
    for index in range(1000):
        day = start + timedelta(days=index * 365 // 1000)
        if index % 2:
            leave = day + timedelta(days=2)
            events.append(f"DTSTART;VALUE=DATE:{day:%Y%m%d}\nDTEND;VALUE=DATE:{leave:%Y%m%d}")
        else:
            events.append(f"DTSTART:{day:%Y%m%d}T070000Z\nDTEND:{day:%Y%m%d}T090000Z")
    data = _feed(*events)

    nights = feed_nights(data, start=start, end=date(2028, 1, 1))

    assert len(nights) == 365


PIECES = [
    "BEGIN:VEVENT",
    "END:VEVENT",
    "BEGIN:VTIMEZONE",
    "END:VTIMEZONE",
    "TZID:Local",
    "TZOFFSETFROM:+0100",
    "UID:same",
    "DTSTART;VALUE=DATE:20270110",
    "DTEND;VALUE=DATE:20270112",
    "DTSTART:20270110T100000Z",
    "DTEND;TZID=Europe/Paris:20270110T100000",
    "DTSTART;TZID=Local:20270110T100000",
    "DURATION:P1D",
    "DURATION:-PT1H",
    "RRULE:FREQ=DAILY;COUNT=3",
    "RDATE;VALUE=DATE:20270115",
    "EXDATE:20270111T100000Z",
    "RECURRENCE-ID;VALUE=DATE:20270111",
    "STATUS:CANCELLED",
    "DTSTART;VALUE=DATE:99991231",
    "DTSTART:99991231T230000Z",
    "DTSTART:00010101T000000Z",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20))
def test_whatever_a_feed_holds_it_gives_nights_of_the_window_or_a_feed_error(pieces):
    data = ("\r\n".join(["BEGIN:VCALENDAR", *pieces, "END:VCALENDAR"]) + "\r\n").encode()
    try:
        nights = feed_nights(data, **JANUARY)
    except FeedError as error:
        assert str(error)
    else:
        assert all(JANUARY["start"] <= night < JANUARY["end"] for night in nights)


def test_a_component_ended_without_being_begun_is_a_feed_that_cannot_be_read():
    data = b"BEGIN:VCALENDAR\r\nTZID:Local\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n"

    with pytest.raises(FeedError) as raised:
        feed_nights(data, **JANUARY)
    assert raised.value.code == "malformed"


def test_a_date_at_the_end_of_time_is_refused_not_crashed_on():
    with translation.override("vi"), pytest.raises(FeedError, match="9999-12-31") as raised:
        feed_nights(_feed("DTSTART;VALUE=DATE:99991231"), **JANUARY)
    assert raised.value.code == "bad_date"
