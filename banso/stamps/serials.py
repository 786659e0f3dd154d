"""Stamp serials (GS1 AI 21) and scratch PINs.

A serial is 13 random symbols followed by a 2-symbol keyed tag, 15 characters in all::

    K7QM2XRC9VHT4  PB
    └ 13 × 5 bits ┘ └ tag: 10 bits of HMAC-SHA256(SECRET_KEY, random part)

The alphabet has 32 symbols: the digits 2–9 and the capital letters without I and O, so nothing
printed can be misread (no 0/O, no 1/I/l, no lowercase). Every symbol is in GS1's character set
82 and is safe unencoded in a URI path. The random part comes from :mod:`secrets`: 13 × 5 = 65
bits, so serials are neither sequential nor guessable. The tag lets the scan page turn away a
made-up serial without a database query: a guess passes it once in 1,024. Tags are checked
against ``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS``, so the key can be rotated as Django
documents; a key that is dropped from the fallbacks makes the serials printed under it forgeries.

Uniqueness across the platform is the database's unique constraint on ``Stamp.serial``: a clash
(about one in 10¹⁹ for each pair) is drawn again by the run that met it.

A scratch PIN is derived, not drawn: ``HMAC-SHA256(run's pin_secret, serial)`` read as a number
modulo 10ⁿ, so a run resumed after a crash prints the very PINs whose hashes it stored. The run's
secret is erased once its files are made; only :func:`pin_hash` of each PIN is kept, keyed with
``SECRET_KEY``, so a copy of the database alone does not let anyone try the 10⁶–10⁸ PINs offline.
"""

import functools
import hashlib
import hmac
import secrets

from django.conf import settings
from django.utils.crypto import constant_time_compare

SERIAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
SERIAL_RANDOM_LENGTH = 13
SERIAL_TAG_LENGTH = 2
SERIAL_LENGTH = SERIAL_RANDOM_LENGTH + SERIAL_TAG_LENGTH
SERIAL_RANDOM_BITS = 5 * SERIAL_RANDOM_LENGTH  # 65
SERIAL_TAG_BITS = 5 * SERIAL_TAG_LENGTH  # 10

PIN_LENGTHS = (6, 7, 8)
PIN_SECRET_BYTES = 32

_SERIAL_SALT = "banso.stamps.serial"
_PIN_SALT = "banso.stamps.pin"
_SYMBOLS = frozenset(SERIAL_ALPHABET)


def _secret_keys() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


@functools.lru_cache(maxsize=16)
def _hmac_key(salt: str, secret: str) -> bytes:
    # The key derivation of django.utils.crypto.salted_hmac, done once per key and purpose.
    return hashlib.sha256((salt + secret).encode()).digest()


def _keyed(salt: str, secret: str, message: str) -> bytes:
    return hmac.new(_hmac_key(salt, secret), message.encode(), hashlib.sha256).digest()


def _tag(random_part: str, *, secret: str) -> str:
    digest = _keyed(_SERIAL_SALT, secret, random_part)
    value = int.from_bytes(digest[:2], "big") >> (16 - SERIAL_TAG_BITS)
    return SERIAL_ALPHABET[value >> 5] + SERIAL_ALPHABET[value & 31]


def serial_new() -> str:
    """A fresh serial: 65 random bits and the keyed tag (see the module's docstring)."""
    bits = secrets.randbits(SERIAL_RANDOM_BITS)
    random_part = "".join(
        SERIAL_ALPHABET[(bits >> shift) & 31] for shift in range(0, SERIAL_RANDOM_BITS, 5)
    )
    return random_part + _tag(random_part, secret=settings.SECRET_KEY)


def serial_is_wellformed(serial: str) -> bool:
    """Whether ``serial`` could have been issued here: right length, alphabet and tag.

    A cheap check before any database query; it says nothing about whether the serial exists.
    """
    if len(serial) != SERIAL_LENGTH or not _SYMBOLS.issuperset(serial):
        return False
    random_part, tag = serial[:SERIAL_RANDOM_LENGTH], serial[SERIAL_RANDOM_LENGTH:]
    return any(constant_time_compare(tag, _tag(random_part, secret=key)) for key in _secret_keys())


def pin_secret_new() -> bytes:
    """The secret a run derives its PINs from while its print files are made."""
    return secrets.token_bytes(PIN_SECRET_BYTES)


def pin_for(run_secret: bytes | memoryview, serial: str, length: int) -> str:
    """The scratch PIN of ``serial``: ``length`` (6–8) digits, the same every time it is asked.

    The HMAC's 256 bits taken modulo 10ⁿ leave a bias below 10⁻⁶⁸: the digits are uniform.
    """
    if length not in PIN_LENGTHS:
        raise ValueError(f"a PIN has 6 to 8 digits, not {length}")
    if not run_secret:
        raise ValueError("a PIN needs the run's secret")
    digest = hmac.new(bytes(run_secret), serial.encode("ascii"), hashlib.sha256).digest()
    return str(int.from_bytes(digest, "big") % 10**length).zfill(length)


def pin_hash(serial: str, pin: str, *, secret: str | None = None) -> str:
    """The keyed hash stored for ``serial``'s PIN (64 hexadecimal characters), never the PIN."""
    return _keyed(_PIN_SALT, secret or settings.SECRET_KEY, f"{serial}:{pin}").hex()


def pin_matches(serial: str, pin: str, stored_hash: str) -> bool:
    """Whether ``pin`` is ``serial``'s PIN, compared in constant time (rotated keys too)."""
    if not stored_hash or not pin:
        return False
    return any(
        constant_time_compare(pin_hash(serial, pin, secret=key), stored_hash)
        for key in _secret_keys()
    )
