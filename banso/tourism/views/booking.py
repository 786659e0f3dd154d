"""The guest's booking pages: choose a room for the dates, book with a phone number, follow
the booking by its secret link (pay by VietQR while it is held, cancel).

They are private pages (never cached, not indexed); the public pages that lead here are cached.
Booking is rate-limited per client, like order look-ups.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from banso.common.client_identity import client_address_hash
from banso.common.forms import form_errors_add
from banso.common.payment_codes import payment_code_png_response
from banso.common.ratelimit import Limit, limit_exceeded, limit_hit
from banso.tourism.forms.booking import (
    GuestForm,
    StayBookingForm,
    StaySearchForm,
    TourRequestForm,
)
from banso.tourism.forms.reviews import ReviewForm
from banso.tourism.models import Booking, BookingStatus, CancelledBy
from banso.tourism.selectors.availability import StaySearch
from banso.tourism.selectors.bookings import (
    booking_for_guest,
    departure_bookable,
    lodging_bookable,
    lodging_offers,
    tour_requestable,
)
from banso.tourism.selectors.payments import booking_vietqr
from banso.tourism.services.bookings import (
    Guest,
    booking_cancel,
    payment_choices,
    stay_book,
    tour_book,
    tour_request,
)
from banso.tourism.services.reviews import review_create

BOOKING_LIMIT = Limit("tourism-booking", count=20, window_seconds=3600, lockout_seconds=600)


def _guest(data: dict) -> Guest:
    return Guest(
        name=data["guest_name"],
        phone=data["guest_phone"],
        email=data.get("guest_email") or "",
        language=get_language() or "vi",
        note=data.get("guest_note") or "",
    )


def _booking_url(booking: Booking) -> str:
    return reverse("tourism:booking", args=[booking.code, booking.guest_token])


def _room_auto_id(room_type_pk: object) -> str:
    """The ids of one room's booking form: a page offers several rooms, each with its form,
    and the dates search above them; shared ids would tie a label to another form's field."""
    return f"id_room{room_type_pk}_%s"


def _limited(request: HttpRequest, form) -> bool:
    client = client_address_hash(request)
    if limit_exceeded(BOOKING_LIMIT, client):
        form.add_error(None, _("Too many bookings from here. Wait a while and try again."))
        return True
    limit_hit(BOOKING_LIMIT, client)
    return False


def _stay_book_submit(request: HttpRequest, form: StayBookingForm, offers) -> Booking | None:
    """Book the room the form names among the free ``offers``; errors go onto the form."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    room_type = next((o.room_type for o in offers if o.room_type.pk == data["room_type"]), None)
    if room_type is None:
        form.add_error(None, _("This room is no longer free for these dates: choose another."))
        return None
    try:
        return stay_book(
            room_type=room_type,
            check_in=data["check_in"],
            check_out=data["check_out"],
            adults=data["adults"],
            children=data["children"],
            rooms=data["rooms"],
            guest=_guest(data),
            payment=data["payment"],
            user=request.user,
        )
    except ValidationError as error:
        form_errors_add(form, error)
        return None


@never_cache
def stay_book_view(request: HttpRequest, slug: str) -> HttpResponse:
    """GET with dates and party: the free rooms and their price; POST: book one of them."""
    lodging = lodging_bookable(slug)
    choices = payment_choices(lodging)
    status = 200
    booking_form = None
    if request.method == "POST":
        booking_form = StayBookingForm(
            request.POST,
            payment_choices=choices,
            auto_id=_room_auto_id(request.POST.get("room_type")),
        )
        source = request.POST
    else:
        source = request.GET
    search_form = StaySearchForm(
        {key: source.get(key) for key in ("check_in", "check_out", "guests")}
        if source.get("check_in")
        else None,
        initial=StaySearchForm.initial_for_today(),
    )
    offers = []
    search = None
    if search_form.is_bound and search_form.is_valid():
        search = StaySearch(**search_form.cleaned_data)
        offers = lodging_offers(lodging, search)
    if booking_form is not None and not _limited(request, booking_form):
        booking = _stay_book_submit(request, booking_form, offers)
        if booking is not None:
            return redirect(_booking_url(booking))
    if booking_form is not None:
        status = 409 if booking_form.errors else 200
    forms_by_room = {
        offer.room_type.pk: (
            booking_form
            if booking_form is not None
            and booking_form.data.get("room_type") == str(offer.room_type.pk)
            else StayBookingForm(
                payment_choices=choices,
                auto_id=_room_auto_id(offer.room_type.pk),
                initial={
                    "room_type": offer.room_type.pk,
                    "check_in": search.check_in if search else None,
                    "check_out": search.check_out if search else None,
                    "rooms": offer.rooms,
                    "adults": search.guests if search else 2,
                },
            )
        )
        for offer in offers
    }
    context = {
        "lodging": lodging,
        "search_form": search_form,
        "search": search,
        "offers": [(offer, forms_by_room[offer.room_type.pk]) for offer in offers],
        # A booking refused for a room no longer offered has no room form to show its error.
        "refused_form": booking_form
        if booking_form is not None and booking_form not in forms_by_room.values()
        else None,
    }
    return render(request, "tourism/bookings/stay_book.html", context, status=status)


def _tour_form_book(request: HttpRequest, form, book: Callable[[dict], Booking]) -> Booking | None:
    """Book with ``book(form.cleaned_data)`` when the form was posted, is valid and the client
    is within its limit; a refusal of the service goes onto the form."""
    if request.method != "POST" or _limited(request, form) or not form.is_valid():
        return None
    try:
        return book(form.cleaned_data)
    except ValidationError as error:
        form_errors_add(form, error)
        return None


@never_cache
def tour_book_view(request: HttpRequest, slug: str, departure_pk: int) -> HttpResponse:
    departure = departure_bookable(slug=slug, departure_pk=departure_pk)
    tour = departure.tour
    form = GuestForm(request.POST or None, payment_choices=payment_choices(tour))
    booking = _tour_form_book(
        request,
        form,
        lambda data: tour_book(
            departure=departure,
            adults=data["adults"],
            children=data["children"],
            guest=_guest(data),
            payment=data["payment"],
            user=request.user,
        ),
    )
    if booking is not None:
        return redirect(_booking_url(booking))
    status = 409 if request.method == "POST" else 200
    context = {"tour": tour, "departure": departure, "form": form}
    return render(request, "tourism/bookings/tour_book.html", context, status=status)


@never_cache
def tour_request_view(request: HttpRequest, slug: str) -> HttpResponse:
    """A private tour on the day of the guest's choice: a request the host answers."""
    tour = tour_requestable(slug)
    form = TourRequestForm(request.POST or None, payment_choices=payment_choices(tour))
    booking = _tour_form_book(
        request,
        form,
        lambda data: tour_request(
            tour=tour,
            date=data["date"],
            adults=data["adults"],
            children=data["children"],
            guest=_guest(data),
            payment=data["payment"],
            user=request.user,
        ),
    )
    if booking is not None:
        return redirect(_booking_url(booking))
    status = 409 if request.method == "POST" else 200
    context = {"tour": tour, "form": form}
    return render(request, "tourism/bookings/tour_request.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def booking_view(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """The guest's page of a booking: its state, the QR code to pay while it is held, and once
    it is completed the form to review it (posted to the same page: the secret link is what
    lets the guest write)."""
    booking = booking_for_guest(code=code, token=token)
    vietqr = (
        booking_vietqr(booking)
        if booking.status == BookingStatus.HELD and booking.due_now_vnd
        else None
    )
    cancellable = booking.status in (
        BookingStatus.REQUESTED,
        BookingStatus.HELD,
        BookingStatus.CONFIRMED,
    )
    review_form = None
    status = 200
    review = getattr(booking, "review", None)
    if booking.status == BookingStatus.COMPLETED and review is None:
        review_form = ReviewForm(request.POST or None)
        if request.method == "POST":
            status = 400
            if review_form.is_valid():
                try:
                    review_create(
                        booking=booking,
                        rating=review_form.cleaned_data["rating"],
                        text=review_form.cleaned_data["text"],
                    )
                except ValidationError as error:
                    form_errors_add(review_form, error)
                    status = 409
                else:
                    messages.success(request, _("Thank you for your review."))
                    return redirect(_booking_url(booking))
    elif request.method == "POST":
        raise Http404
    context = {
        "booking": booking,
        "vietqr": vietqr,
        "cancellable": cancellable,
        "review": review,
        "review_form": review_form,
    }
    return render(request, "tourism/bookings/detail.html", context, status=status)


@require_POST
def booking_cancel_view(request: HttpRequest, code: str, token: str) -> HttpResponse:
    booking = booking_for_guest(code=code, token=token)
    try:
        booking = booking_cancel(booking=booking, by=CancelledBy.GUEST)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your booking is cancelled."))
    return redirect(_booking_url(booking))


@never_cache
def booking_qr_png_view(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """The booking's VietQR code as a PNG to save and open from a banking app."""
    booking = booking_for_guest(code=code, token=token)
    vietqr = booking_vietqr(booking) if booking.status == BookingStatus.HELD else None
    if vietqr is None:
        raise Http404
    return payment_code_png_response(vietqr, filename=f"vietqr-{booking.code}.png")
