"""The services behind the host's tour pages, against the real database: a departure's seats
changed (never below the seats booked), a departure removed (never while a guest holds a seat),
departures added every week, and the selectors that scope them to the host's organisations."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from banso.orgs.models import Organisation, OrganisationApproval
from banso.tourism.models import BookingStatus, CancelledBy, ListingStatus, TourDeparture
from banso.tourism.selectors.host import (
    departure_for_host,
    organisations_for_new_listing,
    places_for_tours,
    tour_departures_coming,
    tour_for_host,
    tours_for_host_list,
)
from banso.tourism.services.bookings import booking_cancel, tour_book
from banso.tourism.services.listings import (
    departure_remove,
    departure_series_create,
    departure_update,
    tour_review,
    tour_update,
)
from banso.tourism.tests import host_fixtures
from banso.tourism.tests.host_fixtures import GUEST, tour
from banso.tourism.tests.makers import place_make
from banso.tourism.tests.stay_makers import departure_make, trek_make

pytestmark = pytest.mark.django_db
trek = host_fixtures.trek


def fresh(departure: TourDeparture) -> TourDeparture:
    return TourDeparture.objects.get(pk=departure.pk)


# departure_update ----------------------------------------------------------------------------


def test_a_host_changes_the_seats_and_price_of_a_departure(coop_member, trek):
    booking = tour(trek)  # two seats
    departure = booking.departure
    departure_update(actor=coop_member, departure=departure, capacity=2, price_vnd=450_000)
    saved = fresh(departure)
    assert (saved.capacity, saved.price_vnd, saved.seats_taken) == (2, 450_000, 2)
    departure_update(actor=coop_member, departure=departure, capacity=20, price_vnd=None)
    assert (fresh(departure).capacity, fresh(departure).price_vnd) == (20, None)


def test_fewer_seats_than_are_booked_is_refused_and_changes_nothing(coop_member, trek):
    booking = tour(trek, adults=3)
    departure = booking.departure
    with pytest.raises(ValidationError) as refused:
        departure_update(actor=coop_member, departure=departure, capacity=2, price_vnd=None)
    error = refused.value.error_dict["capacity"][0]
    assert error.code == "below_seats_taken"
    assert "3" in error.messages[0]
    assert fresh(departure).capacity == 8


def test_the_seats_booked_are_read_from_the_database_not_from_a_stale_row(coop_member, trek):
    """The page was read before a guest booked: the service still sees the guest's seats."""
    departure = departure_make(trek)
    stale = TourDeparture.objects.get(pk=departure.pk)
    tour_book(departure=departure, adults=4, guest=GUEST, payment="on_arrival")
    with pytest.raises(ValidationError):
        departure_update(actor=coop_member, departure=stale, capacity=3, price_vnd=None)
    assert fresh(departure).capacity == 8


def test_a_full_departure_takes_no_more_booking_after_its_seats_are_cut(coop_member, trek):
    booking = tour(trek)
    departure_update(actor=coop_member, departure=booking.departure, capacity=2, price_vnd=None)
    with pytest.raises(ValidationError) as full:
        tour_book(departure=booking.departure, adults=1, guest=GUEST, payment="on_arrival")
    assert full.value.code == "full"


def test_another_organisation_may_not_change_a_departure(other_coop_member, trek):
    departure = departure_make(trek)
    with pytest.raises(PermissionDenied):
        departure_update(actor=other_coop_member, departure=departure, capacity=1, price_vnd=1)
    assert (fresh(departure).capacity, fresh(departure).price_vnd) == (8, None)


# departure_remove ----------------------------------------------------------------------------


def test_a_departure_nobody_booked_is_removed(coop_member, trek):
    departure = departure_make(trek)
    departure_remove(actor=coop_member, departure=departure)
    assert not TourDeparture.objects.filter(pk=departure.pk).exists()


def test_a_departure_with_a_held_booking_is_not_removed(coop_member, trek):
    booking = tour(trek)
    assert booking.status == BookingStatus.HELD
    with pytest.raises(ValidationError) as refused:
        departure_remove(actor=coop_member, departure=booking.departure)
    assert refused.value.code == "booked"
    assert "hủy hoặc từ chối" in refused.value.messages[0]
    assert not fresh(booking.departure).is_cancelled


def test_once_its_bookings_are_cancelled_a_departure_is_taken_off_and_kept_for_them(
    coop_member, trek
):
    booking = tour(trek)
    booking_cancel(booking=booking, by=CancelledBy.HOST, note="Mưa lũ")
    departure_remove(actor=coop_member, departure=booking.departure)
    kept = fresh(booking.departure)
    assert kept.is_cancelled and kept.seats_taken == 0
    assert kept not in tour_departures_coming(trek)


def test_another_organisation_may_not_remove_a_departure(other_coop_member, trek):
    departure = departure_make(trek)
    with pytest.raises(PermissionDenied):
        departure_remove(actor=other_coop_member, departure=departure)
    assert TourDeparture.objects.filter(pk=departure.pk).exists()


# departure_series_create ---------------------------------------------------------------------


def test_weekly_departures_are_added_at_the_same_hour_and_existing_ones_kept(coop_member, trek):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    first = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(7, 30)))
    existing = departure_make(trek, days_ahead=0)
    TourDeparture.objects.filter(pk=existing.pk).update(
        starts_at=first + datetime.timedelta(weeks=1), capacity=3
    )
    made = departure_series_create(
        actor=coop_member, tour=trek, first_starts_at=first, weeks=4, capacity=6
    )
    assert len(made) == 3
    starts = [timezone.localtime(d.starts_at) for d in tour_departures_coming(trek)]
    assert [s.date() for s in starts] == [tomorrow + datetime.timedelta(weeks=w) for w in range(4)]
    assert {(s.hour, s.minute) for s in starts} == {(7, 30)}
    assert fresh(existing).capacity == 3
    assert {d.capacity for d in made} == {6}


def test_weekly_departures_are_bounded_and_checked_like_one(coop_member, other_coop_member, trek):
    past = timezone.now() - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as refused:
        departure_series_create(actor=coop_member, tour=trek, first_starts_at=past, weeks=3)
    assert "starts_at" in refused.value.error_dict
    later = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        departure_series_create(actor=coop_member, tour=trek, first_starts_at=later, weeks=27)
    with pytest.raises(PermissionDenied):
        departure_series_create(actor=other_coop_member, tour=trek, first_starts_at=later, weeks=1)
    assert not TourDeparture.objects.filter(tour=trek).exists()


# Selectors and the tour's review -------------------------------------------------------------


def test_the_host_reads_only_their_organisations_tours_and_departures(
    coop_member, other_coop_member, other_coop, trek
):
    departure = departure_make(trek)
    other = trek_make(other_coop, slug="trek-bac-ha")
    departure_make(other)
    assert [t.pk for t in tours_for_host_list(coop_member)] == [trek.pk]
    assert tours_for_host_list(coop_member)[0].coming == 1
    assert tour_for_host(coop_member, pk=trek.pk) == trek
    assert departure_for_host(coop_member, pk=departure.pk) == departure
    with pytest.raises(type(trek).DoesNotExist):
        tour_for_host(other_coop_member, pk=trek.pk)
    with pytest.raises(TourDeparture.DoesNotExist):
        departure_for_host(other_coop_member, pk=departure.pk)


def test_only_approved_active_organisations_may_add_tours(coop, coop_member):
    assert list(organisations_for_new_listing(coop_member)) == [coop]
    Organisation.objects.filter(pk=coop.pk).update(approval=OrganisationApproval.PENDING)
    assert not organisations_for_new_listing(coop_member).exists()


def test_a_tour_visits_published_places_of_its_province_and_keeps_its_own(coop, bac_ha, trek):
    shown = place_make(bac_ha, slug="cho-bac-ha")
    hidden = place_make(bac_ha, slug="thac-an", name="Thác ẩn", is_published=False)
    assert list(places_for_tours(coop)) == [shown]
    trek.places.set([hidden])
    assert set(places_for_tours(coop, tour=trek)) == {shown, hidden}


def test_a_refused_tour_edited_by_its_host_goes_back_to_the_province(
    coop_member, province_officer, trek
):
    tour_review(actor=province_officer, tour=trek, decision="reject", note="Thiếu ảnh")
    tour_update(actor=coop_member, tour=trek, name="Trekking Y Tý hai ngày")
    assert type(trek).objects.get(pk=trek.pk).status == ListingStatus.PENDING
