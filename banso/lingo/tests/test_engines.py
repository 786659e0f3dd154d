"""The machine translation engine, against a real LibreTranslate-compatible server on a local
port: batching, timeouts, retries, the circuit breaker shared through the cache, the code map
read from /languages, and the default of no engine at all."""

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from banso.lingo.engines import machine_translate
from banso.lingo.engines.libretranslate import batches
from banso.lingo.tests.libretranslate_server import LibreTranslateServer

TEA, PLUMS, MARKET = "Chè Shan tuyết cổ thụ", "Mận hậu Bắc Hà", "Chợ phiên Cán Cấu"


@pytest.fixture
def server(settings):
    """A running server, configured as the engine, with short timeouts."""
    running = LibreTranslateServer().start()
    settings.TRANSLATION_ENGINE = "libretranslate"
    settings.LIBRETRANSLATE_URL = running.url
    settings.LIBRETRANSLATE_API_KEY = ""
    settings.TRANSLATION_TIMEOUT_SECONDS = 2
    settings.TRANSLATION_RETRIES = 2
    settings.TRANSLATION_BATCH_SIZE = 25
    settings.TRANSLATION_BATCH_CHARACTERS = 5000
    settings.TRANSLATION_CIRCUIT_FAILURES = 5
    settings.TRANSLATION_CIRCUIT_COOLDOWN_SECONDS = 60
    yield running
    running.stop()


def test_no_engine_by_default_answers_none_and_calls_nothing(server, settings):
    settings.TRANSLATION_ENGINE = ""

    assert machine_translate([TEA], source="vi", target="en") is None
    assert server.received == []


def test_translates_into_english_and_chinese_in_order(server):
    assert machine_translate([TEA, PLUMS, MARKET], source="vi", target="en") == [
        "Ancient Shan Tuyet tea",
        "Bac Ha plums",
        "Can Cau market",
    ]
    assert machine_translate([MARKET, TEA], source="vi", target="zh-hans") == [
        "坎究集市",
        "古树雪山茶",
    ]


def test_texts_go_in_batches_as_lists_and_come_back_in_order(server):
    texts = [f"Câu số {number}" for number in range(30)]

    translated = machine_translate(texts, source="vi", target="en")

    assert translated == [f"[en] Câu số {number}" for number in range(30)]
    batches = [request.body["q"] for request in server.requests_to("/translate")]
    assert batches == [texts[:25], texts[25:]]
    assert all(request.body["format"] == "text" for request in server.requests_to("/translate"))


def test_a_batch_carries_at_most_the_characters_allowed(server, settings):
    settings.TRANSLATION_BATCH_CHARACTERS = 250
    texts = [str(number) * 100 for number in range(5)]

    assert machine_translate(texts, source="vi", target="en") == [f"[en] {t}" for t in texts]
    assert [len(request.body["q"]) for request in server.requests_to("/translate")] == [2, 2, 1]


@pytest.mark.parametrize("chinese_code", ["zh", "zh-Hans"])
def test_chinese_goes_by_the_code_the_server_lists(server, chinese_code):
    server.chinese_code = chinese_code

    assert machine_translate([PLUMS], source="vi", target="zh-hans") == ["北河李子"]
    assert machine_translate([TEA], source="vi", target="zh-hans") == ["古树雪山茶"]
    assert [request.body["target"] for request in server.requests_to("/translate")] == [
        chinese_code,
        chinese_code,
    ]
    # The list of languages is read once, not before every call.
    assert len(server.requests_to("/languages")) == 1


def test_a_pair_the_server_does_not_offer_answers_none_without_translating(server):
    server.chinese_code = "zh-Hant"  # Traditional only: no Simplified Chinese

    assert machine_translate([TEA], source="vi", target="zh-hans") is None
    assert machine_translate([TEA], source="vi", target="fr") is None
    assert server.requests_to("/translate") == []


def test_the_api_key_is_sent(server, settings):
    server.api_key = settings.LIBRETRANSLATE_API_KEY = "khoa-bi-mat"

    assert machine_translate([TEA], source="vi", target="en") == ["Ancient Shan Tuyet tea"]
    assert server.requests_to("/translate")[0].body["api_key"] == "khoa-bi-mat"


def test_a_refused_key_is_not_tried_again(server, settings, caplog):
    server.api_key = "khoa-bi-mat"
    settings.LIBRETRANSLATE_API_KEY = "khoa-sai"

    assert machine_translate([TEA], source="vi", target="en") is None
    assert len(server.requests_to("/translate")) == 1
    assert "Invalid API key" in caplog.text


def test_a_slow_server_is_given_up_after_the_retries(server, settings):
    server.delay = 5
    settings.TRANSLATION_TIMEOUT_SECONDS = 0.2

    started = time.monotonic()
    assert machine_translate([TEA], source="vi", target="en") is None
    # Three tries of 0.2 s and two backoffs (at most 0.5 s and 1 s), far below one slow answer.
    assert time.monotonic() - started < 3.5
    assert len(server.requests_to("/translate")) == 3


@pytest.mark.parametrize("status", [500, 503, 429])
def test_transient_failures_are_tried_again(server, status):
    server.fail(2, status=status, path="/translate")

    assert machine_translate([TEA], source="vi", target="en") == ["Ancient Shan Tuyet tea"]
    assert len(server.requests_to("/translate")) == 3


def test_a_server_that_is_down_answers_none(server, caplog):
    server.stop()

    assert machine_translate([TEA], source="vi", target="en") is None
    assert "failed" in caplog.text


def test_the_circuit_opens_after_failures_in_a_row_and_a_trial_closes_it(server, settings):
    settings.TRANSLATION_RETRIES = 0
    settings.TRANSLATION_CIRCUIT_FAILURES = 3
    settings.TRANSLATION_CIRCUIT_COOLDOWN_SECONDS = 0.5
    server.fail(100)

    for _ in range(3):
        assert machine_translate([TEA], source="vi", target="en") is None
    assert len(server.received) == 3

    # Open: no request reaches the server, and the answer comes at once.
    started = time.monotonic()
    assert machine_translate([TEA], source="vi", target="en") is None
    assert time.monotonic() - started < 0.1
    assert len(server.received) == 3

    # After the cool-down, one trial call; it succeeds and closes the circuit.
    server.fail(0)
    time.sleep(0.6)
    assert machine_translate([TEA], source="vi", target="en") == ["Ancient Shan Tuyet tea"]
    assert machine_translate([PLUMS], source="vi", target="en") == ["Bac Ha plums"]


def test_a_failed_trial_opens_the_circuit_again(server, settings):
    settings.TRANSLATION_RETRIES = 0
    settings.TRANSLATION_CIRCUIT_FAILURES = 2
    settings.TRANSLATION_CIRCUIT_COOLDOWN_SECONDS = 0.5
    server.fail(100)
    for _ in range(2):
        machine_translate([TEA], source="vi", target="en")

    time.sleep(0.6)
    assert machine_translate([TEA], source="vi", target="en") is None  # the trial
    assert len(server.received) == 3
    assert machine_translate([TEA], source="vi", target="en") is None
    assert len(server.received) == 3


def test_successes_keep_the_failures_from_adding_up(server, settings):
    settings.TRANSLATION_RETRIES = 0
    settings.TRANSLATION_CIRCUIT_FAILURES = 2
    machine_translate([TEA], source="vi", target="en")  # reads /languages once
    for _ in range(3):
        server.fail(1, path="/translate")
        assert machine_translate([TEA], source="vi", target="en") is None
        assert machine_translate([TEA], source="vi", target="en") == ["Ancient Shan Tuyet tea"]


def test_the_circuit_lives_in_the_shared_cache(server, settings):
    """Every process reads the circuit from Django's cache (Redis with many machines): the
    state is there, not in this process."""
    from django.core.cache import cache

    settings.TRANSLATION_RETRIES = 0
    settings.TRANSLATION_CIRCUIT_FAILURES = 1
    server.fail(1)
    assert machine_translate([TEA], source="vi", target="en") is None
    assert machine_translate([TEA], source="vi", target="en") is None
    assert len(server.received) == 1

    cache.clear()

    assert machine_translate([TEA], source="vi", target="en") == ["Ancient Shan Tuyet tea"]


@given(
    texts=st.lists(st.text(max_size=40), max_size=60),
    size=st.integers(min_value=1, max_value=30),
    characters=st.integers(min_value=1, max_value=200),
)
def test_batches_keep_every_text_in_order_within_the_limits(texts, size, characters):
    cut = list(batches(texts, size=size, characters=characters))

    assert [text for batch in cut for text in batch] == texts
    assert all(batch for batch in cut)
    assert all(len(batch) <= size for batch in cut)
    assert all(len(batch) == 1 or sum(map(len, batch)) <= characters for batch in cut)
