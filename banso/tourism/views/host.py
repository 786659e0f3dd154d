"""The hosts' back office, made for a phone and plain forms: today's arrivals, departures and
tours with what waits for an answer, the bookings month by month, one booking with a button for
each move it may make next, and each room type's nights with its prices.

Every read goes through ``banso.tourism.selectors.host`` (the host's organisations only): another
organisation's booking or room type is a 404, as if it did not exist. Every write calls a
service; a ``ValidationError`` comes back on the same page, in the person's language, with what
they typed kept; a success redirects (POST, redirect, GET).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from banso.common.forms import form_errors_add
from banso.tourism.forms.reviews import ReplyForm
from banso.tourism.host_forms import (
    AmountForm,
    EmptyForm,
    FeedForm,
    NightsForm,
    NoteForm,
    RatesForm,
    StartForm,
)
from banso.tourism.models import Booking, BookingStatus, CancelledBy, ChannelFeed, RoomType
from banso.tourism.selectors.host import (
    booking_for_host,
    host_bookings,
    host_day,
    host_has_listings,
    lodgings_for_host,
    room_type_for_host,
    room_type_month,
    tours_for_host,
)
from banso.tourism.services.bookings import (
    booking_cancel,
    booking_check_in,
    booking_complete,
    booking_confirm,
    booking_decline,
    booking_no_show,
    tour_request_accept,
)
from banso.tourism.services.calendars import feed_add, feed_refresh, feed_remove
from banso.tourism.services.host import room_type_rates_update
from banso.tourism.services.inventory import nights_close, nights_open
from banso.tourism.services.reviews import review_reply

PAGE_SIZE = 30


@dataclass(frozen=True)
class BookingAction:
    """A move the host may make on a booking: its button, its form, the states it starts from
    and the service it calls with the form's cleaned data."""

    label: Promise
    form: type[forms.Form]
    statuses: tuple[str, ...]
    run: Callable[[Booking, dict[str, Any]], Booking]
    is_quiet: bool = False


ACTIONS: dict[str, BookingAction] = {
    "accept": BookingAction(
        label=gettext_lazy("Take the request"),
        form=StartForm,
        statuses=(BookingStatus.REQUESTED,),
        run=lambda booking, data: tour_request_accept(booking=booking, starts_at=data["starts_at"]),
    ),
    "confirm": BookingAction(
        label=gettext_lazy("Confirm"),
        form=AmountForm,
        statuses=(BookingStatus.HELD,),
        run=lambda booking, data: booking_confirm(booking=booking, paid_vnd=data["paid_vnd"]),
    ),
    "decline": BookingAction(
        label=gettext_lazy("Decline"),
        form=NoteForm,
        statuses=(BookingStatus.REQUESTED, BookingStatus.HELD),
        run=lambda booking, data: booking_decline(booking=booking, note=data["note"]),
        is_quiet=True,
    ),
    "check-in": BookingAction(
        label=gettext_lazy("The guest has arrived"),
        form=EmptyForm,
        statuses=(BookingStatus.CONFIRMED,),
        run=lambda booking, data: booking_check_in(booking=booking),
    ),
    "complete": BookingAction(
        label=gettext_lazy("Completed"),
        form=AmountForm,
        statuses=(BookingStatus.CHECKED_IN,),
        run=lambda booking, data: booking_complete(booking=booking, paid_vnd=data["paid_vnd"]),
    ),
    "no-show": BookingAction(
        label=gettext_lazy("The guest did not come"),
        form=EmptyForm,
        statuses=(BookingStatus.CONFIRMED,),
        run=lambda booking, data: booking_no_show(booking=booking),
        is_quiet=True,
    ),
    "cancel": BookingAction(
        label=gettext_lazy("Cancel the booking"),
        form=NoteForm,
        statuses=(BookingStatus.CONFIRMED,),
        run=lambda booking, data: booking_cancel(
            booking=booking, by=CancelledBy.HOST, note=data["note"]
        ),
        is_quiet=True,
    ),
}


def host_pages_register() -> None:
    """Put "My stays and tours" on the account page of the people who belong to an
    organisation with a stay or a tour; called from the app's ``ready()``."""
    from banso.accounts.account_page import account_action_register

    account_action_register(
        label=gettext_lazy("My stays and tours"),
        url_name="tourism_host:today",
        order=41,
        shown=lambda user, page: bool(page.get("memberships")) and host_has_listings(user),
    )


# Today ---------------------------------------------------------------------------------------


@login_required
def host_today(request):
    today = timezone.localdate()
    return render(
        request,
        "tourism/host/today.html",
        {
            "today": today,
            "day": host_day(request.user, today=today),
            "lodgings": lodgings_for_host(request.user),
            "tours": tours_for_host(request.user),
        },
    )


# Bookings ------------------------------------------------------------------------------------


def _month(value: str) -> tuple[int, int] | None:
    """``2025-07`` as (2025, 7); None when empty or not a month."""
    try:
        parsed = datetime.datetime.strptime(value, "%Y-%m")
    except ValueError:
        return None
    return parsed.year, parsed.month


@login_required
def host_booking_list(request):
    status = request.GET.get("status", "")
    if status not in BookingStatus.values:
        status = ""
    month = _month(request.GET.get("month", ""))
    tour = request.GET.get("tour", "")
    tour_id = int(tour) if tour.isdigit() and len(tour) < 10 else None
    bookings = host_bookings(request.user, status=status, month=month, tour_id=tour_id)
    page = Paginator(bookings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {
        "status": status,
        "month": f"{month[0]:04d}-{month[1]:02d}" if month else "",
        "tour": tour_id or "",
    }
    return render(
        request,
        "tourism/host/bookings.html",
        {"page": page, "statuses": BookingStatus.choices, **query},
    )


def _booking(request, code: str) -> Booking:
    try:
        return booking_for_host(request.user, code=code)
    except Booking.DoesNotExist:
        raise Http404 from None


def _action_forms(booking: Booking, bound: tuple[str, forms.Form] | None = None):
    """The actions ``booking`` allows, each with its form (the one just posted, bound)."""
    initial = {"confirm": booking.due_now_vnd, "complete": booking.total_vnd}
    entries = []
    for name, action in ACTIONS.items():
        if booking.status not in action.statuses:
            continue
        if bound is not None and bound[0] == name:
            form = bound[1]
        elif name in initial:
            form = action.form(initial={"paid_vnd": initial[name]}, prefix=name)
        else:
            form = action.form(prefix=name)
        entries.append({"name": name, "action": action, "form": form})
    return entries


def _nights(booking: Booking) -> list[dict[str, Any]]:
    nights = []
    for night in booking.nights:
        try:
            date = datetime.date.fromisoformat(night["date"])
        except (KeyError, TypeError, ValueError):
            continue
        nights.append({"date": date, "rate_vnd": night.get("rate_vnd"), "rule": night.get("rule")})
    return nights


def _booking_page(
    request, booking: Booking, *, bound=None, reply_form=None, status: int = 200
) -> HttpResponse:
    review = getattr(booking, "review", None)
    if review is not None and reply_form is None:
        reply_form = ReplyForm(initial={"host_reply": review.host_reply})
    return render(
        request,
        "tourism/host/booking.html",
        {
            "booking": booking,
            "nights": _nights(booking),
            "actions": _action_forms(booking, bound),
            "review": review,
            "reply_form": reply_form,
        },
        status=status,
    )


@login_required
def host_booking(request, code: str):
    return _booking_page(request, _booking(request, code))


@login_required
@require_POST
def host_booking_action(request, code: str, action: str):
    booking = _booking(request, code)
    move = ACTIONS.get(action)
    if move is None:
        raise Http404
    form = move.form(request.POST, prefix=action)
    if not form.is_valid():
        messages.error(request, _("Check what you typed."))
        return _booking_page(request, booking, bound=(action, form), status=400)
    try:
        booking = move.run(booking, form.cleaned_data)
    except ValidationError as error:
        booking.refresh_from_db()
        messages.error(request, " ".join(error.messages))
        return _booking_page(request, booking, bound=(action, form), status=409)
    messages.success(
        request,
        _("Booking %(code)s is now: %(status)s.")
        % {"code": booking.code, "status": booking.get_status_display()},
    )
    return redirect("tourism_host:booking", code=booking.code)


@login_required
@require_POST
def host_review_reply(request, code: str):
    """The host's public answer to the guest's review of this booking."""
    booking = _booking(request, code)
    review = getattr(booking, "review", None)
    if review is None:
        raise Http404
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _booking_page(request, booking, reply_form=form, status=400)
    try:
        review_reply(review=review, text=form.cleaned_data["host_reply"])
    except ValidationError as error:
        form_errors_add(form, error)
        return _booking_page(request, booking, reply_form=form, status=400)
    messages.success(request, _("Your reply is saved."))
    return redirect("tourism_host:booking", code=booking.code)


# Calendar of a room type ---------------------------------------------------------------------


def _room_type(request, pk: int) -> RoomType:
    try:
        return room_type_for_host(request.user, pk=pk)
    except RoomType.DoesNotExist:
        raise Http404 from None


def _calendar_page(
    request,
    room_type: RoomType,
    *,
    month: tuple[int, int] | None = None,
    nights_form: NightsForm | None = None,
    rates_form: RatesForm | None = None,
    feed_form: FeedForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    year, number = month or (today.year, today.month)
    first = datetime.date(year, number, 1)
    previous = first - datetime.timedelta(days=1)
    following = first + datetime.timedelta(days=32)
    rates_form = rates_form or RatesForm(
        initial={
            "rate_vnd": room_type.rate_vnd,
            "weekend_rate_vnd": room_type.weekend_rate_vnd,
            "min_nights": room_type.min_nights,
            "quantity": room_type.quantity,
        }
    )
    return render(
        request,
        "tourism/host/calendar.html",
        {
            "room_type": room_type,
            "month": first,
            "month_value": f"{year:04d}-{number:02d}",
            "previous_month": f"{previous.year:04d}-{previous.month:02d}",
            "next_month": f"{following.year:04d}-{following.month:02d}",
            "nights": room_type_month(room_type, year=year, month=number),
            "today": today,
            "nights_form": nights_form or NightsForm(initial={"start": today, "end": today}),
            "rates_form": rates_form,
            "feeds": list(room_type.feeds.order_by("name", "pk")),
            "feed_form": feed_form or FeedForm(),
            "export_url": request.build_absolute_uri(
                reverse("tourism_calendars:room", args=[room_type.calendar_token])
            ),
        },
        status=status,
    )


@login_required
def host_calendar(request, pk: int):
    room_type = _room_type(request, pk)
    return _calendar_page(request, room_type, month=_month(request.GET.get("month", "")))


def _calendar_url(room_type: RoomType, month: tuple[int, int] | None) -> str:
    url = reverse("tourism_host:calendar", kwargs={"pk": room_type.pk})
    return f"{url}?month={month[0]:04d}-{month[1]:02d}" if month else url


@login_required
@require_POST
def host_nights(request, pk: int):
    """Close or open again a range of nights."""
    room_type = _room_type(request, pk)
    form = NightsForm(request.POST)
    month = _month(request.POST.get("month", ""))
    if not form.is_valid():
        messages.error(request, _("Check what you typed."))
        return _calendar_page(request, room_type, month=month, nights_form=form, status=400)
    dates = form.dates()
    try:
        if form.cleaned_data["operation"] == "close":
            nights_close(room_type=room_type, dates=dates, rooms=form.cleaned_data["rooms"])
        else:
            nights_open(room_type=room_type, dates=dates)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _calendar_page(request, room_type, month=month, nights_form=form, status=409)
    count = len(dates)
    if form.cleaned_data["operation"] == "close":
        message = ngettext("%(count)s night closed.", "%(count)s nights closed.", count)
    else:
        message = ngettext("%(count)s night open again.", "%(count)s nights open again.", count)
    messages.success(request, message % {"count": count})
    return redirect(_calendar_url(room_type, month))


@login_required
@require_POST
def host_rates(request, pk: int):
    """Change the usual prices, the minimum stay and the number of rooms."""
    room_type = _room_type(request, pk)
    form = RatesForm(request.POST)
    month = _month(request.POST.get("month", ""))
    if not form.is_valid():
        messages.error(request, _("Check what you typed."))
        return _calendar_page(request, room_type, month=month, rates_form=form, status=400)
    try:
        room_type_rates_update(actor=request.user, room_type=room_type, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        room_type.refresh_from_db()
        return _calendar_page(request, room_type, month=month, rates_form=form, status=409)
    messages.success(request, _("The prices and rooms are saved."))
    return redirect(_calendar_url(room_type, month))


@login_required
@require_POST
def host_feed_add(request, pk: int):
    """Add another channel's calendar; its nights are blocked from its first reading."""
    room_type = _room_type(request, pk)
    form = FeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check what you typed."))
        return _calendar_page(request, room_type, feed_form=form, status=400)
    try:
        feed_add(room_type=room_type, name=form.cleaned_data["name"], url=form.cleaned_data["url"])
    except ValidationError as error:
        form_errors_add(form, error)
        return _calendar_page(request, room_type, feed_form=form, status=409)
    messages.success(request, _("The calendar is added: its nights are read in a moment."))
    return redirect(_calendar_url(room_type, None) + "#feeds")


def _feed(request, pk: int, feed_pk: int) -> ChannelFeed:
    room_type = _room_type(request, pk)
    try:
        return room_type.feeds.select_related("room_type__lodging").get(pk=feed_pk)
    except ChannelFeed.DoesNotExist:
        raise Http404 from None


@login_required
@require_POST
def host_feed_refresh(request, pk: int, feed_pk: int):
    """Read a channel's calendar now, instead of at the next round of the worker."""
    feed = feed_refresh(feed=_feed(request, pk, feed_pk))
    if feed.last_error:
        messages.error(request, feed.last_error)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s night blocked by this calendar.",
                "%(count)s nights blocked by this calendar.",
                feed.nights_count,
            )
            % {"count": feed.nights_count},
        )
    return redirect(_calendar_url(feed.room_type, None) + "#feeds")


@login_required
@require_POST
def host_feed_remove(request, pk: int, feed_pk: int):
    feed = _feed(request, pk, feed_pk)
    room_type = feed.room_type
    feed_remove(feed=feed)
    messages.success(request, _("The calendar is removed: the nights it alone held are free."))
    return redirect(_calendar_url(room_type, None) + "#feeds")
