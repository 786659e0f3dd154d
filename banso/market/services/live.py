"""Live sessions (bán hàng qua livestream) and the products they pin at a live price.

The stream itself runs on Facebook, TikTok or YouTube; we keep only a link to it. The link must
lead to the platform the shop chose, over HTTPS, so that the "Watch on …" button on our page
never sends a buyer somewhere else. A session that has ended or was cancelled is history: it is
no longer changed, so the orders that carry it keep telling the truth.
"""

import datetime
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.market.models import (
    ListingStatus,
    ListingVariant,
    LivePin,
    LiveSession,
    Shop,
    StreamPlatform,
)
from banso.market.selectors.live import LiveState, live_session_state

PLATFORM_DOMAINS: dict[str, tuple[str, ...]] = {
    StreamPlatform.FACEBOOK: ("facebook.com", "fb.watch"),
    StreamPlatform.TIKTOK: ("tiktok.com",),
    StreamPlatform.YOUTUBE: ("youtube.com", "youtu.be"),
}
# Longer than any real sale; it catches a date typed a day or a month wrong.
MAX_DURATION = datetime.timedelta(hours=12)
SESSION_FIELDS = frozenset({"title", "starts_at", "ends_at", "platform", "stream_url"})


def _require(actor, permission: str, obj) -> None:
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(_("You may not manage the live sessions of this shop."))


def stream_url_check(*, platform: str, url: str) -> str:
    """``url`` cleaned, or a ValidationError when it is not an HTTPS link to ``platform``."""
    url = (url or "").strip()
    domains = PLATFORM_DOMAINS.get(platform)
    if domains is None:
        raise ValidationError({"platform": _("Choose Facebook, TikTok or YouTube.")})
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        parts, host = None, ""
    if parts is None or parts.scheme.lower() != "https" or not host:
        raise ValidationError(
            {
                "stream_url": ValidationError(
                    _("Paste the full link of the stream, starting with https://."),
                    code="stream_url_https",
                )
            }
        )
    if (
        parts.username
        or parts.password
        or not any(host == domain or host.endswith("." + domain) for domain in domains)
    ):
        message = _("This is not a link to %(platform)s (%(domains)s).") % {
            "platform": StreamPlatform(platform).label,
            "domains": ", ".join(domains),
        }
        raise ValidationError({"stream_url": ValidationError(message, code="stream_url_platform")})
    return url


def _times_check(session: LiveSession, *, now: datetime.datetime) -> None:
    errors: dict[str, str] = {}
    if session.starts_at and session.ends_at:
        if session.ends_at <= session.starts_at:
            errors["ends_at"] = _("The session ends after it starts.")
        elif session.ends_at - session.starts_at > MAX_DURATION:
            errors["ends_at"] = _("A session lasts at most 12 hours.")
        elif session.ends_at <= now:
            errors["ends_at"] = _("This time has already passed.")
    if errors:
        raise ValidationError(errors, code="times")


def _session_save(session: LiveSession) -> LiveSession:
    session.title = " ".join((session.title or "").split())
    session.stream_url = stream_url_check(platform=session.platform, url=session.stream_url)
    _times_check(session, now=timezone.now())
    session.full_clean()
    session.save()
    return session


def _require_open(session: LiveSession, *, now: datetime.datetime | None = None) -> None:
    """Changes stop once the session is over: its orders keep the prices it showed."""
    state = live_session_state(session, now=now)
    if state == LiveState.CANCELLED:
        raise ValidationError(_("This session was cancelled."), code="cancelled")
    if state == LiveState.ENDED:
        raise ValidationError(_("This session has ended."), code="ended")


def live_session_create(
    *,
    actor,
    shop: Shop,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    platform: str,
    stream_url: str,
) -> LiveSession:
    """Schedule a session of ``shop``; it may start now, but not end in the past."""
    _require(actor, "market.add_livesession", shop)
    session = LiveSession(
        shop=shop,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        platform=platform,
        stream_url=stream_url,
    )
    return _session_save(session)


def live_session_update(*, actor, session: LiveSession, **fields) -> LiveSession:
    """Change the title, times or link of a session that has not ended."""
    _require(actor, "market.change_livesession", session)
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise TypeError(f"live_session_update() got unexpected fields: {sorted(unknown)}")
    _require_open(session)
    for name, value in fields.items():
        setattr(session, name, value)
    return _session_save(session)


def live_session_cancel(*, actor, session: LiveSession) -> LiveSession:
    """Call off a session that has not ended. Its page stays, saying so; its pins stop selling
    at the live price at once."""
    _require(actor, "market.change_livesession", session)
    if session.is_cancelled:
        return session
    _require_open(session)
    session.is_cancelled = True
    session.save(update_fields=["is_cancelled", "updated_at"])
    return session


@transaction.atomic
def live_pin_add(
    *, actor, session: LiveSession, variant: ListingVariant, live_price_vnd: int
) -> LivePin:
    """Pin ``variant`` of the session's own shop at ``live_price_vnd``; pinning a variant that
    is already pinned sets its live price.

    The live price is usually below the normal one, but a shop may keep it (a gift with the
    order, a bigger box) and it is not refused.
    """
    _require(actor, "market.change_livesession", session)
    _require_open(session)
    listing = variant.listing
    if listing.shop_id != session.shop_id:
        raise ValidationError(
            {"variant": ValidationError(_("Pin only products of this shop."), code="other_shop")}
        )
    if not variant.is_active or listing.status != ListingStatus.ACTIVE:
        message = _("This product is not on sale: put it on sale first.")
        raise ValidationError({"variant": ValidationError(message, code="not_on_sale")})
    if isinstance(live_price_vnd, bool) or not isinstance(live_price_vnd, int):
        raise ValidationError(
            {"live_price_vnd": _("The live price is a whole number of đồng.")}, code="price"
        )
    if live_price_vnd < 1:
        raise ValidationError(
            {"live_price_vnd": _("The live price is a whole number of đồng above 0.")},
            code="price",
        )
    pin = LivePin.objects.select_for_update().filter(session=session, variant=variant).first()
    if pin is None:
        last = session.pins.aggregate(last=Max("position"))["last"]
        pin = LivePin(session=session, variant=variant, position=0 if last is None else last + 1)
    pin.live_price_vnd = live_price_vnd
    pin.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            pin.save()
    except IntegrityError:
        # Pinned twice at the same moment: the other request's pin stands, with our price.
        pin = LivePin.objects.get(session=session, variant=variant)
        pin.live_price_vnd = live_price_vnd
        pin.save(update_fields=["live_price_vnd", "updated_at"])
    return pin


def live_pin_remove(*, actor, pin: LivePin) -> None:
    """Unpin a product. Cart items put there at the live price fall back to the normal price."""
    session = pin.session
    _require(actor, "market.change_livesession", session)
    _require_open(session)
    pin.delete()


@transaction.atomic
def live_pin_move(*, actor, pin: LivePin, offset: int) -> LivePin:
    """Move a pin ``offset`` places up (negative) or down the session's list, which is the order
    buyers see; the positions are renumbered 0, 1, 2 … on the way."""
    session = pin.session
    _require(actor, "market.change_livesession", session)
    _require_open(session)
    pins = list(LiveSession.objects.select_for_update().get(pk=session.pk).pins.all())
    index = next(i for i, other in enumerate(pins) if other.pk == pin.pk)
    target = max(0, min(len(pins) - 1, index + offset))
    pins.insert(target, pins.pop(index))
    for position, other in enumerate(pins):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position", "updated_at"])
        if other.pk == pin.pk:
            pin.position = position
    return pin
