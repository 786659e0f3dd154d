"""Reads of live sessions: their state at a moment, the price a pin sells at, what the public
sees and what a shop manages.

A session's state is computed from its times, never stored: a session goes live and ends on
time without a task having to run.
"""

import datetime

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banso.market.models import (
    ListingStatus,
    ListingVariant,
    LivePin,
    LiveSession,
    ShopStatus,
)
from banso.market.selectors.shops import shops_for_user

PUBLIC_LIST_LIMIT = 50


class LiveState(models.TextChoices):
    SCHEDULED = "scheduled", _("Coming up")
    LIVE = "live", _("Live now")
    ENDED = "ended", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


def live_session_state(session: LiveSession, *, now: datetime.datetime | None = None) -> str:
    """ "scheduled", "live", "ended" or "cancelled" at ``now`` (this moment by default).

    A session is live from ``starts_at`` included to ``ends_at`` excluded.
    """
    if session.is_cancelled:
        return LiveState.CANCELLED
    now = now or timezone.now()
    if now < session.starts_at:
        return LiveState.SCHEDULED
    if now < session.ends_at:
        return LiveState.LIVE
    return LiveState.ENDED


def live_price_for(*, pin: LivePin, now: datetime.datetime | None = None) -> int | None:
    """The price ``pin`` sells at while its session is live; None before, after, or when the
    session was cancelled (the variant's normal price applies)."""
    if live_session_state(pin.session, now=now) != LiveState.LIVE:
        return None
    return pin.live_price_vnd


def _public() -> QuerySet[LiveSession]:
    return LiveSession.objects.filter(shop__status=ShopStatus.APPROVED).select_related("shop")


def live_sessions_upcoming(*, now: datetime.datetime | None = None) -> list[LiveSession]:
    """Sessions live now and to come, of open shops, soonest first: the public list."""
    now = now or timezone.now()
    return list(
        _public()
        .filter(is_cancelled=False, ends_at__gt=now)
        .select_related("shop__unit")
        .order_by("starts_at", "pk")[:PUBLIC_LIST_LIMIT]
    )


def pins_public() -> QuerySet[LivePin]:
    """Pins a buyer may order: of variants on sale in listings on sale."""
    return (
        LivePin.objects.filter(
            variant__is_active=True, variant__listing__status=ListingStatus.ACTIVE
        )
        .select_related("variant__listing")
        .order_by("position", "pk")
    )


def live_session_public(pk: int) -> LiveSession:
    """One session of an open shop, whatever its state, with the pins a buyer may order
    (``session.pins.all()`` reads no more). Raises LiveSession.DoesNotExist."""
    return _public().prefetch_related(Prefetch("pins", queryset=pins_public())).get(pk=pk)


# The shop's side ------------------------------------------------------------------------------


def live_sessions_for_user(user) -> QuerySet[LiveSession]:
    """Every session of the shops ``user`` manages, latest first."""
    return (
        LiveSession.objects.filter(shop__in=shops_for_user(user).values("pk"))
        .select_related("shop")
        .order_by("-starts_at", "-pk")
    )


def live_session_for_user(user, pk: int) -> LiveSession:
    """One session ``user`` manages, with all its pins. Raises LiveSession.DoesNotExist, also
    for another shop's session, so that it cannot be told from one that does not exist."""
    pins = LivePin.objects.select_related("variant__listing").order_by("position", "pk")
    return live_sessions_for_user(user).prefetch_related(Prefetch("pins", queryset=pins)).get(pk=pk)


def live_pin_for_user(user, pk: int) -> LivePin:
    """One pin of a session ``user`` manages. Raises LivePin.DoesNotExist."""
    return LivePin.objects.select_related("session__shop").get(
        pk=pk, session__in=live_sessions_for_user(user).values("pk")
    )


def live_pinnable_variants(session: LiveSession) -> QuerySet[ListingVariant]:
    """What the shop may pin: its variants on sale, in its listings on sale."""
    return (
        ListingVariant.objects.filter(
            listing__shop_id=session.shop_id,
            listing__status=ListingStatus.ACTIVE,
            is_active=True,
        )
        .select_related("listing")
        .order_by("listing__title", "position", "pk")
    )
