"""Fifty guests racing for the last free room of a night, and fifty for the last seat of a tour
departure, on a scratch SQLite file (WAL, IMMEDIATE transactions and the busy timeout of
``banso/settings.py``) and on PostgreSQL too when ``DATABASE_URL`` names one.

A child process migrates nothing itself (the parent did), makes a co-operative with a homestay
and a trek, then for each kind of booking:

1. the baseline: 50 bookings one after the other that do not compete (50 different nights of
   a room, 50 seats of a departure with room for all), timed as a whole;
2. the race, ``RACES`` times: 50 threads, each with its own database connection, released
   together by a barrier, each calling ``stay_book`` (or ``tour_book``) for the one room (seat)
   left; timed from the release until the last thread has its answer.

Every race must give exactly one booking and 49 refusals with the code ``full``: anything else
(two bookings, a "database is locked", a deadlock) is reported as a missed goal. The time per
booking of the race (its wall time ÷ 50) is set against the sequential baseline's, in the same
process: how much the contention costs each guest, whether they win or are told it is gone.
"""

import argparse
import json
import statistics
import threading
import time

from bench.report import Goal, Measure, Report
from bench.server import both_databases_run, child_figures

NAME = "tourism_booking"
GUESTS = 50
RACES = 3
CHILD_TIMEOUT_SECONDS = 600


def _measures(label: str, figures: dict) -> list[Measure]:
    measures = []
    for key, what in (("stay", "last room"), ("tour", "last seat")):
        part = figures[key]
        measures += [
            Measure(
                f"{NAME} sequential",
                f"{what}: per booking, {GUESTS} in a row, {label}",
                part["sequential_per_booking_ms"],
                "ms",
            ),
            Measure(
                NAME,
                f"{what}: race of {GUESTS}, wall, median of {RACES}, {label}",
                part["race_wall_ms"],
                "ms",
            ),
            Measure(
                NAME,
                f"{what}: race, per guest vs sequential, {label}",
                part["race_wall_ms"] / GUESTS,
                "ms",
                baseline=part["sequential_per_booking_ms"],
            ),
            Measure(
                NAME,
                f"{what}: bookings won, worst race, {label}",
                part["won_worst"],
                "bookings",
                baseline=1,
                goal=Goal(1.0, at_least=False, exactly=True),
            ),
            Measure(
                NAME,
                f"{what}: refused as full, worst race, {label}",
                part["full_worst"],
                "guests",
                baseline=GUESTS - 1,
                goal=Goal(1.0, at_least=False, exactly=True),
            ),
        ]
    return measures


def _child(environment: dict[str, str]) -> dict:
    return child_figures(
        "bench.tourism_booking", environment, timeout=CHILD_TIMEOUT_SECONDS, what="tourism booking"
    )


def run(options: argparse.Namespace) -> Report:
    return both_databases_run(
        NAME, measure=lambda environment, _var_dir: _child(environment), measures_of=_measures
    )


# --- what runs in the child process, with the scratch database -----------------------------


def _guest(number: int):
    from banso.tourism.services.bookings import Guest

    return Guest(name=f"Khách {number}", phone=f"09120{number:05d}")


def _race(book) -> dict:
    """``book(n)`` by ``GUESTS`` threads released together: the wall time and the answers."""
    from django.core.exceptions import ValidationError
    from django.db import connections

    start = threading.Barrier(GUESTS + 1)
    won: list[str] = []
    full: list[int] = []
    failed: list[str] = []

    def guest(number: int) -> None:
        try:
            start.wait()
            won.append(book(number))
        except ValidationError as error:
            codes = [item.code for item in error.error_list]
            if codes == ["full"]:
                full.append(number)
            else:
                failed.append(f"refused with {codes}")
        except Exception as error:  # any other failure is what the race must not give
            failed.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guest, args=(n,)) for n in range(GUESTS)]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = (time.perf_counter() - started) * 1000
    return {"wall_ms": round(wall, 1), "won": len(won), "full": len(full), "failed": failed}


def _summary(sequential_ms: float, races: list[dict]) -> dict:
    worst = max(races, key=lambda race: abs(race["won"] - 1))
    return {
        "sequential_per_booking_ms": round(sequential_ms / GUESTS, 2),
        "race_wall_ms": statistics.median(race["wall_ms"] for race in races),
        "won_worst": worst["won"],
        "full_worst": min(race["full"] for race in races),
        "races": races,
    }


def child_main() -> None:
    import datetime

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from banso.accounts.services import user_create
    from banso.orgs.services import organisation_create
    from banso.places.loading import units_load
    from banso.places.models import AdministrativeUnit
    from banso.tourism.models import Booking, RoomNight, TourDeparture
    from banso.tourism.services.bookings import stay_book, tour_book
    from banso.tourism.tests.stay_makers import (
        departure_make,
        homestay_make,
        room_make,
        trek_make,
    )

    if not AdministrativeUnit.objects.exists():
        units_load()
    commune = AdministrativeUnit.objects.filter(is_current=True, level="commune")[0]
    admin = user_create(
        full_name="Quản trị", phone="0981000004", password="bench-pass-1", is_superuser=True
    )
    coop = organisation_create(
        actor=admin, name="Hợp tác xã du lịch Y Tý", kind="cooperative", unit=commune
    )
    homestay = homestay_make(coop)
    trek = trek_make(coop)
    today = timezone.localdate()
    one_night = datetime.timedelta(days=1)

    def stay(room, night, number: int) -> str:
        return stay_book(
            room_type=room,
            check_in=night,
            check_out=night + one_night,
            adults=1,
            guest=_guest(number),
            payment="on_arrival",
        ).code

    def seat(departure, number: int) -> str:
        return tour_book(
            departure=departure, adults=1, guest=_guest(number), payment="on_arrival"
        ).code

    # Stays: the baseline books 50 different nights of one room, in a row.
    room = room_make(homestay, name="Phòng nền", quantity=1)
    started = time.perf_counter()
    for number in range(GUESTS):
        stay(room, today + datetime.timedelta(days=30 + number), number)
    stay_sequential = (time.perf_counter() - started) * 1000
    stay_races = []
    for race in range(RACES):
        # two rooms, one sold already: the race is for the last one
        contested = room_make(homestay, name=f"Phòng đôi {race}", quantity=2)
        night = today + datetime.timedelta(days=20)
        stay(contested, night, 99)
        result = _race(lambda n, room=contested, night=night: stay(room, night, n))
        result["booked"] = RoomNight.objects.get(room_type=contested, date=night).booked
        stay_races.append(result)

    # Tours: the baseline takes 50 seats of a departure with room for everyone.
    roomy = departure_make(trek, days_ahead=30, capacity=GUESTS)
    started = time.perf_counter()
    for number in range(GUESTS):
        seat(roomy, number)
    tour_sequential = (time.perf_counter() - started) * 1000
    tour_races = []
    for race in range(RACES):
        departure = departure_make(trek, days_ahead=10 + race, capacity=6)
        TourDeparture.objects.filter(pk=departure.pk).update(seats_taken=5)
        result = _race(lambda n, departure=departure: seat(departure, n))
        result["seats_taken"] = TourDeparture.objects.get(pk=departure.pk).seats_taken
        tour_races.append(result)

    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "guests": GUESTS,
                "bookings": Booking.objects.count(),
                "stay": _summary(stay_sequential, stay_races),
                "tour": _summary(tour_sequential, tour_races),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    child_main()
