"""Bookings (đặt chỗ) of stays and tours: made by guests with a phone number, answered by hosts.

States: a booking is made **held** (its nights or seats are taken at once, so nobody else can
have them) until ``hold_until``: the guest pays by VietQR, or the host confirms a booking paid on
arrival. The host **confirms** it (or declines it); then the guest **checks in** and the stay
**completes**, or the guest does not come (**no-show**). Either side may cancel before: the guest
gets back what the cancellation policy gives, and everything when the host cancels. A hold that
runs out cancels the booking and frees what it held. A private tour starts as a **request**,
which holds nothing until the host gives it a departure.

Every change of state is a conditional UPDATE on the booking's status, so two people pressing
at once (the host confirming as the hold expires) change it once; the loser is told that it has
already changed. Nights and seats are taken and given back in the same transaction as the
state (``banso.tourism.services.inventory``); no night and no seat is ever sold twice.
"""

import datetime
import math
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from banso.accounts.phone import phone_normalize
from banso.common.codes import code_new
from banso.tourism.models import (
    HOLDING_STATUSES,
    Booking,
    BookingKind,
    BookingStatus,
    CancelledBy,
    PaymentChoice,
    RoomType,
    Tour,
    TourDeparture,
)
from banso.tourism.policies import refund_vnd
from banso.tourism.pricing import stay_dates, stay_quote
from banso.tourism.services.inventory import nights_release, nights_take
from banso.tourism.stay_dates import field_error, stay_dates_check

BOOKING_CODE_PREFIX = "DP"
CODE_ATTEMPTS = 8
LANGUAGES = {code for code, _name in settings.LANGUAGES}


@dataclass(frozen=True)
class Guest:
    """Who books: a name and a phone number are enough, no account needed."""

    name: str
    phone: str
    email: str = ""
    country: str = ""
    language: str = "vi"
    note: str = ""


def payment_choices(host) -> list[str]:
    """The ways a guest may pay ``host`` (a Lodging or a Tour): on arrival, and by VietQR (a
    deposit, the whole price, or both) when the host takes it and its organisation has a bank
    account."""
    choices: list[str] = []
    if host.accepts_pay_at_property:
        choices.append(PaymentChoice.ON_ARRIVAL)
    organisation = host.organisation
    if host.accepts_vietqr and organisation.bank_bin and organisation.bank_account_number:
        if 0 < host.deposit_percent < 100:
            choices.append(PaymentChoice.VIETQR_DEPOSIT)
        choices.append(PaymentChoice.VIETQR_FULL)
    return choices


def due_now_vnd(*, total_vnd: int, payment: str, deposit_percent: int) -> int:
    """What the guest pays by VietQR to hold the booking: the deposit rounded up to the
    thousand đồng, the whole price, or nothing."""
    if payment == PaymentChoice.VIETQR_FULL:
        return total_vnd
    if payment == PaymentChoice.VIETQR_DEPOSIT:
        return min(total_vnd, math.ceil(total_vnd * deposit_percent / 100 / 1000) * 1000)
    return 0


def _hold_until(payment: str) -> datetime.datetime:
    if payment == PaymentChoice.ON_ARRIVAL:
        return timezone.now() + datetime.timedelta(hours=settings.TOURISM_HOLD_ON_ARRIVAL_HOURS)
    return timezone.now() + datetime.timedelta(minutes=settings.TOURISM_HOLD_VIETQR_MINUTES)


def _guest_clean(guest: Guest) -> Guest:
    errors: dict[str, list[str]] = {}
    name = " ".join(guest.name.split())
    if not name:
        errors["guest_name"] = [_("Give your name.")]
    try:
        phone = phone_normalize(guest.phone)
    except ValidationError as error:
        errors["guest_phone"] = error.messages
        phone = ""
    if errors:
        raise ValidationError(errors)
    language = guest.language if guest.language in LANGUAGES else settings.LANGUAGE_CODE
    return Guest(
        name=name,
        phone=phone,
        email=guest.email.strip(),
        country=guest.country.strip().upper()[:2],
        language=language,
        note=guest.note.strip(),
    )


def _guest_fields(guest: Guest, user) -> dict:
    """The booking's fields about its guest (already cleaned), and the account when signed in."""
    return {
        "guest_name": guest.name,
        "guest_phone": guest.phone,
        "guest_email": guest.email,
        "guest_country": guest.country,
        "guest_language": guest.language,
        "guest_note": guest.note,
        "guest_user": user if user is not None and user.is_authenticated else None,
    }


def _payment_check(host, payment: str) -> None:
    if payment not in payment_choices(host):
        raise field_error(
            "payment", _("This way of paying is not offered here: choose another."), code="payment"
        )


def _booking_save(booking: Booking) -> Booking:
    """Save a new booking under a fresh code; a code taken by the rare collision is drawn
    again in a savepoint, so the caller's transaction (and what it took) goes on."""
    booking.full_clean(exclude=["code", "guest_token"])
    for _attempt in range(CODE_ATTEMPTS):
        booking.code = code_new(BOOKING_CODE_PREFIX)
        try:
            with transaction.atomic():
                booking.save()
            return booking
        except IntegrityError:
            if Booking.objects.filter(code=booking.code).exists():
                continue
            raise
    raise RuntimeError("no free booking code")


@transaction.atomic
def stay_book(
    *,
    room_type: RoomType,
    check_in: datetime.date,
    check_out: datetime.date,
    adults: int,
    children: int = 0,
    rooms: int = 1,
    guest: Guest,
    payment: str,
    user=None,
) -> Booking:
    """Book ``rooms`` rooms of ``room_type`` from ``check_in`` to ``check_out``: the nights are
    taken now and held until ``hold_until``; raises ``ValidationError`` (code ``full``) when a
    night has not the rooms any more."""
    room_type = RoomType.objects.select_related("lodging__organisation").get(pk=room_type.pk)
    lodging = room_type.lodging
    if not (lodging.is_bookable and room_type.is_active and lodging.organisation.is_active):
        raise ValidationError(_("This place does not take bookings now."), code="closed")
    guest = _guest_clean(guest)
    _payment_check(lodging, payment)
    if rooms < 1 or rooms > room_type.quantity:
        raise field_error(
            "rooms",
            _("Choose between 1 and %(rooms)s rooms.") % {"rooms": room_type.quantity},
            code="rooms",
        )
    if adults < 1 or adults + children > rooms * room_type.max_guests:
        raise field_error(
            "adults",
            _("%(rooms)s such rooms sleep at most %(guests)s people.")
            % {"rooms": rooms, "guests": rooms * room_type.max_guests},
            code="guests",
        )
    quote = stay_quote(room_type, check_in=check_in, check_out=check_out, rooms=rooms)
    stay_dates_check(check_in, check_out, min_nights=quote.min_nights)
    nights_take(room_type=room_type, dates=stay_dates(check_in, check_out), rooms=rooms)
    total = quote.total_vnd
    booking = Booking(
        kind=BookingKind.STAY,
        organisation=lodging.organisation,
        unit_id=lodging.unit_id,
        room_type=room_type,
        check_in=check_in,
        check_out=check_out,
        rooms=rooms,
        nights=[
            {"date": night.date.isoformat(), "rate_vnd": night.rate_vnd, "rule": night.rule}
            for night in quote.nights
        ],
        adults=adults,
        children=children,
        **_guest_fields(guest, user),
        status=BookingStatus.HELD,
        payment=payment,
        total_vnd=total,
        due_now_vnd=due_now_vnd(
            total_vnd=total, payment=payment, deposit_percent=lodging.deposit_percent
        ),
        cancellation_policy=lodging.cancellation_policy,
        hold_until=_hold_until(payment),
    )
    booking = _booking_save(booking)
    _after_commit_notify("booking_new", booking)
    return booking


def tour_price_vnd(tour: Tour, departure: TourDeparture | None, *, adults: int, children: int):
    adult_price = (departure.price_vnd if departure else None) or tour.price_vnd
    child_price = tour.child_price_vnd if tour.child_price_vnd is not None else adult_price
    return adults * adult_price + children * child_price


@transaction.atomic
def tour_book(
    *,
    departure: TourDeparture,
    adults: int,
    children: int = 0,
    guest: Guest,
    payment: str,
    user=None,
) -> Booking:
    """Book seats on a departure: one seat a person, taken at once with a conditional UPDATE
    (the last seat is sold once), held like a stay's nights."""
    departure = TourDeparture.objects.select_related("tour__organisation").get(pk=departure.pk)
    tour = departure.tour
    if not (tour.is_bookable and tour.organisation.is_active) or departure.is_cancelled:
        raise ValidationError(_("This tour does not take bookings now."), code="closed")
    if departure.starts_at <= timezone.now():
        raise ValidationError(_("This departure has already left."), code="past")
    guest = _guest_clean(guest)
    _payment_check(tour, payment)
    seats = adults + children
    if adults < 1 or seats > departure.capacity:
        message = (
            _("Give at least one adult.")
            if adults < 1
            else _("This departure has %(seats)s seats in all.") % {"seats": departure.capacity}
        )
        raise field_error("adults", message, code="guests")
    taken = TourDeparture.objects.filter(
        pk=departure.pk, is_cancelled=False, seats_taken__lte=F("capacity") - seats
    ).update(seats_taken=F("seats_taken") + seats)
    if taken != 1:
        raise ValidationError(
            _("Not enough seats are left on this departure: choose another."), code="full"
        )
    total = tour_price_vnd(tour, departure, adults=adults, children=children)
    booking = Booking(
        kind=BookingKind.TOUR,
        organisation=tour.organisation,
        unit_id=tour.unit_id,
        tour=tour,
        departure=departure,
        seats=seats,
        check_in=timezone.localtime(departure.starts_at).date(),
        adults=adults,
        children=children,
        **_guest_fields(guest, user),
        status=BookingStatus.HELD,
        payment=payment,
        total_vnd=total,
        due_now_vnd=due_now_vnd(
            total_vnd=total, payment=payment, deposit_percent=tour.deposit_percent
        ),
        cancellation_policy=tour.cancellation_policy,
        hold_until=_hold_until(payment),
    )
    booking = _booking_save(booking)
    _after_commit_notify("booking_new", booking)
    return booking


@transaction.atomic
def tour_request(
    *,
    tour: Tour,
    date: datetime.date,
    adults: int,
    children: int = 0,
    guest: Guest,
    payment: str,
    user=None,
) -> Booking:
    """Ask for a private tour on ``date``: a request that takes no seat until the host gives it
    a time (``tour_request_accept``) or declines it."""
    tour = Tour.objects.select_related("organisation").get(pk=tour.pk)
    if not (tour.is_bookable and tour.organisation.is_active and tour.private_on_request):
        raise ValidationError(_("This tour takes no private requests now."), code="closed")
    today = timezone.localdate()
    if date <= today:
        raise field_error("date", _("Choose a day from tomorrow on."), code="past")
    if date > today + datetime.timedelta(days=settings.TOURISM_BOOKING_HORIZON_DAYS):
        raise field_error(
            "date", _("Bookings open at most about eighteen months ahead."), code="far"
        )
    guest = _guest_clean(guest)
    _payment_check(tour, payment)
    if adults < 1:
        raise field_error("adults", _("Give at least one adult."), code="guests")
    total = tour.private_price_vnd or tour_price_vnd(tour, None, adults=adults, children=children)
    booking = Booking(
        kind=BookingKind.TOUR,
        organisation=tour.organisation,
        unit_id=tour.unit_id,
        tour=tour,
        seats=adults + children,
        requested_date=date,
        check_in=date,
        adults=adults,
        children=children,
        **_guest_fields(guest, user),
        status=BookingStatus.REQUESTED,
        payment=payment,
        total_vnd=total,
        due_now_vnd=due_now_vnd(
            total_vnd=total, payment=payment, deposit_percent=tour.deposit_percent
        ),
        cancellation_policy=tour.cancellation_policy,
    )
    booking = _booking_save(booking)
    _after_commit_notify("booking_new", booking)
    return booking


@transaction.atomic
def tour_request_accept(*, booking: Booking, starts_at: datetime.datetime) -> Booking:
    """The host takes a private tour request at ``starts_at``: a departure of the group's
    own is made with every seat taken, and the booking is held for payment or confirmation
    like any other."""
    if booking.tour_id is None or booking.status != BookingStatus.REQUESTED:
        raise ValidationError(
            _("Only a request waiting for an answer can be taken."), code="status"
        )
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if starts_at <= timezone.now():
        raise field_error("starts_at", _("Choose a time still to come."), code="past")
    departure = TourDeparture(
        tour_id=booking.tour_id,
        starts_at=starts_at,
        capacity=booking.seats,
        seats_taken=booking.seats,
    )
    departure.full_clean()
    departure.save()
    booking = _transition(
        booking,
        from_statuses=(BookingStatus.REQUESTED,),
        to=BookingStatus.HELD,
        departure=departure,
        check_in=timezone.localtime(starts_at).date(),
        hold_until=_hold_until(booking.payment),
    )
    _after_commit_notify("booking_status", booking)
    return booking


def _release(booking: Booking) -> None:
    """Give back what a booking holds (called in the transaction that ends its hold)."""
    if booking.kind == BookingKind.STAY and booking.room_type_id and booking.check_in:
        dates = stay_dates(booking.check_in, cast(datetime.date, booking.check_out))
        if booking.status == BookingStatus.NO_SHOW:
            today = timezone.localdate()
            dates = [day for day in dates if day >= today]
        nights_release(room_type_id=booking.room_type_id, dates=dates, rooms=booking.rooms)
    elif booking.departure_id and booking.seats:
        TourDeparture.objects.filter(
            pk=booking.departure_id, seats_taken__gte=booking.seats
        ).update(seats_taken=F("seats_taken") - booking.seats)


def _transition(booking: Booking, *, from_statuses: tuple[str, ...], to: str, **fields) -> Booking:
    """Move ``booking`` to ``to`` if it is still in one of ``from_statuses``; otherwise tell
    the caller it has changed meanwhile. Returns the booking as saved."""
    changed = Booking.objects.filter(pk=booking.pk, status__in=from_statuses).update(
        status=to, updated_at=timezone.now(), **fields
    )
    if changed != 1:
        current = Booking.objects.get(pk=booking.pk)
        raise ValidationError(
            _("This booking is now “%(status)s”: reload the page.")
            % {"status": current.get_status_display()},
            code="status",
        )
    booking.refresh_from_db()
    if booking.status in (BookingStatus.CANCELLED, BookingStatus.NO_SHOW):
        _release(booking)
    return booking


def _days_before(booking: Booking) -> int:
    start = booking.check_in or booking.requested_date or timezone.localdate()
    return (start - timezone.localdate()).days


@transaction.atomic
def booking_confirm(*, booking: Booking, paid_vnd: int | None = None) -> Booking:
    """The host confirms a held booking; ``paid_vnd`` is what the host saw arrive by VietQR
    (by default what was due), nothing for a booking paid on arrival."""
    paid = booking.due_now_vnd if paid_vnd is None else paid_vnd
    if not 0 <= paid <= booking.total_vnd:
        raise field_error(
            "paid_vnd", _("The amount paid must be between 0 and the total."), code="paid"
        )
    booking = _transition(
        booking,
        from_statuses=(BookingStatus.HELD,),
        to=BookingStatus.CONFIRMED,
        confirmed_at=timezone.now(),
        hold_until=None,
        paid_vnd=paid,
    )
    _after_commit_notify("booking_status", booking)
    return booking


@transaction.atomic
def booking_decline(*, booking: Booking, note: str = "") -> Booking:
    """The host cannot take a held booking (or a request): everything paid comes back."""
    booking = _transition(
        booking,
        from_statuses=(BookingStatus.REQUESTED, BookingStatus.HELD),
        to=BookingStatus.CANCELLED,
        cancelled_by=CancelledBy.HOST,
        closed_at=timezone.now(),
        refund_vnd=F("paid_vnd"),
        host_note=note.strip()[:300],
        hold_until=None,
    )
    _after_commit_notify("booking_status", booking)
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, by: str, note: str = "") -> Booking:
    """Cancel before the stay or tour: by the guest, who gets back what the policy agreed at
    booking gives; by the host, who gives back everything paid."""
    if by == CancelledBy.GUEST:
        current = Booking.objects.get(pk=booking.pk)
        refund = refund_vnd(
            current.cancellation_policy,
            paid_vnd=current.paid_vnd,
            days_before=_days_before(current),
        )
    else:
        refund = None
    booking = _transition(
        booking,
        from_statuses=(BookingStatus.REQUESTED, BookingStatus.HELD, BookingStatus.CONFIRMED),
        to=BookingStatus.CANCELLED,
        cancelled_by=by,
        closed_at=timezone.now(),
        refund_vnd=F("paid_vnd") if refund is None else refund,
        host_note=note.strip()[:300],
        hold_until=None,
    )
    _after_commit_notify("booking_status", booking)
    return booking


@transaction.atomic
def booking_check_in(*, booking: Booking) -> Booking:
    """The guest has arrived (from the day of check-in on)."""
    if booking.check_in and booking.check_in > timezone.localdate():
        raise ValidationError(
            _("The guest can check in from %(date)s.")
            % {"date": date_format(booking.check_in, "SHORT_DATE_FORMAT")},
            code="early",
        )
    return _transition(
        booking,
        from_statuses=(BookingStatus.CONFIRMED,),
        to=BookingStatus.CHECKED_IN,
        checked_in_at=timezone.now(),
    )


@transaction.atomic
def booking_complete(*, booking: Booking, paid_vnd: int | None = None) -> Booking:
    """The stay or tour is over; ``paid_vnd`` is all the guest paid (by default the total,
    the rest having been paid on arrival)."""
    paid = booking.total_vnd if paid_vnd is None else paid_vnd
    if not 0 <= paid <= booking.total_vnd:
        raise field_error(
            "paid_vnd", _("The amount paid must be between 0 and the total."), code="paid"
        )
    return _transition(
        booking,
        from_statuses=(BookingStatus.CHECKED_IN,),
        to=BookingStatus.COMPLETED,
        closed_at=timezone.now(),
        paid_vnd=paid,
    )


@transaction.atomic
def booking_no_show(*, booking: Booking) -> Booking:
    """The guest did not come: from the day of check-in on, the nights from today are free
    again; what was paid is kept, as the policy says for a cancellation on the day."""
    if booking.check_in and booking.check_in > timezone.localdate():
        raise ValidationError(
            _("A guest can be marked as not come only from the day of arrival."), code="early"
        )
    booking = _transition(
        booking,
        from_statuses=(BookingStatus.CONFIRMED,),
        to=BookingStatus.NO_SHOW,
        closed_at=timezone.now(),
    )
    _after_commit_notify("booking_status", booking)
    return booking


def holds_expire(*, now: datetime.datetime | None = None) -> int:
    """Cancel every held booking whose hold ran out and free its nights or seats; returns how
    many. Each in its own transaction, so one failure does not keep the others held."""
    now = now or timezone.now()
    expired = 0
    for booking in Booking.objects.filter(status=BookingStatus.HELD, hold_until__lt=now).only("pk"):
        try:
            with transaction.atomic():
                done = _transition(
                    booking,
                    from_statuses=(BookingStatus.HELD,),
                    to=BookingStatus.CANCELLED,
                    cancelled_by=CancelledBy.HOLD_EXPIRED,
                    closed_at=now,
                    refund_vnd=F("paid_vnd"),
                    hold_until=None,
                )
                _after_commit_notify("booking_status", done)
            expired += 1
        except ValidationError:
            continue  # confirmed or cancelled meanwhile
    return expired


def _after_commit_notify(kind: str, booking: Booking) -> None:
    from banso.tourism.notify import booking_notify

    booking_pk = booking.pk
    transaction.on_commit(lambda: booking_notify(kind=kind, booking_pk=booking_pk))


__all__ = [
    "HOLDING_STATUSES",
    "Guest",
    "booking_cancel",
    "booking_check_in",
    "booking_complete",
    "booking_confirm",
    "booking_decline",
    "booking_no_show",
    "holds_expire",
    "payment_choices",
    "stay_book",
    "tour_book",
    "tour_request",
    "tour_request_accept",
]
