"""What a host (chủ nhà nghỉ, người tổ chức tour) reads in the back office: the bookings, stays
and tours of the organisations they belong to, and each room type's nights month by month.

One scope: :func:`bookings_for_host` (and its twins for stays and room types) reads the
organisations through ``orgs``' ``organisations_for_user(action="member")``, so owners and staff
see their organisation's bookings and translators, officers and other organisations do not.
Every host page reads through these, so none can forget the filter.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from banso.orgs.models import Organisation, OrganisationApproval
from banso.orgs.selectors import organisations_for_user
from banso.tourism.models import (
    HOLDING_STATUSES,
    Booking,
    BookingKind,
    BookingStatus,
    Lodging,
    LodgingPhoto,
    Place,
    RateRule,
    RoomNight,
    RoomType,
    Tour,
    TourDeparture,
    TourPhoto,
)

# Bookings that wait for the host's answer.
WAITING_STATUSES = (BookingStatus.REQUESTED, BookingStatus.HELD)


def _organisations(user) -> QuerySet[Organisation]:
    return organisations_for_user(user, action="member")


def bookings_for_host(user) -> QuerySet[Booking]:
    """The bookings of the organisations ``user`` belongs to as owner or staff, newest first."""
    return (
        Booking.objects.filter(organisation__in=_organisations(user).values("pk"))
        .select_related("room_type__lodging", "tour", "departure")
        .order_by("-created_at", "-pk")
    )


def booking_for_host(user, *, code: str) -> Booking:
    """One booking of the host's; ``Booking.DoesNotExist`` for another organisation's, so that
    it cannot be told from a code that does not exist."""
    return bookings_for_host(user).select_related("review").get(code=code)


def lodgings_for_host(user) -> QuerySet[Lodging]:
    """The host's stays, each with its room types."""
    return Lodging.objects.filter(
        organisation__in=_organisations(user).values("pk")
    ).prefetch_related(Prefetch("rooms", queryset=RoomType.objects.order_by("position", "pk")))


def lodging_for_host(user, *, pk: int) -> Lodging:
    """One stay of the host's, with its organisation (bank account) and address;
    ``Lodging.DoesNotExist`` for another organisation's."""
    return (
        lodgings_for_host(user)
        .select_related("organisation", "unit", "village", "reviewed_by")
        .get(pk=pk)
    )


def organisations_for_new_listing(user) -> QuerySet[Organisation]:
    """The host's organisations that may add a stay or a tour: active and approved (one waiting
    for its commune's approval adds them once approved, as it opens a shop)."""
    return (
        _organisations(user)
        .filter(is_active=True, approval=OrganisationApproval.APPROVED)
        .order_by("name_sort")
    )


def lodging_photos(lodging: Lodging, *, room_type: RoomType | None = None) -> list[LodgingPhoto]:
    """The photos of the stay itself, or of one of its room types, in their order."""
    return list(LodgingPhoto.objects.filter(lodging=lodging, room_type=room_type))


def room_type_rate_rules(room_type: RoomType) -> list[RateRule]:
    return list(RateRule.objects.filter(room_type=room_type).order_by("kind", "pk"))


def tours_for_host(user) -> QuerySet[Tour]:
    return Tour.objects.filter(organisation__in=_organisations(user).values("pk"))


def tours_for_host_list(user, *, now: datetime.datetime | None = None) -> QuerySet[Tour]:
    """The host's tours for their list, by organisation then name, each with the number of its
    coming departures (``coming``), in one query."""
    now = now or timezone.now()
    return (
        tours_for_host(user)
        .select_related("organisation")
        .annotate(
            coming=Count(
                "departures",
                filter=Q(departures__starts_at__gt=now, departures__is_cancelled=False),
            )
        )
        .order_by("organisation__name_sort", "name_sort", "pk")
    )


def tour_for_host(user, *, pk: int) -> Tour:
    """One tour of the host's organisations; ``Tour.DoesNotExist`` for another's."""
    return tours_for_host(user).select_related("organisation", "unit").get(pk=pk)


def tour_departures_coming(
    tour: Tour, *, now: datetime.datetime | None = None
) -> QuerySet[TourDeparture]:
    """The tour's departures still to leave, soonest first (cancelled ones left out)."""
    now = now or timezone.now()
    return TourDeparture.objects.filter(tour=tour, is_cancelled=False, starts_at__gt=now).order_by(
        "starts_at"
    )


def departure_for_host(user, *, pk: int) -> TourDeparture:
    """One departure of the host's tours; ``TourDeparture.DoesNotExist`` for another's."""
    return TourDeparture.objects.select_related("tour__organisation").get(
        pk=pk, tour__organisation__in=_organisations(user).values("pk")
    )


def tour_photo_for_host(user, *, pk: int) -> TourPhoto:
    """One photo of the host's tours; ``TourPhoto.DoesNotExist`` for another's."""
    return TourPhoto.objects.select_related("tour__organisation").get(
        pk=pk, tour__organisation__in=_organisations(user).values("pk")
    )


def places_for_tours(organisation: Organisation, *, tour: Tour | None = None) -> QuerySet[Place]:
    """The published places a tour of ``organisation`` may visit (those of its province), and
    the places ``tour`` already visits, so that editing it keeps them."""
    where = Q(is_published=True, unit__parent_id=organisation.unit.parent_id)
    if tour is not None:
        where |= Q(pk__in=tour.places.values("pk"))
    return Place.objects.filter(where).order_by("name_sort")


def room_type_for_host(user, *, pk: int) -> RoomType:
    """One room type of the host's stays; ``RoomType.DoesNotExist`` for another's."""
    return RoomType.objects.select_related("lodging").get(
        pk=pk, lodging__organisation__in=_organisations(user).values("pk")
    )


def host_has_listings(user) -> bool:
    """Whether ``user`` belongs to an organisation with a stay or a tour (the account page
    shows the way to the back office then)."""
    return (
        _organisations(user)
        .filter(
            Exists(Lodging.objects.filter(organisation=OuterRef("pk")))
            | Exists(Tour.objects.filter(organisation=OuterRef("pk")))
        )
        .exists()
    )


@dataclass(frozen=True)
class HostDay:
    """The host's day: who arrives, who leaves, which tours leave, what waits for an answer."""

    arrivals: list[Booking]
    departures: list[Booking]
    tours: list[Booking]
    waiting: list[Booking]


def host_day(user, *, today: datetime.date | None = None) -> HostDay:
    """One query for the day's bookings and one for those waiting, sorted here."""
    today = today or timezone.localdate()
    bookings = bookings_for_host(user)
    of_today = list(
        bookings.filter(
            Q(check_in=today, status__in=HOLDING_STATUSES)
            | Q(
                kind=BookingKind.STAY,
                check_out=today,
                status__in=(BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN),
            )
        )
    )
    waiting = list(bookings.filter(status__in=WAITING_STATUSES))
    return HostDay(
        arrivals=[b for b in of_today if b.kind == BookingKind.STAY and b.check_in == today],
        departures=[b for b in of_today if b.kind == BookingKind.STAY and b.check_out == today],
        tours=sorted(
            (b for b in of_today if b.kind == BookingKind.TOUR),
            key=lambda b: b.departure.starts_at if b.departure else timezone.now(),
        ),
        waiting=waiting,
    )


def host_bookings(
    user, *, status: str = "", month: tuple[int, int] | None = None, tour_id: int | None = None
) -> QuerySet[Booking]:
    """The host's bookings, of one status, starting in one month (year, month), of one tour,
    when given."""
    bookings = bookings_for_host(user)
    if status:
        bookings = bookings.filter(status=status)
    if tour_id is not None:
        bookings = bookings.filter(tour_id=tour_id)
    if month is not None:
        year, number = month
        first = datetime.date(year, number, 1)
        last = first + datetime.timedelta(days=calendar.monthrange(year, number)[1])
        bookings = bookings.filter(
            Q(check_in__gte=first, check_in__lt=last)
            | Q(check_in__isnull=True, requested_date__gte=first, requested_date__lt=last)
        )
    return bookings


@dataclass(frozen=True)
class NightRow:
    """A night of a room type: how many rooms are booked, closed, blocked and free."""

    date: datetime.date
    capacity: int
    booked: int
    closed: int
    blocked: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked - self.closed - self.blocked, 0)

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() in (4, 5)  # Friday and Saturday nights


def room_type_month(room_type: RoomType, *, year: int, month: int) -> list[NightRow]:
    """Every night of ``month`` for ``room_type``, in one query: nights without a row are wholly
    free, with the room type's number of rooms."""
    first = datetime.date(year, month, 1)
    days = calendar.monthrange(year, month)[1]
    rows = {
        night.date: night
        for night in RoomNight.objects.filter(
            room_type=room_type, date__gte=first, date__lt=first + datetime.timedelta(days=days)
        )
    }
    nights = []
    for offset in range(days):
        day = first + datetime.timedelta(days=offset)
        row = rows.get(day)
        if row is None:
            nights.append(NightRow(day, room_type.quantity, 0, 0, 0))
        else:
            nights.append(NightRow(day, row.capacity, row.booked, row.closed, row.blocked))
    return nights
