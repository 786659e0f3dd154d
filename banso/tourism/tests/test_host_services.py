"""The hosts' back office reads and writes against the real database: the one scope of a
host's bookings, the day's lists, the month of nights, and the change of prices and rooms."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from banso.orgs.services import membership_set
from banso.tourism.models import BookingStatus, RoomNight, RoomType
from banso.tourism.selectors.host import (
    bookings_for_host,
    host_bookings,
    host_day,
    host_has_listings,
    room_type_month,
)
from banso.tourism.services.bookings import booking_confirm
from banso.tourism.services.host import room_type_rates_update
from banso.tourism.services.inventory import nights_close
from banso.tourism.tests import host_fixtures
from banso.tourism.tests.host_fixtures import day, moved, stay, tour

pytestmark = pytest.mark.django_db
# The fixtures this module uses, shared with the other tests of the back office.
homestay, room, other_room, trek = (
    host_fixtures.homestay,
    host_fixtures.room,
    host_fixtures.other_room,
    host_fixtures.trek,
)


def test_bookings_for_host_are_those_of_the_host_organisations_only(
    coop,
    coop_member,
    other_coop_member,
    make_user,
    superuser,
    room,
    other_room,
    province_officer,
    django_user_model,
):
    own = stay(room)
    theirs = stay(other_room)
    staff, translator = make_user("Nhân viên"), make_user("Người dịch")
    membership_set(actor=superuser, organisation=coop, user=staff, role="staff")
    membership_set(actor=superuser, organisation=coop, user=translator, role="translator")
    assert list(bookings_for_host(coop_member)) == [own]
    assert list(bookings_for_host(staff)) == [own]
    assert list(bookings_for_host(other_coop_member)) == [theirs]
    # Translators review texts, officers oversee: neither answers guests.
    assert not bookings_for_host(translator).exists()
    assert not bookings_for_host(province_officer).exists()
    from django.contrib.auth.models import AnonymousUser

    assert not bookings_for_host(AnonymousUser()).exists()


def test_the_day_lists_arrivals_departures_tours_and_what_waits(coop_member, room, trek):
    arriving = booking_confirm(booking=stay(room, 0, 2))
    leaving = moved(
        booking_confirm(booking=stay(room, 3, 5)),
        check_in=day(-2),
        check_out=day(0),
        status=BookingStatus.CHECKED_IN,
    )
    held = stay(room, 20, 22)
    touring = moved(booking_confirm(booking=tour(trek)), check_in=day(0))
    requested = tour(trek, days_ahead=12)
    today = host_day(coop_member, today=timezone.localdate())
    assert today.arrivals == [arriving]
    assert today.departures == [leaving]
    assert today.tours == [touring]
    # Newest first: the tour booked last, then the held stay.
    assert today.waiting == [requested, held]


def test_host_bookings_filter_by_status_month_and_tour(coop_member, room, trek):
    first = stay(room, 10, 12)
    later = stay(room, 45, 47)
    on_tour = tour(trek)
    month = (day(45).year, day(45).month)
    # Thirty-five days apart: never in the same month.
    assert list(host_bookings(coop_member, month=month)) == [later]
    assert list(host_bookings(coop_member, tour_id=trek.pk)) == [on_tour]
    booking_confirm(booking=first)
    assert list(host_bookings(coop_member, status=BookingStatus.CONFIRMED)) == [first]


def test_the_month_counts_booked_closed_blocked_and_free_nights(room):
    stay(room, 10, 12)
    nights_close(room_type=room, dates=[day(11)], rooms=1)
    RoomNight.objects.filter(room_type=room, date=day(10)).update(blocked=1)
    nights = {
        night.date: night
        for target in (day(10), day(11))
        for night in room_type_month(room, year=target.year, month=target.month)
    }
    assert (nights[day(10)].booked, nights[day(10)].blocked, nights[day(10)].free) == (1, 1, 0)
    assert (nights[day(11)].booked, nights[day(11)].closed, nights[day(11)].free) == (1, 1, 0)
    untouched = next(n for n in nights.values() if n.date not in (day(10), day(11)))
    assert (untouched.capacity, untouched.free) == (2, 2)


def test_rates_update_saves_prices_and_brings_future_nights_in_step(room, coop_member):
    stay(room, 10, 12)
    room_type_rates_update(
        actor=coop_member,
        room_type=room,
        rate_vnd=550_000,
        weekend_rate_vnd=700_000,
        min_nights=2,
        quantity=3,
    )
    room.refresh_from_db()
    assert (room.rate_vnd, room.weekend_rate_vnd, room.min_nights, room.quantity) == (
        550_000,
        700_000,
        2,
        3,
    )
    assert set(RoomNight.objects.filter(room_type=room).values_list("capacity", flat=True)) == {3}


def test_rates_update_refusing_fewer_rooms_than_booked_changes_nothing(room, coop_member):
    stay(room, 10, 12, rooms=2, adults=3)
    with pytest.raises(ValidationError) as refused:
        room_type_rates_update(
            actor=coop_member,
            room_type=room,
            rate_vnd=900_000,
            weekend_rate_vnd=None,
            min_nights=1,
            quantity=1,
        )
    assert refused.value.error_dict["quantity"][0].code == "booked"
    saved = RoomType.objects.get(pk=room.pk)
    assert (saved.rate_vnd, saved.quantity) == (500_000, 2)
    assert set(RoomNight.objects.filter(room_type=room).values_list("capacity", flat=True)) == {2}


def test_rates_update_checks_the_fields(room, coop_member):
    with pytest.raises(ValidationError) as refused:
        room_type_rates_update(
            actor=coop_member,
            room_type=room,
            rate_vnd=0,
            weekend_rate_vnd=None,
            min_nights=1,
            quantity=2,
        )
    assert "rate_vnd" in refused.value.error_dict
    assert RoomType.objects.get(pk=room.pk).rate_vnd == 500_000


def test_the_account_page_shows_the_way_only_to_hosts(coop_member, other_coop_member, room):
    assert host_has_listings(coop_member)
    assert not host_has_listings(other_coop_member)
