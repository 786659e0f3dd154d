"""The page a stamp's QR code leads to: ``/s/{serial}/``.

A genuine (activated) stamp shows its lot's trace page, whose context ``trace.public`` builds
as for the trace page itself, with the stamp's panel on top: first scan or how many, and the
scratch-PIN form. The panel looks different in each state, so that nobody reads a warning under
a green "genuine" heading: green for a genuine stamp (and for the person whose PIN has just
claimed it), amber for a stamp whose PIN was already confirmed (no PIN form: a PIN can no longer
tell this buyer anything), orange-red for a flagged stamp, red for a stamp not activated yet or
voided, which shows only its panel: the page vouches for nothing. Unknown and forged serials are
a 404 like any other page.

The lot's part of the page is kept in the cache per lot and language, like the trace page, so
a stamp's page costs one query for the stamp; like the trace page, a step recorded for the lot
shows within ``PAGE_CACHE_SECONDS``.

The page works without JavaScript; a few lines of script only offer to share the buyer's area
(rounded to about a kilometre in the browser) when asked to. The scan is recorded after the
response has been sent (:class:`AfterResponse`), so logging costs the buyer no time; it is given
the stamp the page read, so a scan reads the stamp once.
"""

import logging
import secrets
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from banso.common.client_identity import client_address, client_address_hash, device_hash
from banso.common.ratelimit import limit_hit
from banso.stamps.limits import scan_limit
from banso.stamps.models import Stamp, StampStatus
from banso.stamps.selectors.scans import stamp_flag_titles
from banso.stamps.serials import serial_is_wellformed
from banso.stamps.services.scans import (
    PinOutcome,
    PinResult,
    coordinates_coarse,
    pin_confirm,
    scan_facts,
    scan_place_set,
    scan_record,
)
from banso.trace.models import Lot
from banso.trace.public import (
    PAGE_CACHE_SECONDS,
    lot_page_context,
    page_language,
    page_languages,
)
from banso.trace.resolver import DigitalLink
from banso.trace.selectors.journey import lot_public_get

logger = logging.getLogger(__name__)

DEVICE_COOKIE = "banso_device"
DEVICE_COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie

GENUINE, CLAIMED, FLAGGED = "genuine", "claimed", "flagged"
NOT_ACTIVATED, VOIDED = "not_activated", "voided"


class AfterResponse(HttpResponse):
    """A response that runs ``after`` once it has been sent: WSGI servers call ``close()``
    when the body is out (and Django's test client does too). A failure there is logged, never
    shown: the buyer already has the page."""

    def __init__(self, *args, after: Callable[[], object] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.after = after

    def close(self) -> None:
        task, self.after = self.after, None
        try:
            if task is not None:
                task()
        except Exception:
            logger.exception("work after the response failed")
        finally:
            super().close()


def _too_many(request: HttpRequest, *, seconds: int) -> HttpResponse:
    response = HttpResponse(
        render_to_string("stamps/public/too_many.html", request=request), status=429
    )
    response["Retry-After"] = str(seconds)
    return response


def _scans_limited(request: HttpRequest, subject: str) -> bool:
    limit = scan_limit()
    return limit_hit(limit, subject) > limit.count


def _stamp_get(serial: str) -> Stamp:
    if not serial_is_wellformed(serial):
        raise Http404
    try:
        return Stamp.objects.select_related("run__product", "lot", "claimed_unit__parent").get(
            serial=serial
        )
    except Stamp.DoesNotExist:
        raise Http404 from None


def stamp_state(stamp: Stamp, pin_result: PinResult | None = None) -> str:
    """What the panel says of the stamp. A claimed stamp is genuine only to the person whose
    PIN has just claimed it; to anyone else it was already verified."""
    if stamp.status == StampStatus.VOIDED:
        return VOIDED
    if stamp.status != StampStatus.ACTIVATED:
        return NOT_ACTIVATED
    if stamp.is_flagged:
        return FLAGGED
    if stamp.claimed_at is None or (pin_result and pin_result.outcome == PinOutcome.CLAIMED):
        return GENUINE
    return CLAIMED


def _lot_context(request: HttpRequest, stamp: Stamp, language: str) -> dict:
    """The lot's part of the page, as the trace page itself builds it; the same for every
    stamp of the lot."""
    product = stamp.run.product
    try:
        # Only activated stamps get here, and those have a lot (stamps_activated_has_lot).
        lot = lot_public_get(gtin=product.gtin, code=cast(Lot, stamp.lot).code)
    except Lot.DoesNotExist:
        raise Http404 from None
    return lot_page_context(request, lot, language)


def _trace_context(request: HttpRequest, stamp: Stamp, language: str) -> dict:
    """The lot's part of the page, kept like the trace page itself for ``PAGE_CACHE_SECONDS``
    per lot, language and host for anonymous visitors (every stamp of a lot shares it), and
    the stamp's own part."""
    key = f"stamps:lot-context:{stamp.lot_id}:{language}:{request.get_host()}"
    anonymous = not request.user.is_authenticated
    context = cache.get(key) if anonymous else None
    if context is None:
        context = _lot_context(request, stamp, language)
        if anonymous:
            cache.set(key, context, PAGE_CACHE_SECONDS)
    gtin, code = context["product"].gtin, context["lot"].code
    link = DigitalLink(gtin=gtin, lot=code, serial=stamp.serial)
    return {
        **context,
        "languages": page_languages(request, language),
        "digital_link": request.build_absolute_uri(link.path),
        "element_string": f"(01){gtin}(10){code}(21){stamp.serial}",
    }


def _page(request: HttpRequest, stamp: Stamp, language: str, pin_result: PinResult | None) -> str:
    state = stamp_state(stamp, pin_result)
    counted = request.method == "GET"
    scans = stamp.scan_count + (1 if counted else 0)
    context = {
        "stamp": stamp,
        "state": state,
        "scans": scans,
        "first_scan": scans <= 1,
        "flags": [title for _code, title in stamp_flag_titles(stamp)],
        # Once claimed, a right PIN only says "already verified": the form no longer helps.
        "with_pin": bool(stamp.pin_hash)
        and stamp.claimed_at is None
        and state in (GENUINE, FLAGGED),
        "pin_result": pin_result,
    }
    if state in (GENUINE, CLAIMED, FLAGGED):
        context.update(_trace_context(request, stamp, language))
        return render_to_string("stamps/public/stamp.html", context, request=request)
    context["languages"] = page_languages(request, language)
    return render_to_string("stamps/public/not_genuine.html", context, request=request)


def _device_id(request: HttpRequest) -> tuple[str, bool]:
    """The browser's device cookie, or a new one (True) to set on the response."""
    current = request.COOKIES.get(DEVICE_COOKIE, "")
    if 16 <= len(current) <= 64:
        return current, False
    return secrets.token_urlsafe(16), True


def _point(request: HttpRequest) -> tuple[float, float] | None:
    latitude, longitude = request.POST.get("latitude"), request.POST.get("longitude")
    if not latitude or not longitude:
        return None
    return coordinates_coarse(latitude, longitude)


@require_http_methods(["GET", "HEAD", "POST"])
def stamp_page(request: HttpRequest, serial: str) -> HttpResponse:
    """A stamp's page; POST checks a scratch PIN (with Django's CSRF protection)."""
    language = page_language(request)
    address = client_address_hash(request)
    if _scans_limited(request, address):
        return _too_many(request, seconds=60)
    stamp = _stamp_get(serial)
    device_id, new_device = _device_id(request)
    pin_result = None
    if request.method == "POST":
        pin_result = pin_confirm(
            stamp=stamp,
            pin=request.POST.get("pin", ""),
            ip_hash=address,
            device_hash=device_hash(device_id),
            point=_point(request),
        )
    html = _page(request, stamp, language, pin_result)
    status = 429 if pin_result and pin_result.outcome == PinOutcome.LOCKED else 200
    after = None
    if request.method == "GET" and settings.STAMP_SCAN_LOGGING:
        facts = scan_facts(
            address=client_address(request),
            user_agent=request.headers.get("User-Agent", ""),
            language=language,
            device_id=device_id,
        )

        def after() -> None:
            scan_record(stamp_id=stamp.pk, facts=facts, stamp=stamp)

    response = AfterResponse(html, status=status, after=after)
    add_never_cache_headers(response)
    if new_device:
        response.set_cookie(
            DEVICE_COOKIE,
            device_id,
            max_age=DEVICE_COOKIE_MAX_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


@require_POST
def stamp_place(request: HttpRequest, serial: str) -> HttpResponse:
    """The area the buyer chose to share (sent by the page's script): given to their scan."""
    if _scans_limited(request, client_address_hash(request)):
        return _too_many(request, seconds=60)
    stamp = _stamp_get(serial)
    point = _point(request)
    device_id = request.COOKIES.get(DEVICE_COOKIE, "")
    if point is None or not device_id:
        return HttpResponse(status=400)
    scan_place_set(stamp=stamp, device_hash=device_hash(device_id), point=point, now=timezone.now())
    return HttpResponse(status=204)
