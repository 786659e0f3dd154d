"""Tourism's public pages: the front page, places to visit, stays, tours, the map list, and a
place's QR poster with its short, language-neutral address.

Every page is shared by visitors who bring nothing of their own and is kept rendered
(``common.page_cache``, versions ``"tourism"`` and ``"orgs"``); its queries run only when it is
built. Something not shown to visitors (an unpublished place, a stay waiting for approval) is a
404, its existence not confirmed.
"""

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from banso.common.jsonld import jsonld
from banso.common.page_cache import page_rendered
from banso.common.qrcode import qr_svg
from banso.lingo.selectors import translated, translations_prefetch
from banso.market.selectors.listings import listings_of_organisation
from banso.tourism.forms.booking import StaySearchForm
from banso.tourism.models import (
    Festival,
    LodgingKind,
    LodgingPhoto,
    Place,
    PlaceKind,
    PlacePhoto,
    TourKind,
    TourPhoto,
)
from banso.tourism.page_cache import TOURISM_PAGE_VERSIONS
from banso.tourism.selectors import festivals as festival_selectors
from banso.tourism.selectors import public as selectors
from banso.tourism.selectors.availability import StaySearch, lodgings_free
from banso.tourism.selectors.reviews import reviews_of_lodging, reviews_of_tour
from banso.tourism.views.jsonld import festival_jsonld, lodging_jsonld, place_jsonld, tour_jsonld

HOME_ROWS = 6
STAYS_PAGE = 20
HOST_PRODUCTS = 6
DEPARTURES_SHOWN = 10


def _page(
    request: HttpRequest, template: str, context, *, name: str, also: tuple[str, ...] = ()
) -> HttpResponse:
    return page_rendered(
        request,
        template,
        context,
        name=f"tourism-{name}",
        versions=TOURISM_PAGE_VERSIONS + also,
    )


def _cards(rows: list, photo_model) -> list:
    """Give each row of a list its card photo, read by the list's own query (no query a row)."""
    for row in rows:
        image = getattr(row, "card_image", None)
        row.card_photo = (
            photo_model(image=image, renditions=row.card_renditions or []) if image else None
        )
    translations_prefetch(rows)
    return rows


def _og_image(request: HttpRequest, photos: list) -> str:
    return request.build_absolute_uri(photos[0].image.url) if photos else ""


def _choice(value: str, choices) -> str:
    return value if value in choices.values else ""


def _amount(value: str) -> int | None:
    digits = "".join(ch for ch in value if ch.isdigit())
    return int(digits) if digits and len(digits) <= 12 else None


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        return {
            "places": _cards(list(selectors.places_browse()[:HOME_ROWS]), PlacePhoto),
            "lodgings": _cards(list(selectors.lodgings_browse()[:HOME_ROWS]), LodgingPhoto),
            "tours": _cards(list(selectors.tours_browse()[:HOME_ROWS]), TourPhoto),
            "festivals": _festivals(
                festival_selectors.festivals_upcoming(today=timezone.localdate(), limit=HOME_ROWS)
            ),
        }

    return _page(request, "tourism/home.html", context, name="home")


@require_safe
def place_list(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        unit = selectors.commune_find(request.GET.get("commune", ""))
        kind = _choice(request.GET.get("kind", ""), PlaceKind)
        return {
            "places": _cards(list(selectors.places_browse(unit=unit, kind=kind)), PlacePhoto),
            "communes": list(selectors.communes_with(selectors.places_public())),
            "kinds": PlaceKind.choices,
            "chosen": {"commune": unit.code if unit else "", "kind": kind},
        }

    return _page(request, "tourism/places/list.html", context, name="places")


@require_safe
def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def context() -> dict:
        try:
            place = selectors.place_public_get(slug)
        except Place.DoesNotExist:
            raise Http404 from None
        photos = list(place.photos.all())
        tours = list(place.tours.all())
        translations_prefetch([place, *tours])
        return {
            "place": place,
            "name": translated(place, "name"),
            "photos": photos,
            "tours": tours,
            "og_image": _og_image(request, photos),
            "jsonld": jsonld(place_jsonld(request, place, photos)),
        }

    return _page(request, "tourism/places/detail.html", context, name="place")


@require_safe
def stay_list(request: HttpRequest) -> HttpResponse:
    """The stays, 20 a page, by commune, kind and highest price; with dates and a party size,
    only those with a room free for them, cheapest first. What is free changes with every
    booking, so a search with dates is built for each request and never kept."""
    search_form = StaySearchForm(request.GET if request.GET.get("check_in") else None)
    search = (
        StaySearch(**search_form.cleaned_data)
        if search_form.is_bound and search_form.is_valid()
        else None
    )

    def context() -> dict:
        unit = selectors.commune_find(request.GET.get("commune", ""))
        kind = _choice(request.GET.get("kind", ""), LodgingKind)
        max_rate = _amount(request.GET.get("max", ""))
        page_number = _page_number(request.GET.get("page", ""))
        lodgings = selectors.lodgings_browse(unit=unit, kind=kind, max_rate_vnd=max_rate)
        page: Any
        if search is None:
            page = Paginator(lodgings, STAYS_PAGE).get_page(page_number)
            rows = list(page.object_list)
        else:
            free = lodgings_free(
                search,
                selectors.lodgings_browse(unit=unit, kind=kind),
                offset=(page_number - 1) * STAYS_PAGE,
                limit=STAYS_PAGE,
                max_rate_vnd=max_rate,
            )
            by_pk = {lodging.pk: lodging for lodging in lodgings.filter(pk__in=dict(free.rows))}
            dates = urlencode(
                {
                    "check_in": search.check_in.isoformat(),
                    "check_out": search.check_out.isoformat(),
                    "guests": search.guests,
                }
            )
            rows = []
            for lodging_pk, low in free.rows:
                lodging = by_pk[lodging_pk]
                lodging.from_rate_vnd = low  # type: ignore[attr-defined]  # annotated
                book = reverse("tourism:stay-book", args=[lodging.slug]) + "?" + dates
                lodging.book_url = book  # type: ignore[attr-defined]  # for the card
                rows.append(lodging)
            page = Paginator(list(range(free.count)), STAYS_PAGE).get_page(page_number)
        return {
            "lodgings": _cards(rows, LodgingPhoto),
            "page": page,
            "search": search,
            "search_form": search_form,
            "communes": list(selectors.communes_with(selectors.lodgings_public())),
            "kinds": LodgingKind.choices,
            "chosen": {"commune": unit.code if unit else "", "kind": kind, "max": max_rate},
        }

    if search_form.is_bound:
        response = render(request, "tourism/stays/list.html", context())
        response["Cache-Control"] = "private, no-cache"
        return response
    return _page(request, "tourism/stays/list.html", context, name="stays")


def _page_number(value: str) -> int:
    return int(value) if value.isdigit() and 0 < len(value) <= 6 and int(value) > 0 else 1


@require_safe
def stay_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def context() -> dict:
        try:
            lodging = selectors.lodging_public_get(slug)
        except selectors.Lodging.DoesNotExist:
            raise Http404 from None
        photos = list(lodging.photos.all())
        rooms = list(lodging.rooms.all())
        reviews = reviews_of_lodging(lodging)
        translations_prefetch([lodging, *rooms, *reviews.newest])
        return {
            "lodging": lodging,
            "photos": photos,
            "rooms": rooms,
            "reviews": reviews,
            "products": listings_of_organisation(lodging.organisation_id, limit=HOST_PRODUCTS),
            "og_image": _og_image(request, photos),
            "jsonld": jsonld(lodging_jsonld(request, lodging, rooms, photos, reviews)),
        }

    # The host's products for sale come from the marketplace: its version too.
    return _page(request, "tourism/stays/detail.html", context, name="stay", also=("market",))


@require_safe
def tour_list(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        unit = selectors.commune_find(request.GET.get("commune", ""))
        kind = _choice(request.GET.get("kind", ""), TourKind)
        max_price = _amount(request.GET.get("max", ""))
        tours = selectors.tours_browse(unit=unit, kind=kind, max_price_vnd=max_price)
        return {
            "tours": _cards(list(tours), TourPhoto),
            "communes": list(selectors.communes_with(selectors.tours_public())),
            "kinds": TourKind.choices,
            "chosen": {"commune": unit.code if unit else "", "kind": kind, "max": max_price},
        }

    return _page(request, "tourism/tours/list.html", context, name="tours")


@require_safe
def tour_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def context() -> dict:
        try:
            tour = selectors.tour_public_get(slug)
        except selectors.Tour.DoesNotExist:
            raise Http404 from None
        photos = list(tour.photos.all())
        departures = list(tour.departures.all())[:DEPARTURES_SHOWN]
        places = list(tour.places.all())
        reviews = reviews_of_tour(tour)
        translations_prefetch([tour, *places, *reviews.newest])
        return {
            "tour": tour,
            "name": translated(tour, "name"),
            "photos": photos,
            "departures": departures,
            "places": places,
            "reviews": reviews,
            "og_image": _og_image(request, photos),
            "jsonld": jsonld(tour_jsonld(request, tour, photos, departures, places, reviews)),
        }

    return _page(request, "tourism/tours/detail.html", context, name="tour")


@require_safe
def map_list(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        points = selectors.map_points()
        translations_prefetch([*points["places"], *points["tours"]])
        return points

    return _page(request, "tourism/map.html", context, name="map")


def _festivals(upcoming: list) -> list:
    translations_prefetch([item.festival for item in upcoming])
    return upcoming


@require_safe
def festival_list(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        upcoming = festival_selectors.festivals_upcoming(today=timezone.localdate())
        return {"festivals": _festivals(upcoming)}

    return _page(request, "tourism/festivals/list.html", context, name="festivals")


@require_safe
def festival_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def context() -> dict:
        try:
            festival = festival_selectors.festival_public_get(slug)
        except Festival.DoesNotExist:
            raise Http404 from None
        dates = festival_selectors.festival_dates(festival, today=timezone.localdate())
        translations_prefetch([festival] + ([festival.place] if festival.place else []))
        return {
            "festival": festival,
            "name": translated(festival, "name"),
            "dates": dates,
            "jsonld": jsonld(festival_jsonld(request, festival, dates)),
        }

    return _page(request, "tourism/festivals/detail.html", context, name="festival")


def place_short_url(request: HttpRequest, slug: str) -> str:
    return request.build_absolute_uri(reverse("tourism_short:place", args=[slug]))


@require_safe
def place_poster(request: HttpRequest, slug: str) -> HttpResponse:
    """An A4 page to print and put up at the place: its name and a QR code of its short
    address, which opens the place's page in the language of the phone that scans it."""

    def context() -> dict:
        try:
            place = selectors.place_public_get(slug)
        except Place.DoesNotExist:
            raise Http404 from None
        name = translated(place, "name")
        address = place_short_url(request, place.slug)
        return {
            "place": place,
            "name": name,
            "address": address,
            "qr": qr_svg(address, label=_("QR code of %(place)s") % {"place": name.text}),
        }

    return _page(request, "tourism/places/poster.html", context, name="poster")


@require_safe
def place_short(request: HttpRequest, slug: str) -> HttpResponse:
    """``/v/<slug>``, the address a poster's QR code holds: a redirect (302, never cached for
    another language) to the place's page in the visitor's language, from the language cookie
    then the phone's Accept-Language."""
    if not selectors.place_is_public(slug):
        raise Http404
    language = translation.get_language_from_request(request)
    with translation.override(language):
        target = reverse("tourism:place-detail", args=[slug])
    response = HttpResponseRedirect(target)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
