"""Stays (cơ sở lưu trú) with their room types, and tours with their departures: written by
their organisation's people, approved by the province.

Like a shop, a stay or a tour is shown and booked only once a province officer whose province
covers its commune has approved it; a refused one that is edited goes back to the queue. An
organisation that registered itself adds them only once an officer approved it. VietQR payments
go to the organisation's own bank account, so a stay or a tour accepts VietQR only while its
organisation has one.

A room type's number of rooms (``quantity``) is also the ``capacity`` of each of its nights
(``RoomNight``): a change updates the future nights in the same transaction, and is refused
when some future night already has more rooms booked than the new number.
"""

import datetime
from decimal import Decimal
from typing import Literal, TypedDict, Unpack

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from banso.accounts.rules import province_officer_covers_unit
from banso.orgs.models import Organisation
from banso.orgs.services import organisation_require_approved
from banso.places.models import AdministrativeUnit, Village
from banso.tourism.models import (
    BookingStatus,
    ListingStatus,
    Lodging,
    Place,
    RoomType,
    Tour,
    TourDeparture,
)
from banso.tourism.page_cache import tourism_pages_forget
from banso.tourism.services.common import (
    changes_apply,
    commune_check,
    name_set,
    row_save,
    slug_new,
)
from banso.tourism.services.inventory import capacity_change

Decision = Literal["approve", "reject", "suspend"]
DECISIONS: dict[str, str] = {
    "approve": ListingStatus.APPROVED,
    "reject": ListingStatus.REJECTED,
    "suspend": ListingStatus.SUSPENDED,
}


class LodgingDetails(TypedDict, total=False):
    """What a stay may be created with besides its required fields."""

    kind: str
    story: str
    house_rules: str
    unit: AdministrativeUnit
    village: Village | None
    street_address: str
    notify_email: str
    check_in_from: datetime.time
    check_out_until: datetime.time
    cancellation_policy: str
    accepts_pay_at_property: bool
    accepts_vietqr: bool
    deposit_percent: int


class LodgingData(LodgingDetails, total=False):
    """Everything a stay's update may change."""

    name: str
    slug: str
    latitude: float
    longitude: float
    phone: str


class RoomTypeDetails(TypedDict, total=False):
    description: str
    quantity: int
    max_guests: int
    double_beds: int
    single_beds: int
    floor_mattresses: int
    amenities: list[str]
    weekend_rate_vnd: int | None
    min_nights: int
    is_active: bool
    position: int


class RoomTypeData(RoomTypeDetails, total=False):
    name: str
    rate_vnd: int


class TourDetails(TypedDict, total=False):
    story: str
    included: str
    meeting_latitude: float | None
    meeting_longitude: float | None
    unit: AdministrativeUnit
    distance_km: Decimal | None
    difficulty: str
    guide_languages: list[str]
    child_price_vnd: int | None
    group_size: int
    private_on_request: bool
    private_price_vnd: int | None
    cancellation_policy: str
    accepts_pay_at_property: bool
    accepts_vietqr: bool
    deposit_percent: int
    notify_email: str


class TourData(TourDetails, total=False):
    name: str
    slug: str
    kind: str
    meeting_point: str
    duration_minutes: int
    price_vnd: int
    phone: str


LODGING_FIELDS = frozenset(LodgingData.__annotations__)
ROOM_TYPE_FIELDS = frozenset(RoomTypeData.__annotations__)
TOUR_FIELDS = frozenset(TourData.__annotations__)


def _require_manage(actor, permission: str, obj) -> None:
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(_("You may not manage this organisation's stays and tours."))


def _require_review(actor, permission: str, unit: AdministrativeUnit) -> None:
    """Only a province officer whose province covers the commune (or a superuser) reviews."""
    allowed = actor is not None and actor.has_perm(permission)
    if allowed and not actor.is_superuser:
        allowed = province_officer_covers_unit(actor, unit)
    if not allowed:
        raise PermissionDenied(_("Only an officer of the province may review this."))


def _has_bank_account(organisation: Organisation) -> bool:
    return bool(organisation.bank_bin and organisation.bank_account_number)


def _payment_check(row: Lodging | Tour) -> None:
    if row.accepts_vietqr and not _has_bank_account(row.organisation):
        raise ValidationError(
            {
                "accepts_vietqr": _(
                    "VietQR payments go to the organisation's bank account, and it has none "
                    "yet. Add the bank and account number to the organisation first, or accept "
                    "payment on arrival only."
                )
            },
            code="no_bank_account",
        )


def _review_note(decision: Decision, note: str) -> str:
    if decision != "approve" and not note.strip():
        raise ValidationError({"note": _("Say why, so the host can put it right.")})
    return note.strip()


# Stays ------------------------------------------------------------------------------------


def _lodging_save(lodging: Lodging) -> Lodging:
    name_set(lodging)
    commune_check(lodging.unit, lodging.village)
    _payment_check(lodging)
    row_save(lodging, slug_taken=_("Another place to stay has this short address."))
    return lodging


def lodging_create(
    *,
    actor,
    organisation: Organisation,
    name: str,
    latitude: float,
    longitude: float,
    phone: str,
    slug: str = "",
    **fields: Unpack[LodgingDetails],
) -> Lodging:
    """Add a stay of the organisation; it waits for a province officer's approval. Without a
    commune of its own it is in the organisation's."""
    _require_manage(actor, "tourism.change_lodging", organisation)
    organisation_require_approved(organisation)
    fields.setdefault("unit", organisation.unit)
    if "village" not in fields and fields["unit"] == organisation.unit:
        fields["village"] = organisation.village
    if not _has_bank_account(organisation):
        fields.setdefault("accepts_vietqr", False)
    lodging = Lodging(
        organisation=organisation,
        name=name,
        latitude=latitude,
        longitude=longitude,
        phone=phone,
        status=ListingStatus.PENDING,
    )
    changes_apply(lodging, fields, LODGING_FIELDS)
    lodging.slug = slugify(slug) if slug else slug_new(name, Lodging.objects.all(), fallback="stay")
    return _lodging_save(lodging)


def lodging_update(*, actor, lodging: Lodging, **changes: Unpack[LodgingData]) -> Lodging:
    """Change a stay; a refused stay that is edited goes back to the approval queue."""
    _require_manage(actor, "tourism.change_lodging", lodging)
    changes_apply(lodging, changes, LODGING_FIELDS)
    if lodging.status == ListingStatus.REJECTED:
        lodging.status = ListingStatus.PENDING
    return _lodging_save(lodging)


def lodging_review(*, actor, lodging: Lodging, decision: Decision, note: str = "") -> Lodging:
    """Approve, refuse or suspend a stay; refusing and suspending say why (the host reads it)."""
    _require_review(actor, "tourism.approve_lodging", lodging.unit)
    lodging.review_note = _review_note(decision, note)
    lodging.status = DECISIONS[decision]
    lodging.reviewed_by = actor
    lodging.reviewed_at = timezone.now()
    lodging.full_clean()
    lodging.save(
        update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"]
    )
    return lodging


def _room_type_save(room_type: RoomType) -> RoomType:
    room_type.name = " ".join(room_type.name.split())
    room_type.amenities = list(dict.fromkeys(room_type.amenities))
    if room_type.weekend_rate_vnd == 0:
        room_type.weekend_rate_vnd = None
    room_type.full_clean()
    room_type.save()
    return room_type


def room_type_create(
    *, actor, lodging: Lodging, name: str, rate_vnd: int, **fields: Unpack[RoomTypeDetails]
) -> RoomType:
    _require_manage(actor, "tourism.change_roomtype", lodging)
    fields.setdefault("position", lodging.rooms.count())
    room_type = RoomType(lodging=lodging, name=name, rate_vnd=rate_vnd)
    changes_apply(room_type, fields, ROOM_TYPE_FIELDS)
    return _room_type_save(room_type)


@transaction.atomic
def room_type_update(*, actor, room_type: RoomType, **changes: Unpack[RoomTypeData]) -> RoomType:
    """Change a room type. A new number of rooms becomes the capacity of every future night in
    the same transaction (nights already past keep what they were); rooms the host closed on a
    night are cut to the new number. Fewer rooms than a future night has booked is refused:
    those guests must be moved or their bookings cancelled first."""
    _require_manage(actor, "tourism.change_roomtype", room_type.lodging)
    old_quantity = RoomType.objects.select_for_update().only("quantity").get(pk=room_type.pk)
    changes_apply(room_type, changes, ROOM_TYPE_FIELDS)
    if room_type.quantity != old_quantity.quantity:
        capacity_change(
            room_type=room_type, quantity=room_type.quantity, today=timezone.localdate()
        )
    return _room_type_save(room_type)


# Tours ------------------------------------------------------------------------------------


def _tour_save(tour: Tour, places: list[Place] | None = None) -> Tour:
    name_set(tour)
    commune_check(tour.unit)
    _payment_check(tour)
    unknown = [code for code in tour.guide_languages if code not in LANG_INFO]
    if unknown:
        raise ValidationError(
            {
                "guide_languages": _("Unknown language codes: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            }
        )
    tour.guide_languages = list(dict.fromkeys(tour.guide_languages))
    if tour.private_on_request and not tour.private_price_vnd:
        raise ValidationError(
            {"private_price_vnd": _("Give the price of a private tour, or do not offer one.")}
        )
    if (tour.meeting_latitude is None) != (tour.meeting_longitude is None):
        raise ValidationError(
            {"meeting_longitude": _("Give both coordinates of the meeting point, or neither.")}
        )
    row_save(tour, slug_taken=_("Another tour has this short address."))
    if places is not None:
        tour.places.set(places)
    return tour


def tour_create(
    *,
    actor,
    organisation: Organisation,
    name: str,
    kind: str,
    meeting_point: str,
    duration_minutes: int,
    price_vnd: int,
    phone: str,
    places: list[Place] | None = None,
    slug: str = "",
    **fields: Unpack[TourDetails],
) -> Tour:
    """Add a tour of the organisation; it waits for a province officer's approval."""
    _require_manage(actor, "tourism.change_tour", organisation)
    organisation_require_approved(organisation)
    fields.setdefault("unit", organisation.unit)
    if not _has_bank_account(organisation):
        fields.setdefault("accepts_vietqr", False)
    fields.setdefault("guide_languages", [settings.LANGUAGE_CODE])
    tour = Tour(
        organisation=organisation,
        name=name,
        kind=kind,
        meeting_point=meeting_point,
        duration_minutes=duration_minutes,
        price_vnd=price_vnd,
        phone=phone,
        status=ListingStatus.PENDING,
    )
    changes_apply(tour, fields, TOUR_FIELDS)
    tour.slug = slugify(slug) if slug else slug_new(name, Tour.objects.all(), fallback="tour")
    with transaction.atomic():
        return _tour_save(tour, places or [])


def tour_update(
    *, actor, tour: Tour, places: list[Place] | None = None, **changes: Unpack[TourData]
) -> Tour:
    """Change a tour (``places`` replaces the places it visits when given); a refused tour
    that is edited goes back to the approval queue."""
    _require_manage(actor, "tourism.change_tour", tour)
    changes_apply(tour, changes, TOUR_FIELDS)
    if tour.status == ListingStatus.REJECTED:
        tour.status = ListingStatus.PENDING
    with transaction.atomic():
        return _tour_save(tour, places)


def tour_review(*, actor, tour: Tour, decision: Decision, note: str = "") -> Tour:
    """Approve, refuse or suspend a tour; refusing and suspending say why."""
    _require_review(actor, "tourism.approve_tour", tour.unit)
    tour.review_note = _review_note(decision, note)
    tour.status = DECISIONS[decision]
    tour.reviewed_by = actor
    tour.reviewed_at = timezone.now()
    tour.full_clean()
    tour.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    return tour


def departure_create(
    *,
    actor,
    tour: Tour,
    starts_at: datetime.datetime,
    capacity: int | None = None,
    price_vnd: int | None = None,
) -> TourDeparture:
    """Put a departure of the tour on the calendar, with the tour's group size as its seats
    unless told otherwise. Departures are in the future: the past cannot be booked."""
    _require_manage(actor, "tourism.change_tourdeparture", tour)
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be timezone-aware")
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("A departure is in the future.")})
    departure = TourDeparture(
        tour=tour,
        starts_at=starts_at,
        capacity=capacity if capacity is not None else tour.group_size,
        price_vnd=price_vnd,
    )
    departure.full_clean()
    departure.save()
    return departure


# Bookings that hold (or ask for) seats of a departure: while one is there, the departure stays.
SEAT_HOLDING_STATUSES = (
    BookingStatus.REQUESTED,
    BookingStatus.HELD,
    BookingStatus.CONFIRMED,
    BookingStatus.CHECKED_IN,
)


def _departure_locked(departure: TourDeparture) -> TourDeparture:
    """The departure as it is now, its row locked until the transaction ends (PostgreSQL), so
    that a booking taking seats waits for the change instead of slipping under it."""
    return TourDeparture.objects.select_for_update().get(pk=departure.pk)


def _seats_taken_error(taken: int) -> ValidationError:
    message = ngettext(
        "%(count)s seat of this departure is already booked: keep at least that many seats, "
        "or cancel bookings first.",
        "%(count)s seats of this departure are already booked: keep at least that many seats, "
        "or cancel bookings first.",
        taken,
    ) % {"count": taken}
    return ValidationError({"capacity": ValidationError(message, code="below_seats_taken")})


@transaction.atomic
def departure_update(
    *, actor, departure: TourDeparture, capacity: int, price_vnd: int | None
) -> TourDeparture:
    """Change a departure's seats and its price a person (None: the tour's).

    Fewer seats than the bookings already took is refused. The row is locked while it is read,
    and the change is a conditional UPDATE (``seats_taken <= capacity``), so a guest booking
    the last seats at the same moment cannot end up on a departure smaller than its bookings;
    the table's check constraint is the last line."""
    _require_manage(actor, "tourism.change_tourdeparture", departure.tour)
    current = _departure_locked(departure)
    if capacity < current.seats_taken:
        raise _seats_taken_error(current.seats_taken)
    current.capacity, current.price_vnd = capacity, price_vnd
    current.full_clean()
    changed = TourDeparture.objects.filter(pk=current.pk, seats_taken__lte=capacity).update(
        capacity=capacity, price_vnd=price_vnd, updated_at=timezone.now()
    )
    if changed != 1:
        raise _seats_taken_error(TourDeparture.objects.get(pk=current.pk).seats_taken)
    tourism_pages_forget()
    departure.refresh_from_db()
    return departure


@transaction.atomic
def departure_remove(*, actor, departure: TourDeparture) -> None:
    """Take a departure off the calendar. Refused while a booking holds (or asks for) seats on
    it: the host cancels or declines those first, so that no guest is left without a tour.

    A departure that past bookings (cancelled, completed) still point to is kept for their
    record, marked cancelled: it is no longer shown nor booked. The row is locked first, so a
    booking made at the same moment either comes before (and the removal is refused) or
    finds the departure gone."""
    _require_manage(actor, "tourism.change_tourdeparture", departure.tour)
    current = _departure_locked(departure)
    if current.seats_taken or current.bookings.filter(status__in=SEAT_HOLDING_STATUSES).exists():
        raise ValidationError(
            _(
                "Guests have booked this departure: cancel or decline their bookings first, "
                "then remove it."
            ),
            code="booked",
        )
    if current.bookings.exists():
        current.is_cancelled = True
        current.save(update_fields=["is_cancelled", "updated_at"])
    else:
        current.delete()


# The most weeks of departures added at once: half a year.
SERIES_MAX_WEEKS = 26


@transaction.atomic
def departure_series_create(
    *,
    actor,
    tour: Tour,
    first_starts_at: datetime.datetime,
    weeks: int,
    capacity: int | None = None,
    price_vnd: int | None = None,
) -> list[TourDeparture]:
    """Put a departure on the calendar every week at the same hour, from ``first_starts_at``
    for ``weeks`` weeks ("every Saturday at 7:30 for the next 8 weeks"). Times already on the
    calendar are left as they are; the others are made by :func:`departure_create`, all or
    none. Returns the departures made."""
    _require_manage(actor, "tourism.change_tourdeparture", tour)
    if not 1 <= weeks <= SERIES_MAX_WEEKS:
        raise ValidationError(
            {"weeks": _("Add between 1 and %(weeks)s weeks at once.") % {"weeks": SERIES_MAX_WEEKS}}
        )
    if timezone.is_naive(first_starts_at):
        raise ValueError("first_starts_at must be timezone-aware")
    local = timezone.localtime(first_starts_at)
    starts = [
        timezone.make_aware(
            datetime.datetime.combine(local.date() + datetime.timedelta(weeks=week), local.time())
        )
        for week in range(weeks)
    ]
    existing = set(
        TourDeparture.objects.filter(tour=tour, starts_at__in=starts).values_list(
            "starts_at", flat=True
        )
    )
    return [
        departure_create(
            actor=actor, tour=tour, starts_at=start, capacity=capacity, price_vnd=price_vnd
        )
        for start in starts
        if start not in existing
    ]
