"""Uploaded files served by the site itself, in the embedded mode (files under ``MEDIA_ROOT``).

Each file is served with the content type of its stored extension, never one guessed from
whatever else it holds: pictures as pictures, PDFs (and any file stored before names were chosen
by the server, such as an old ``cert.html``) as downloads (``Content-Disposition: attachment``),
always with ``X-Content-Type-Options: nosniff`` and a sandboxing Content-Security-Policy, so that
nothing under the media address is ever run as a page of this site. Files that have their own
guarded views (``MEDIA_PRIVATE_PREFIXES``) are not served here at all.

With S3 storage the object store serves the files; ``banso.common.storages`` stores each object
with the same headers.
"""

import posixpath

from django.conf import settings
from django.http import Http404, HttpRequest
from django.views.static import serve

from banso.common.uploads import content_type_for

# Names are random and never reused, so a file at an address never changes.
CACHE_CONTROL = "max-age=31536000, immutable"


def media_headers(name: str) -> dict[str, str]:
    """The headers a stored file is served with, from its stored name alone."""
    content_type, is_download = content_type_for(name)
    headers = {
        "Content-Type": content_type,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": CACHE_CONTROL,
    }
    if is_download:
        filename = posixpath.basename(name).replace('"', "")
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return headers


def media_file(request: HttpRequest, path: str):
    normalised = posixpath.normpath(path).lstrip("/")
    if normalised.startswith(("..", *settings.MEDIA_PRIVATE_PREFIXES)):
        raise Http404
    response = serve(request, normalised, document_root=str(settings.MEDIA_ROOT))
    for header, value in media_headers(normalised).items():
        response[header] = value
    return response
