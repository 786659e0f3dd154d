"""Fifty guests book the last free room for the same night, and fifty the last seat of a
departure, at the same moment: exactly one gets each.

Real threads, each with its own database connection, on committed data (SQLite in WAL mode
with IMMEDIATE transactions, or PostgreSQL, whichever the tests run on); see
``banso.common.tests.databases`` for why SQLite needs a file here.
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from banso.common.tests.databases import file_database
from banso.tourism.models import Booking, RoomNight, TourDeparture
from banso.tourism.services.bookings import Guest, stay_book, tour_book
from banso.tourism.tests.stay_makers import departure_make, homestay_make, room_make, trek_make

GUESTS = 50

pytestmark = pytest.mark.django_db(transaction=True)


def _race(function) -> tuple[list, list, list]:
    """``function(n)`` run by ``GUESTS`` threads released together; returns the results, the
    refusals' codes and any other failure."""
    start = threading.Barrier(GUESTS)
    won, lost, failed = [], [], []

    def run(number: int) -> None:
        try:
            start.wait()
            won.append(function(number))
        except ValidationError as error:
            lost.append([item.code for item in error.error_list])
        except Exception as error:  # any other failure fails the test
            failed.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(GUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return won, lost, failed


def _read(function):
    result = []

    def run():
        try:
            result.append(function())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0]


def guest(number: int) -> Guest:
    return Guest(name=f"Khách {number}", phone=f"09120{number:05d}")


def test_fifty_guests_of_the_last_room_give_one_booking(coop, tmp_path):
    room = room_make(homestay_make(coop), quantity=2)
    night = timezone.localdate() + datetime.timedelta(days=20)
    # one of the two rooms is already sold for that night
    stay_book(
        room_type=room,
        check_in=night,
        check_out=night + datetime.timedelta(days=1),
        adults=1,
        guest=guest(99),
        payment="on_arrival",
    )
    with file_database(tmp_path):
        won, lost, failed = _race(
            lambda n: (
                stay_book(
                    room_type=room,
                    # half want the night before too: overlapping ranges
                    check_in=night - datetime.timedelta(days=n % 2),
                    check_out=night + datetime.timedelta(days=1),
                    adults=2,
                    guest=guest(n),
                    payment="on_arrival",
                ).code
            )
        )
        bookings = _read(lambda: Booking.objects.count())
        booked = _read(lambda: RoomNight.objects.get(room_type=room, date=night).booked)
    assert failed == []
    assert len(won) == 1
    assert len(lost) == GUESTS - 1
    assert lost == [["full"]] * (GUESTS - 1)
    assert bookings == 2
    assert booked == 2


def test_fifty_guests_of_the_last_seat_give_one_booking(coop, tmp_path):
    departure = departure_make(trek_make(coop), capacity=6)
    TourDeparture.objects.filter(pk=departure.pk).update(seats_taken=5)
    with file_database(tmp_path):
        won, lost, failed = _race(
            lambda n: (
                tour_book(departure=departure, adults=1, guest=guest(n), payment="on_arrival").code
            )
        )
        seats = _read(lambda: TourDeparture.objects.get(pk=departure.pk).seats_taken)
        bookings = _read(lambda: Booking.objects.count())
    assert failed == []
    assert len(won) == 1
    assert lost == [["full"]] * (GUESTS - 1)
    assert (seats, bookings) == (6, 1)
