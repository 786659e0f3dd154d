"""The public side of a commune's bulletins, for the electronic boards in the commune's
buildings and markets and for chat channels: a large-type page (``/broadcast/kiosk/<code>/``)
and an Atom feed, both without an account, both showing only the approved bulletins that reach
the commune and are still valid; and the audio of those bulletins' approved versions.

The board is kept rendered (``common.page_cache``) under the commune's schedule numbers
(``selectors.freshness``) and the minute: every write that changes what the commune's speakers
play, an emergency approved on duty first of all, raises the numbers, so the next request
renders the board afresh (at once in this process and with a shared cache, within the
numbers' few seconds in the others); a bulletin whose validity starts or ends shows within the
minute. The board refreshes itself every ``KIOSK_REFRESH_SECONDS`` (no script).
"""

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from banso.broadcast.audio import version_audio_response
from banso.broadcast.models import Bulletin, BulletinVersion, VersionStatus
from banso.broadcast.selectors.freshness import (
    bulletin_moments,
    emergency_version,
    schedule_version,
)
from banso.broadcast.selectors.kiosk import (
    PUBLIC_BULLETINS_LIMIT,
    commune_kiosk,
    first_playable_versions,
    public_bulletins,
)
from banso.common.locale import url_translate
from banso.common.page_cache import page_cacheable, page_cached, page_key
from banso.places.models import AdministrativeUnit

KIOSK_REFRESH_SECONDS = 30
PUBLIC_CACHE_SECONDS = 60
COMMUNE_CACHE_SECONDS = 3600


def public_commune(code: str) -> AdministrativeUnit:
    """The current commune of that code (kept in the cache: a board's request then asks the
    database nothing), or 404."""
    if not code.isdigit() or len(code) > 10:
        raise Http404
    key = f"broadcast:public-commune:{code}"
    commune = cache.get(key)
    if commune is None:
        commune = AdministrativeUnit.objects.filter(
            code=code, level="commune", is_current=True
        ).first()
        if commune is None:
            raise Http404
        cache.set(key, commune, COMMUNE_CACHE_SECONDS)
    return commune


def _public_key(request: HttpRequest, name: str, commune: AdministrativeUnit, moment: int) -> str:
    """The key of a public page of the commune: it changes with the commune's numbers (every
    write about what its speakers play) and with ``moment``, what time changes in the page."""
    numbers = f"{schedule_version(commune.pk)}.{emergency_version(commune.pk)}"
    return page_key(request, f"{name}:{numbers}:{moment}")


def kiosk(request: HttpRequest, code: str) -> HttpResponse:
    """The commune's board: emergencies first, then today's and the coming bulletins and when
    they play, in large type."""
    commune = public_commune(code)

    def build() -> str:
        path = request.get_full_path()
        context = {
            "kiosk": commune_kiosk(commune),
            "refresh_seconds": KIOSK_REFRESH_SECONDS,
            "languages": [
                (language, name, url_translate(path, language)) for language, name in _languages()
            ],
        }
        return render_to_string("broadcast/kiosk.html", context, request=request)

    return page_cached(
        request,
        # The board says what plays today and next: it is made again each minute.
        _public_key(request, "broadcast-kiosk", commune, int(timezone.now().timestamp() // 60)),
        build,
        seconds=PUBLIC_CACHE_SECONDS,
    )


def _languages() -> list[tuple[str, str]]:
    from django.conf import settings

    current = translation.get_language()
    return [(code, name) for code, name in settings.LANGUAGES if code != current]


class CommuneBulletinsFeed(Feed):
    """The commune's approved bulletins that are still valid, newest approval first: title,
    text, priority and category as categories, the approval as the updated time, a link to the
    board, and the first approved audio version as an enclosure."""

    feed_type = Atom1Feed

    def get_object(self, request, code: str) -> AdministrativeUnit:  # type: ignore[override]
        return public_commune(code)

    def title(self, commune: AdministrativeUnit) -> str:
        return _("Bulletins of %(commune)s") % {"commune": commune.name}

    def subtitle(self, commune: AdministrativeUnit) -> str:
        return _("What the loudspeakers of %(commune)s announce.") % {"commune": commune.name}

    def link(self, commune: AdministrativeUnit) -> str:
        return reverse("broadcast:kiosk", args=[commune.code])

    def feed_url(self, commune: AdministrativeUnit) -> str:
        return reverse("broadcast:commune-feed", args=[commune.code])

    def author_name(self, commune: AdministrativeUnit) -> str:
        return commune.name

    def items(self, commune: AdministrativeUnit) -> list[Bulletin]:
        now = timezone.now()
        bulletins = list(public_bulletins(commune, now=now)[:PUBLIC_BULLETINS_LIMIT])
        # Audio is served from the start of the bulletin's validity (``public_audio``).
        first_audio = first_playable_versions([b.pk for b in bulletins if b.valid_from <= now])
        for bulletin in bulletins:
            bulletin.feed_commune = commune  # type: ignore[attr-defined]  # for the links
            bulletin.feed_audio = first_audio.get(bulletin.pk)  # type: ignore[attr-defined]
        return bulletins

    def item_title(self, bulletin: Bulletin) -> str:
        return bulletin.title

    def item_description(self, bulletin: Bulletin) -> str:
        return linebreaks(bulletin.text, autoescape=True)

    def item_link(self, bulletin: Bulletin) -> str:
        commune = bulletin.feed_commune  # type: ignore[attr-defined]
        return reverse("broadcast:kiosk", args=[commune.code]) + f"#bulletin-{bulletin.pk}"

    def item_guid(self, bulletin: Bulletin) -> str:
        return f"bulletin-{bulletin.pk}-{bulletin.revision}"

    def item_guid_is_permalink(self, bulletin: Bulletin) -> bool:
        return False

    def item_pubdate(self, bulletin: Bulletin):
        return bulletin.decided_at or bulletin.valid_from

    def item_updateddate(self, bulletin: Bulletin):
        return bulletin.decided_at or bulletin.valid_from

    def item_categories(self, bulletin: Bulletin) -> tuple[str, ...]:
        return (str(bulletin.get_priority_display()), str(bulletin.get_category_display()))

    def item_author_name(self, bulletin: Bulletin) -> str:
        name = bulletin.source_unit.name
        return f"{name} · {bulletin.department}" if bulletin.department else name

    def item_enclosure_url(self, bulletin: Bulletin) -> str | None:
        version = bulletin.feed_audio  # type: ignore[attr-defined]
        if version is None:
            return None
        commune = bulletin.feed_commune  # type: ignore[attr-defined]
        return reverse("broadcast:public-audio", args=[commune.code, version.pk])

    def item_enclosure_length(self, bulletin: Bulletin) -> int:
        version = bulletin.feed_audio  # type: ignore[attr-defined]
        return version.size_bytes if version is not None else 0

    def item_enclosure_mime_type(self, bulletin: Bulletin) -> str:
        return "audio/mpeg"


commune_feed_answer = CommuneBulletinsFeed()


def commune_feed(request: HttpRequest, code: str) -> HttpResponse:
    """The Atom feed, kept like the board."""
    commune = public_commune(code)
    # The feed changes with time only when a bulletin's validity begins or ends.
    moment, _following = bulletin_moments(timezone.now())
    key = _public_key(request, "broadcast-feed", commune, moment)
    shared = page_cacheable(request)
    kept = cache.get(key) if shared else None
    if kept is None:
        response = commune_feed_answer(request, code=code)
        kept = (response.content, response["Content-Type"], response.get("Last-Modified"))
        if shared:
            cache.set(key, kept, PUBLIC_CACHE_SECONDS)
    content, content_type, last_modified = kept
    response = HttpResponse(content, content_type=content_type)
    if last_modified:
        response["Last-Modified"] = last_modified
    return response


def public_audio(request: HttpRequest, code: str, version_pk: int) -> HttpResponseBase:
    """An approved version of an approved bulletin, valid now, that reaches the commune: what
    the loudspeakers play in the open, for the board's and the feed's listeners, by byte
    range. Anything else is 404 (a draft, a withdrawn or expired bulletin, a version not yet
    approved or removed, another commune's bulletin)."""
    commune = public_commune(code)
    now = timezone.now()
    version = get_object_or_404(
        BulletinVersion.objects.select_related("bulletin"),
        pk=version_pk,
        status=VersionStatus.READY,
        approved_at__isnull=False,
        removed_at__isnull=True,
        bulletin__in=public_bulletins(commune, now=now).filter(valid_from__lte=now).values("pk"),
    )
    # Short: a withdrawn bulletin's audio stops being served within minutes.
    return version_audio_response(
        request, version, headers={"Cache-Control": "public, max-age=300"}
    )
