"""The one way a version's MP3 is answered, whoever asks for it (a speaker through the API, a
person on the bulletin's page, a public board): by byte range (``common.ranges``), its ETag
the file's SHA-256, under the caller's ``Cache-Control`` and headers."""

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse

from banso.broadcast.models import BulletinVersion
from banso.common.ranges import file_range_response


def version_audio_response(
    request: HttpRequest, version: BulletinVersion, *, headers: dict[str, str]
) -> HttpResponse | StreamingHttpResponse:
    if not version.audio:
        raise Http404
    storage, name = version.audio.storage, str(version.audio.name)
    return file_range_response(
        request,
        opener=lambda: storage.open(name, "rb"),
        size=version.size_bytes,
        content_type="audio/mpeg",
        etag=f'"{version.sha256}"',
        headers=headers,
    )
