"""Live sessions: the public list and session page, and the shop's pages to schedule sessions
and pin products.

The session page links to the stream and never embeds it: an embedded player would make the
buyer's phone download a third party's page before ours. Orders go through the normal cart:
each pinned product has a small form that posts to the cart with its pin.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from banso.common.forms import form_errors_add
from banso.market.forms.live import LivePinForm, LiveSessionForm
from banso.market.models import LivePin, LiveSession
from banso.market.selectors import live as selectors
from banso.market.selectors.live import LiveState, live_session_state
from banso.market.selectors.shops import shops_for_user
from banso.market.services import live as services


def _error_message(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _url(name: str) -> str | None:
    """The URL of a cart page; None while the marketplace runs without a cart (no order
    forms)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


# Public ---------------------------------------------------------------------------------------


def live_list(request):
    now = timezone.now()
    sessions = selectors.live_sessions_upcoming(now=now)
    for session in sessions:
        session.state = live_session_state(session, now=now)
        session.state_label = LiveState(session.state).label
    return render(request, "market/live/list.html", {"sessions": sessions})


def live_detail(request, pk: int):
    try:
        session = selectors.live_session_public(pk)
    except LiveSession.DoesNotExist:
        raise Http404 from None
    now = timezone.now()
    state = live_session_state(session, now=now)
    return render(
        request,
        "market/live/detail.html",
        {
            "now": now.replace(microsecond=0),
            "session": session,
            "state": state,
            "state_label": LiveState(state).label,
            "is_live": state == LiveState.LIVE,
            "pins": list(session.pins.all()),
            "cart_add_url": _url("market:cart-add") if state == LiveState.LIVE else None,
            "cart_url": _url("market:cart"),
        },
    )


# The shop's back office -----------------------------------------------------------------------


def _session(request, pk: int) -> LiveSession:
    try:
        return selectors.live_session_for_user(request.user, pk)
    except LiveSession.DoesNotExist:
        raise Http404 from None


def _pin(request, pk: int) -> LivePin:
    try:
        return selectors.live_pin_for_user(request.user, pk)
    except LivePin.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def manage_live(request):
    shops = shops_for_user(request.user)
    form = LiveSessionForm(request.POST or None, shops=shops) if shops else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                session = services.live_session_create(
                    actor=request.user, shop=form.chosen_shop(), **form.service_fields()
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(
                    request, _("The session is scheduled. Now pin the products you will sell.")
                )
                return redirect("market:manage-live-edit", pk=session.pk)
    now = timezone.now()
    sessions = list(selectors.live_sessions_for_user(request.user)[:200])
    for session in sessions:
        session.state = live_session_state(session, now=now)
        session.state_label = LiveState(session.state).label
    return render(
        request,
        "market/live/manage_list.html",
        {"sessions": sessions, "shops": shops, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_live_edit(request, pk: int):
    session = _session(request, pk)
    state = live_session_state(session)
    is_open = state in (LiveState.SCHEDULED, LiveState.LIVE)
    if request.method == "POST" and not is_open:
        messages.error(request, _("This session is over: it can no longer be changed."))
        return redirect("market:manage-live-edit", pk=session.pk)
    form = LiveSessionForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.live_session_update(
                actor=request.user, session=session, **form.service_fields()
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("market:manage-live-edit", pk=session.pk)
    pin_form = LivePinForm(variants=selectors.live_pinnable_variants(session)) if is_open else None
    return render(
        request,
        "market/live/manage_edit.html",
        {
            "session": session,
            "state": state,
            "state_label": LiveState(state).label,
            "is_open": is_open,
            "form": form,
            "pin_form": pin_form,
            "pins": list(session.pins.all()),
        },
    )


@login_required
@require_POST
def manage_live_cancel(request, pk: int):
    session = _session(request, pk)
    try:
        services.live_session_cancel(actor=request.user, session=session)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("The session was cancelled."))
    return redirect("market:manage-live-edit", pk=session.pk)


@login_required
@require_POST
def manage_live_pin_add(request, pk: int):
    session = _session(request, pk)
    form = LivePinForm(request.POST, variants=selectors.live_pinnable_variants(session))
    if form.is_valid():
        try:
            services.live_pin_add(
                actor=request.user,
                session=session,
                variant=form.cleaned_data["variant"],
                live_price_vnd=form.cleaned_data["live_price_vnd"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The product is pinned."))
            return redirect("market:manage-live-edit", pk=session.pk)
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, cast(str, message))  # an ErrorList yields its messages
    return redirect("market:manage-live-edit", pk=session.pk)


@login_required
@require_POST
def manage_live_pin_remove(request, pk: int):
    pin = _pin(request, pk)
    session_pk = pin.session_id
    try:
        services.live_pin_remove(actor=request.user, pin=pin)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("The product is no longer pinned."))
    return redirect("market:manage-live-edit", pk=session_pk)


@login_required
@require_POST
def manage_live_pin_move(request, pk: int):
    pin = _pin(request, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.live_pin_move(actor=request.user, pin=pin, offset=offset)
    except ValidationError as error:
        _error_message(request, error)
    return redirect("market:manage-live-edit", pk=pin.session_id)


urlpatterns: list = [
    path("live/", live_list, name="live-list"),
    path("live/<int:pk>/", live_detail, name="live-detail"),
    path("manage/live/", manage_live, name="manage-live"),
    path("manage/live/<int:pk>/", manage_live_edit, name="manage-live-edit"),
    path("manage/live/<int:pk>/cancel/", manage_live_cancel, name="manage-live-cancel"),
    path("manage/live/<int:pk>/pins/", manage_live_pin_add, name="manage-live-pin-add"),
    path(
        "manage/live/pins/<int:pk>/remove/", manage_live_pin_remove, name="manage-live-pin-remove"
    ),
    path("manage/live/pins/<int:pk>/move/", manage_live_pin_move, name="manage-live-pin-move"),
]
