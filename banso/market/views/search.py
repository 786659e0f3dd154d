"""The marketplace's front page and its search: a GET form that works without JavaScript (the
filters are plain selects, the pages plain links), with suggestions as the buyer types where
JavaScript runs."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from banso.common.page_cache import page_rendered
from banso.market.page_cache import MARKET_PAGE_VERSIONS
from banso.market.selectors.search import (
    MAX_OFFSET,
    MAX_PRICE_VND,
    listing_search,
    listing_search_communes,
    listing_suggest,
    listings_featured,
    listings_newest,
)
from banso.trace.models import ProductCategory

PER_PAGE = 20
MAX_PAGE = MAX_OFFSET // PER_PAGE
OCOP_CHOICES = [
    ("", _("Any")),
    ("3", _("3 stars or more")),
    ("4", _("4 stars or more")),
    ("5", _("5 stars")),
]


class ListingSearchForm(forms.Form):
    """The search's GET parameters. Values that do not fit (a page of letters, a negative
    price) are dropped rather than refused: a search link never ends on an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False)
    commune = forms.ChoiceField(label=_("Commune or ward"), required=False)
    ocop = forms.ChoiceField(label=_("OCOP"), required=False, choices=OCOP_CHOICES)
    price_min = forms.IntegerField(
        label=_("Price from (₫)"), required=False, min_value=0, max_value=MAX_PRICE_VND
    )
    price_max = forms.IntegerField(
        label=_("Price up to (₫)"), required=False, min_value=0, max_value=MAX_PRICE_VND
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All")), *ProductCategory.choices]
        self.fields["commune"].choices = [("", _("All")), *communes]
        self.fields["q"].widget.attrs.update(
            {"type": "search", "autocomplete": "off", "list": "market-suggest"}
        )
        for name in ("price_min", "price_max"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "step": 1000})

    def search_arguments(self) -> dict:
        """What is valid among the parameters, as ``listing_search``'s arguments."""
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        ocop = data.get("ocop")
        return {
            "query": data.get("q") or "",
            "category": data.get("category") or "",
            "unit_code": data.get("commune") or "",
            "ocop_stars_min": int(ocop) if ocop else None,
            "price_min": data.get("price_min"),
            "price_max": data.get("price_max"),
        }

    def page_number(self) -> int:
        return (self.cleaned_data.get("page") if "page" not in self.errors else None) or 1


def _page_links(request, page: int, result) -> dict:
    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return "?" + query.urlencode()

    return {
        "previous_url": link(page - 1) if result.has_previous else "",
        "next_url": link(page + 1) if result.has_next and page < MAX_PAGE else "",
    }


def _alternatives(words: list[str]) -> list[str]:
    """Suggestions when nothing matches: titles that start like each word of the query."""
    suggestions: list[str] = []
    for word in words:
        for title in listing_suggest(prefix=word[:3], limit=4):
            if title not in suggestions:
                suggestions.append(title)
    return suggestions[:8]


@require_safe
def search(request):
    """A search; the same page for every visitor without a session (``common.page_cache``)."""

    def context() -> dict:
        communes = [(unit.code, unit.name) for unit in listing_search_communes()]
        form = ListingSearchForm(request.GET, communes=communes)
        arguments = form.search_arguments()
        page = form.page_number()
        result = listing_search(**arguments, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
        if not result.listings and page > 1:
            raise Http404
        return {
            "form": form,
            "result": result,
            "page": page,
            "searched": any(value not in ("", None) for value in arguments.values()),
            "alternatives": _alternatives(result.words) if not result.total else [],
            **_page_links(request, page, result),
        }

    return page_rendered(
        request,
        "market/search.html",
        context,
        name="market-search",
        versions=MARKET_PAGE_VERSIONS,
    )


@require_safe
def home(request):
    """The front page: the search form, OCOP products with a certificate in force, the newest."""
    if request.GET:
        return search(request)

    def context() -> dict:
        communes = [(unit.code, unit.name) for unit in listing_search_communes()]
        return {
            "form": ListingSearchForm(communes=communes),
            "home": True,
            "featured": listings_featured(limit=6),
            "newest": listings_newest(limit=12),
        }

    return page_rendered(
        request, "market/search.html", context, name="market-home", versions=MARKET_PAGE_VERSIONS
    )


@require_safe
def suggest(request):
    """``<option>`` elements for the search box's ``<datalist>``."""
    suggestions = listing_suggest(prefix=request.GET.get("q", "")[:200])
    response = render(request, "market/_suggest.html", {"suggestions": suggestions})
    response["Cache-Control"] = "public, max-age=60"
    return response


urlpatterns: list = [
    path("", home, name="home"),
    path("search/", search, name="search"),
    path("suggest/", suggest, name="suggest"),
]
