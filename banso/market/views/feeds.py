"""Feeds to national marketplaces: the feeds page (public addresses, last run, "Regenerate"),
each shop's choice of listings to push, the officers' category mappings, and the feed files
themselves at stable public addresses that marketplaces fetch."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path, reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from banso.jobs.selectors import progress_for_user
from banso.market.feeds import BY_FILENAME, FORMATS
from banso.market.forms.feeds import (
    CategoryMappingFormSet,
    FeedListingsForm,
    category_mapping_initial,
)
from banso.market.models import FeedKind, Marketplace
from banso.market.selectors import feeds as selectors
from banso.market.selectors.shops import shops_for_user
from banso.market.services.feeds import (
    category_mappings_save,
    feeds_regenerate_request,
    listing_feed_choose,
)
from banso.trace.models import ProductCategory

FILENAME = r"(?P<filename>(?:google|shopee|tiki|postmart)\.(?:xml|csv|xlsx))"


def _feed_rows(files: dict, *, shop=None) -> list[dict]:
    rows = []
    for kind, feed_format in FORMATS.items():
        feed = files.get(kind)
        if shop is None:
            url = reverse("market:feed-file", kwargs={"filename": feed_format.filename})
        else:
            url = reverse(
                "market:shop-feed-file",
                kwargs={"slug": shop.slug, "filename": feed_format.filename},
            )
        rows.append(
            {
                "kind": kind,
                "label": FeedKind(kind).label,
                "url": url,
                "feed": feed,
                "ready": bool(feed and feed.file),
            }
        )
    return rows


@login_required
@require_safe
def feeds_page(request):
    is_officer = request.user.has_perm("market.change_categorymapping")
    shops = list(shops_for_user(request.user)[:200])
    if not is_officer and not shops:
        raise PermissionDenied
    shop_files = selectors.feed_files_for_shops(shops)
    progress = None
    if request.GET.get("progress", "").isdigit():
        progress = progress_for_user(request.user).filter(pk=request.GET["progress"]).first()
    return render(
        request,
        "market/feeds/feeds.html",
        {
            "is_officer": is_officer,
            "province_feeds": _feed_rows(selectors.feed_files_province()),
            "shops": [
                {"shop": shop, "feeds": _feed_rows(shop_files.get(shop.pk, {}), shop=shop)}
                for shop in shops
            ],
            "progress": progress,
        },
    )


@login_required
@require_POST
def feeds_regenerate(request):
    shop = None
    if request.POST.get("shop"):
        shop = get_object_or_404(shops_for_user(request.user), slug=request.POST["shop"])
    try:
        progress = feeds_regenerate_request(actor=request.user, shop=shop)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The feeds are being made."))
    return redirect(f"{reverse('market:feeds')}?progress={progress.pk}")


def _serve(feed) -> FileResponse:
    feed_format = FORMATS[feed.kind]
    response = FileResponse(feed.file.open("rb"), content_type=feed_format.content_type)
    response["Content-Disposition"] = f'inline; filename="{feed_format.filename}"'
    response["Cache-Control"] = "public, max-age=900"
    if feed.generated_at:
        response["Last-Modified"] = http_date(feed.generated_at.timestamp())
    return response


@require_safe
def feed_file(request, filename: str):
    """The province's feed: public, for the marketplaces' fetchers."""
    feed = selectors.feed_file_public(kind=BY_FILENAME[filename].kind)
    if feed is None:
        raise Http404
    return _serve(feed)


@require_safe
def shop_feed_file(request, slug: str, filename: str):
    feed = selectors.feed_file_public(kind=BY_FILENAME[filename].kind, shop_slug=slug)
    if feed is None:
        raise Http404
    return _serve(feed)


@login_required
@require_http_methods(["GET", "POST"])
def feed_listings(request):
    """A shop's people tick the listings it sends to the national marketplaces."""
    shops = list(shops_for_user(request.user)[:200])
    if not shops:
        raise PermissionDenied
    slug = request.POST.get("shop") or request.GET.get("shop")
    shop = next((shop for shop in shops if shop.slug == slug), None) if slug else shops[0]
    if shop is None:
        raise Http404
    listings = list(selectors.feed_listings_for_shop(shop))
    form = FeedListingsForm(
        request.POST or None,
        listings=listings,
        initial={"listings": [listing.pk for listing in listings if listing.push_to_feeds]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = listing_feed_choose(
                actor=request.user, shop=shop, listing_ids=set(form.cleaned_data["listings"])
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d product changed.", "%(count)d products changed.", changed)
                % {"count": changed},
            )
            return redirect(f"{reverse('market:feed-listings')}?shop={shop.slug}")
    chosen = {str(value) for value in (form["listings"].value() or [])}
    return render(
        request,
        "market/feeds/listings.html",
        {
            "form": form,
            "shop": shop,
            "shops": shops,
            "rows": [
                {"listing": listing, "checked": str(listing.pk) in chosen} for listing in listings
            ],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def feed_categories(request) -> HttpResponse:
    """The officers' table: which category of each marketplace our categories go to."""
    if not request.user.has_perm("market.change_categorymapping"):
        raise PermissionDenied
    initial = category_mapping_initial(selectors.category_mappings_all())
    formset = CategoryMappingFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and formset.is_valid():
        changed = category_mappings_save(
            actor=request.user, rows=[form.cleaned_data for form in formset.forms]
        )
        messages.success(
            request,
            ngettext("%(count)d mapping saved.", "%(count)d mappings saved.", changed)
            % {"count": changed},
        )
        return redirect("market:feed-categories")
    groups: dict[str, list] = {}
    for form in formset.forms:
        groups.setdefault(form["marketplace"].value(), []).append(form)
    return render(
        request,
        "market/feeds/categories.html",
        {"formset": formset, "groups": _labelled_groups(groups)},
        status=400 if formset.is_bound and not formset.is_valid() else 200,
    )


def _labelled_groups(groups: dict[str, list]) -> list[dict]:
    marketplaces = dict(Marketplace.choices)
    categories = dict(ProductCategory.choices)
    return [
        {
            "label": marketplaces.get(marketplace, marketplace),
            "rows": [
                {"form": form, "category": categories.get(form["category"].value(), "")}
                for form in forms
            ],
        }
        for marketplace, forms in groups.items()
    ]


urlpatterns: list = [
    path("feeds/", feeds_page, name="feeds"),
    path("feeds/regenerate/", feeds_regenerate, name="feeds-regenerate"),
    path("feeds/listings/", feed_listings, name="feed-listings"),
    path("feeds/categories/", feed_categories, name="feed-categories"),
    re_path(rf"^feeds/{FILENAME}$", feed_file, name="feed-file"),
    re_path(rf"^feeds/s/(?P<slug>[-\w]+)/{FILENAME}$", shop_feed_file, name="shop-feed-file"),
]
