"""Files served in byte ranges (RFC 9110 §14), so that a download cut off on a weak link goes
on from where it stopped: the client asks ``Range: bytes=N-`` and gets ``206 Partial
Content`` with ``Content-Range``, instead of the whole file again.

One range per request (a client asking for several gets the whole file, which the standard
allows); ``If-Range`` with another ETag than the file's gets the whole file too, so a client
never joins the pieces of two different files; ``If-None-Match`` with the file's ETag gets
``304``. A range that starts past the end gets ``416`` with ``Content-Range: bytes */size``.
"""

import base64
import re
from collections.abc import Callable, Iterator
from typing import IO, Literal

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

CHUNK_BYTES = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
UNSATISFIABLE: Literal["unsatisfiable"] = "unsatisfiable"


def byte_range(header: str | None, size: int) -> tuple[int, int] | Literal["unsatisfiable"] | None:
    """The inclusive (first, last) byte a ``Range`` header asks of a file of ``size`` bytes;
    None to send the whole file (no header, another unit, several ranges, bad syntax);
    ``UNSATISFIABLE`` when the range lies past the end."""
    if not header:
        return None
    match = _RANGE.match(header.strip().replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            return UNSATISFIABLE
        return max(0, size - suffix), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        return UNSATISFIABLE
    return start, min(end, size - 1)


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def etag_matches(header: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weak comparison: a compressed
    answer's ``W/`` ETag matches its strong one), or is ``*``."""
    if not header:
        return False
    tags = _etags(header)
    return "*" in tags or etag.removeprefix("W/") in tags


def sha256_digest_header(sha256_hex: str) -> str:
    """The ``Repr-Digest`` value (RFC 9530) of a file whose SHA-256 is ``sha256_hex``."""
    return "sha-256=:" + base64.b64encode(bytes.fromhex(sha256_hex)).decode() + ":"


def _chunks(opener: Callable[[], IO[bytes]], start: int, end: int) -> Iterator[bytes]:
    file = opener()
    try:
        file.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = file.read(min(CHUNK_BYTES, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        file.close()


def file_range_response(
    request: HttpRequest,
    *,
    opener: Callable[[], IO[bytes]],
    size: int,
    content_type: str,
    etag: str,
    headers: dict[str, str] | None = None,
) -> HttpResponse | StreamingHttpResponse:
    """The file (``opener`` opens it for reading) whole, or the range the request asks for.
    ``etag`` is a strong ETag (quoted); ``headers`` are added to every answer."""
    common = {"Accept-Ranges": "bytes", "ETag": etag, **(headers or {})}
    response: HttpResponse | StreamingHttpResponse
    if etag_matches(request.headers.get("If-None-Match"), etag):
        response = HttpResponse(status=304)
        for name, value in common.items():
            response[name] = value
        return response
    wanted = byte_range(request.headers.get("Range"), size)
    if_range = request.headers.get("If-Range")
    if wanted is not None and if_range and if_range.strip() != etag:
        wanted = None
    if wanted == UNSATISFIABLE:
        response = HttpResponse(
            b'{"detail": "Range Not Satisfiable"}', status=416, content_type="application/json"
        )
        response["Content-Range"] = f"bytes */{size}"
        for name, value in common.items():
            response[name] = value
        return response
    start, end = wanted if wanted is not None else (0, size - 1)
    length = max(0, end - start + 1)
    if request.method == "HEAD" or length == 0:
        response = HttpResponse(status=206 if wanted else 200, content_type=content_type)
    else:
        response = StreamingHttpResponse(
            _chunks(opener, start, end),
            status=206 if wanted else 200,
            content_type=content_type,
        )
    response["Content-Length"] = str(length)
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    for name, value in common.items():
        response[name] = value
    return response
