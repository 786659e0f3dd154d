"""Byte ranges of a file: what a Range header asks for, and the answers (206, 416, 304)."""

import io

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from banso.common.ranges import (
    UNSATISFIABLE,
    byte_range,
    etag_matches,
    file_range_response,
    sha256_digest_header,
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=900-5000", (900, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),
        ("bytes=1000-", UNSATISFIABLE),
        ("bytes=-0", UNSATISFIABLE),
        ("bytes=5-2", None),
        ("bytes=0-1,5-9", None),
        ("items=0-9", None),
        ("bytes=abc", None),
    ],
)
def test_the_range_asked_of_a_thousand_bytes(header, expected):
    assert byte_range(header, 1000) == expected


@given(st.integers(0, 5000), st.integers(1, 5000))
def test_a_satisfiable_range_lies_inside_the_file(start, size):
    found = byte_range(f"bytes={start}-", size)
    if start >= size:
        assert found == UNSATISFIABLE
    else:
        assert found == (start, size - 1)


def test_etags_compare_weakly_as_if_none_match_does():
    assert etag_matches('W/"abc"', '"abc"')
    assert etag_matches('"x", "abc"', '"abc"')
    assert etag_matches("*", '"abc"')
    assert not etag_matches('"abd"', '"abc"')
    assert not etag_matches(None, '"abc"')


def test_the_digest_header_is_the_base64_of_the_sha256():
    digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert sha256_digest_header(digest) == "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:"


DATA = bytes(range(256)) * 4


def _get(**headers):
    request = RequestFactory().get("/file", headers=headers)
    return file_range_response(
        request,
        opener=lambda: io.BytesIO(DATA),
        size=len(DATA),
        content_type="audio/mpeg",
        etag='"v1"',
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_range_is_answered_206_and_joins_with_the_rest():
    first = _get(Range="bytes=0-99")
    assert first.status_code == 206
    assert first["Content-Range"] == f"bytes 0-99/{len(DATA)}"
    assert first["Content-Length"] == "100"
    rest = _get(Range="bytes=100-", **{"If-Range": '"v1"'})
    assert rest.status_code == 206
    assert _body(first) + _body(rest) == DATA


def test_the_whole_file_without_a_range_or_when_the_file_changed():
    whole = _get()
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert _body(whole) == DATA
    changed = _get(Range="bytes=100-", **{"If-Range": '"v0"'})
    assert changed.status_code == 200 and _body(changed) == DATA


def test_a_range_past_the_end_is_416_and_a_known_etag_304():
    past = _get(Range=f"bytes={len(DATA)}-")
    assert past.status_code == 416 and past["Content-Range"] == f"bytes */{len(DATA)}"
    same = _get(**{"If-None-Match": '"v1"'})
    assert same.status_code == 304 and same.content == b""


def test_answers_by_range_are_never_compressed_pages_still_are():
    from django.http import HttpResponse

    from banso.common.middleware import GZipMiddleware

    middleware = GZipMiddleware(lambda request: None)
    request = RequestFactory().get("/file", headers={"Accept-Encoding": "gzip"})
    ranged = _get(Range="bytes=0-", **{"Accept-Encoding": "gzip"})
    assert not middleware.process_response(request, ranged).has_header("Content-Encoding")
    page = HttpResponse(b"<p>" + b"trang " * 100 + b"</p>")
    assert middleware.process_response(request, page)["Content-Encoding"] == "gzip"
