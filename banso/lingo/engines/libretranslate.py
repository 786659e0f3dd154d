"""A LibreTranslate-compatible HTTP engine (LibreTranslate itself, or any server speaking its API).

``POST /translate`` takes ``{"q": [texts], "source", "target", "format": "text", "api_key"}``
and answers ``{"translatedText": [texts]}``; ``GET /languages`` answers
``[{"code", "name", "targets": [...]}]``. Texts go in batches (``TRANSLATION_BATCH_SIZE`` texts
and at most ``TRANSLATION_BATCH_CHARACTERS`` characters a request: servers limit both). Each
request has its own timeout and is tried again, with backoff, after a timeout, a lost
connection, a 5xx or a 429; any other refusal (a wrong key, a text too long) would only be
refused again. The standard library's HTTP client is enough for one JSON request at a time.
"""

import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.client import HTTPException

from django.conf import settings
from django.core.cache import cache

from banso.jobs.backoff import backoff_seconds
from banso.lingo.engines.base import LANGUAGE_CODES, EngineError

logger = logging.getLogger(__name__)

# LibreTranslate's codes for ours, in the order they are looked for in the server's /languages:
# servers before 1.6 call Simplified Chinese "zh", later ones "zh-Hans" (beside "zh-Hant").
SERVER_CODES: dict[str, tuple[str, ...]] = {
    "vi": ("vi",),
    "en": ("en",),
    "zh-hans": ("zh-Hans", "zh", "zh-CN"),
}
# The server's languages are read once an hour per process group (they change when its
# operator loads other models), not before every batch.
LANGUAGES_CACHE_SECONDS = 3600
# The first retry waits about half a second, the second about one.
RETRY_BACKOFF_BASE_SECONDS = 0.5
RETRY_BACKOFF_CAP_SECONDS = 8.0


class _TransientError(EngineError):
    """A failure worth another try: a timeout, a lost connection, a 5xx, a 429."""


def batches(texts: list[str], *, size: int, characters: int) -> Iterator[list[str]]:
    """``texts`` in order, cut into lists of at most ``size`` texts and ``characters``
    characters; a text longer than ``characters`` goes alone."""
    batch: list[str] = []
    length = 0
    for text in texts:
        if batch and (len(batch) >= size or length + len(text) > characters):
            yield batch
            batch, length = [], 0
        batch.append(text)
        length += len(text)
    if batch:
        yield batch


class LibreTranslateEngine:
    name = "libretranslate"

    def __init__(self) -> None:
        url = str(settings.LIBRETRANSLATE_URL).rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise EngineError("BANSO_LIBRETRANSLATE_URL must be an http:// or https:// address")
        self.url = url
        self.api_key = str(settings.LIBRETRANSLATE_API_KEY)
        self.timeout = float(settings.TRANSLATION_TIMEOUT_SECONDS)
        self.retries = max(0, int(settings.TRANSLATION_RETRIES))
        self.batch_size = max(1, int(settings.TRANSLATION_BATCH_SIZE))
        self.batch_characters = max(1, int(settings.TRANSLATION_BATCH_CHARACTERS))

    def languages(self) -> set[tuple[str, str]]:
        offered = self._server_languages()
        pairs = set()
        for source in LANGUAGE_CODES:
            server_source = self._server_code(source, offered)
            if server_source is None:
                continue
            for target in LANGUAGE_CODES:
                server_target = self._server_code(target, offered)
                if target != source and server_target in offered[server_source]:
                    pairs.add((source, target))
        return pairs

    def translate(self, texts: list[str], *, source: str, target: str) -> list[str]:
        offered = self._server_languages()
        server_source = self._server_code(source, offered)
        server_target = self._server_code(target, offered)
        if server_source is None or server_target is None:
            raise EngineError(f"the server does not offer {source} → {target}")
        translated: list[str] = []
        for batch in batches(texts, size=self.batch_size, characters=self.batch_characters):
            body: dict[str, object] = {
                "q": batch,
                "source": server_source,
                "target": server_target,
                "format": "text",
            }
            if self.api_key:
                body["api_key"] = self.api_key
            answer = self._request("/translate", body)
            result = answer.get("translatedText") if isinstance(answer, dict) else None
            if not isinstance(result, list) or len(result) != len(batch):
                raise EngineError("the server's answer is not one translation per text")
            translated.extend(str(text) for text in result)
        return translated

    def _server_languages(self) -> dict[str, set[str]]:
        """The server's codes, each with the codes it translates into."""
        key = f"lingo:libretranslate:languages:{self.url}"
        offered = cache.get(key)
        if offered is None:
            answer = self._request("/languages", None)
            if not isinstance(answer, list):
                raise EngineError("the server's /languages is not a list")
            codes = {str(entry["code"]) for entry in answer if isinstance(entry, dict)}
            offered = {
                str(entry["code"]): set(entry.get("targets", codes)) - {entry["code"]}
                for entry in answer
                if isinstance(entry, dict)
            }
            cache.set(key, offered, LANGUAGES_CACHE_SECONDS)
        return offered

    @staticmethod
    def _server_code(code: str, offered: dict[str, set[str]]) -> str | None:
        return next((server for server in SERVER_CODES.get(code, ()) if server in offered), None)

    def _request(self, path: str, body: dict[str, object] | None) -> object:
        """The JSON answer of ``path`` (a POST of ``body``, or a GET), tried again after
        transient failures."""
        for attempt in range(self.retries + 1):
            try:
                return self._send(path, body)
            except _TransientError as error:
                if attempt == self.retries:
                    raise EngineError(f"{path}: {error} ({attempt + 1} tries)") from error
                logger.info("LibreTranslate %s failed (%s), trying again", path, error)
                time.sleep(
                    backoff_seconds(
                        attempt + 1,
                        base=RETRY_BACKOFF_BASE_SECONDS,
                        cap=RETRY_BACKOFF_CAP_SECONDS,
                    )
                )
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, path: str, body: dict[str, object] | None) -> object:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked in __init__)
            self.url + path,
            data=data,
            method="GET" if body is None else "POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            message = _error_message(error)
            if error.code >= 500 or error.code == 429:
                raise _TransientError(f"HTTP {error.code} {message}") from error
            raise EngineError(f"{path}: HTTP {error.code} {message}") from error
        except (TimeoutError, urllib.error.URLError, HTTPException, OSError) as error:
            raise _TransientError(str(getattr(error, "reason", error))) from error
        except ValueError as error:  # not JSON
            raise EngineError(f"{path}: the answer is not JSON") from error


def _error_message(error: urllib.error.HTTPError) -> str:
    """LibreTranslate's ``{"error": "..."}``, when the answer has one."""
    try:
        return str(json.loads(error.read()).get("error", ""))
    except (ValueError, AttributeError, OSError):
        return ""
