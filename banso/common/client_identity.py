"""Who is asking: the client's address as seen through the trusted proxies, and keyed hashes of
addresses and device cookies that let a request be counted without keeping who sent it.

The address comes from ``REMOTE_ADDR`` unless the site runs behind proxies it trusts
(``BANSO_TRUSTED_PROXIES``, default 0). Each proxy appends the address it received the request
from to ``X-Forwarded-For``, so behind N proxies the client is the Nth address from the right:
what stands further left was written by the client itself and proves nothing. With 0 trusted
proxies the header is ignored, and a client that sends one changes nothing.

Every rate limit and every log that records an address reads it through :func:`client_address`.
"""

import datetime
import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


def client_address(request: HttpRequest) -> str:
    """The client's IP address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXIES`` proxies the
    address the farthest trusted proxy saw. A header shorter than the proxies, or an entry
    that is not an IP address, falls back to ``REMOTE_ADDR``."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _key(purpose: str, extra: str = "") -> bytes:
    # The "banso.stamps." prefix predates this module: changing it would change every hash
    # already stored (a scan's device hash is compared with later scans by the clone rules).
    return hashlib.sha256(f"banso.stamps.{purpose}:{extra}:{settings.SECRET_KEY}".encode()).digest()


def address_hash(address: str, *, day: datetime.date) -> str:
    """The address keyed with a secret of the day: the same address gives the same hash all
    day (enough to count attempts), and an unrelated one the next day."""
    return hmac.new(_key("ip", day.isoformat()), address.encode(), hashlib.sha256).hexdigest()


def lasting_address_hash(address: str) -> str:
    """The address keyed with the site's secret alone, the same every day: for a fact about an
    address that must outlive a day (the addresses an account signs in from, kept 30 days)."""
    return hmac.new(_key("ip-lasting"), address.encode(), hashlib.sha256).hexdigest()


def client_address_hash(request: HttpRequest) -> str:
    """Today's hash of the client's address (:func:`client_address`): the subject of the
    rate limits that count per address."""
    return address_hash(client_address(request), day=timezone.localdate())


def device_hash(device_id: str) -> str:
    """A device cookie's keyed hash: the same browser is recognised, the cookie not kept."""
    return hmac.new(_key("device"), device_id.encode(), hashlib.sha256).hexdigest()
