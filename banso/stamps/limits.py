"""The stamps' rate limits (counted by :mod:`banso.common.ratelimit`): scratch-PIN tries per
stamp and per address, and stamp pages opened per address per minute."""

from django.conf import settings

from banso.common.ratelimit import Limit

HOUR = 3600
PIN_PER_STAMP = Limit("pin-stamp", count=5, window_seconds=HOUR, lockout_seconds=HOUR)
PIN_PER_ADDRESS = Limit("pin-address", count=20, window_seconds=HOUR, lockout_seconds=HOUR)


def scan_limit() -> Limit:
    return Limit("scan-address", count=settings.STAMP_SCAN_RATE_PER_MINUTE, window_seconds=60)
