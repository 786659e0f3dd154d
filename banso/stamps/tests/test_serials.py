"""Serials and scratch PINs: alphabet, length, randomness, keyed tags, derivation and hashing."""

import collections
import itertools
import math
import secrets
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from banso.stamps.serials import (
    PIN_LENGTHS,
    SERIAL_ALPHABET,
    SERIAL_LENGTH,
    SERIAL_RANDOM_BITS,
    SERIAL_RANDOM_LENGTH,
    pin_for,
    pin_hash,
    pin_matches,
    serial_is_wellformed,
    serial_new,
)
from banso.trace.gs1 import CSET82
from banso.trace.resolver import SERIAL_MAX_LENGTH

serial_texts = st.text(alphabet=SERIAL_ALPHABET, min_size=SERIAL_LENGTH, max_size=SERIAL_LENGTH)
secrets_ = st.binary(min_size=32, max_size=32)


def test_the_alphabet_is_printable_without_ambiguity_and_in_gs1_cset82():
    assert len(SERIAL_ALPHABET) == 32 == len(set(SERIAL_ALPHABET))
    assert not set(SERIAL_ALPHABET) & set("0O1Il")
    assert CSET82.match(SERIAL_ALPHABET)
    assert SERIAL_RANDOM_BITS == SERIAL_RANDOM_LENGTH * math.log2(len(SERIAL_ALPHABET)) >= 64


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=10))
def test_every_serial_is_short_in_cset82_uri_safe_and_carries_its_tag(_):
    serial = serial_new()
    assert len(serial) == SERIAL_LENGTH <= SERIAL_MAX_LENGTH
    assert set(serial) <= set(SERIAL_ALPHABET)
    assert CSET82.match(serial)
    assert quote(serial, safe="") == serial
    assert serial_is_wellformed(serial)


def test_100000_serials_are_distinct_and_spread_over_the_alphabet():
    serials = [serial_new() for _ in range(100_000)]
    assert len(set(serials)) == len(serials)
    # Each random position takes every symbol about equally often (expected 3,125 each).
    for position in range(SERIAL_RANDOM_LENGTH):
        counts = collections.Counter(serial[position] for serial in serials)
        assert len(counts) == 32
        assert 2_700 < min(counts.values()) <= max(counts.values()) < 3_550
    # Not sequential: neighbours share no more of their start than random strings do.
    shared = sum(a[:3] == b[:3] for a, b in itertools.pairwise(serials))
    assert shared < 20


@settings(max_examples=200)
@given(serial_texts)
def test_a_changed_symbol_breaks_the_tag(serial):
    issued = serial_new()
    for position in (0, SERIAL_RANDOM_LENGTH - 1, SERIAL_LENGTH - 1):
        other = SERIAL_ALPHABET[(SERIAL_ALPHABET.index(issued[position]) + 1) % 32]
        forged = issued[:position] + other + issued[position + 1 :]
        if position < SERIAL_RANDOM_LENGTH:
            # A new random part keeps the old tag only by chance (1 in 1,024).
            assert serial_is_wellformed(forged) is (forged[-2:] == serial_new_tag(forged))
        else:
            assert not serial_is_wellformed(forged)
    assert not serial_is_wellformed(serial[:-1])
    assert not serial_is_wellformed(serial.lower())


def serial_new_tag(serial: str) -> str:
    from django.conf import settings as django_settings

    from banso.stamps.serials import _tag

    return _tag(serial[:SERIAL_RANDOM_LENGTH], secret=django_settings.SECRET_KEY)


def test_made_up_serials_rarely_pass_the_tag():
    guesses = [
        "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(SERIAL_LENGTH))
        for _ in range(20_000)
    ]
    accepted = sum(map(serial_is_wellformed, guesses))
    assert accepted < 50  # about 20 expected: one in 1,024


def test_tags_hold_across_a_key_rotation(settings):
    serial = serial_new()
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key-" * 5, [settings.SECRET_KEY]
    assert serial_is_wellformed(serial)
    settings.SECRET_KEY_FALLBACKS = []
    assert not serial_is_wellformed(serial)


@given(serial_texts, secrets_, st.sampled_from(PIN_LENGTHS))
def test_a_pin_is_digits_of_its_length_and_derived_again_alike(serial, secret, length):
    pin = pin_for(secret, serial, length)
    assert len(pin) == length and pin.isdigit()
    assert pin_for(secret, serial, length) == pin
    assert pin_for(bytes(reversed(secret)) + b"x", serial, length) != pin or length == 6


@given(serial_texts, secrets_, st.sampled_from(PIN_LENGTHS))
def test_only_the_right_pin_matches_its_hash(serial, secret, length):
    pin = pin_for(secret, serial, length)
    stored = pin_hash(serial, pin)
    assert len(stored) == 64 and pin not in stored
    assert pin_matches(serial, pin, stored)
    wrong = str((int(pin) + 1) % 10**length).zfill(length)
    assert not pin_matches(serial, wrong, stored)
    assert not pin_matches(serial, "", stored)
    assert not pin_matches(serial, pin, "")
    # The same PIN on another stamp has another hash.
    assert pin_hash(serial[::-1] + "2", pin) != stored


def test_pin_hashes_are_keyed_with_the_secret_key(settings):
    stored = pin_hash("ABCDEFGHJKLMNPQ", "123456")
    settings.SECRET_KEY = "another-secret-key-" * 3
    assert pin_hash("ABCDEFGHJKLMNPQ", "123456") != stored
    assert not pin_matches("ABCDEFGHJKLMNPQ", "123456", stored)


def test_pins_are_uniform_and_differ_from_stamp_to_stamp():
    secret = secrets.token_bytes(32)
    serials = [serial_new() for _ in range(20_000)]
    pins = [pin_for(secret, serial, 6) for serial in serials]
    # Birthday bound: 20,000 PINs out of a million share a value about 200 times.
    assert len(set(pins)) > 19_600
    for position in range(6):
        counts = collections.Counter(pin[position] for pin in pins)
        chi_square = sum((count - 2_000) ** 2 / 2_000 for count in counts.values())
        assert len(counts) == 10 and chi_square < 40  # 9 degrees of freedom, p < 10⁻⁵
    leading = collections.Counter(int(pin[:2]) for pin in pins)
    assert len(leading) == 100  # leading zeros are kept, every prefix occurs
    # Another run's secret gives other PINs to the same serials.
    other = [pin_for(secrets.token_bytes(32), serial, 6) for serial in serials[:1_000]]
    assert sum(a == b for a, b in zip(pins, other, strict=False)) < 5
