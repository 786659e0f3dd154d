"""Listing pages: the public product page, the shop's list and editor, the Excel import, and
the buyer's review form."""

from io import BytesIO
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from banso.common.forms import PhotoForm, form_errors_add
from banso.common.page_cache import page_rendered
from banso.jobs.imports import import_start
from banso.lingo.selectors import Translated, translated
from banso.market import imports
from banso.market.forms.listings import (
    ListingForm,
    ListingImportForm,
    ReviewForm,
    VariantFormSet,
)
from banso.market.models import Listing, ListingPhoto, ListingStatus, ListingVariant, Order
from banso.market.page_cache import MARKET_PAGE_VERSIONS
from banso.market.selectors.listings import (
    listing_for_manage,
    listing_public_detail,
    listings_for_manage,
    ocop_badge,
)
from banso.market.selectors.orders import order_for_buyer
from banso.market.selectors.shops import shops_for_user
from banso.market.services import listings as services
from banso.market.services.reviews import review_allowed, review_create
from banso.market.views.orders import PHONES_KEY
from banso.market.views.shops import jsonld
from banso.trace.models import ProductPhoto

VARIANT_FIELDS = ("label", "price_vnd", "stock", "weight_grams", "pack_size", "sku", "is_active")


def _listing_jsonld(
    request, listing: Listing, variants, photos, *, title: Translated, description: Translated
) -> dict:
    offers = [
        {
            "@type": "Offer",
            "name": variant.label,
            "price": variant.price_vnd,
            "priceCurrency": "VND",
            "availability": "https://schema.org/InStock"
            if variant.stock > 0
            else "https://schema.org/OutOfStock",
            "sku": variant.sku or str(variant.pk),
        }
        for variant in variants
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": title.text,
        "gtin14": listing.product.gtin,
        "url": request.build_absolute_uri(),
        "brand": {"@type": "Organization", "name": listing.shop.organisation.name},
        "offers": offers,
    }
    if description.text:
        data["description"] = description.text[:500]
    if photos:
        data["image"] = [request.build_absolute_uri(p.image.url) for p in photos[:3]]
    if listing.review_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(cast(float, listing.rating_average), 1),
            "reviewCount": listing.review_count,
        }
    return data


def listing_detail(request, pk: int):
    def context() -> dict:
        try:
            listing = listing_public_detail(pk)
        except Listing.DoesNotExist:
            raise Http404 from None
        variants = listing.variants_on_sale
        photos: list[ListingPhoto | ProductPhoto] = list(listing.photos.all()) or list(
            listing.product.photos.all()
        )
        # The buyer's language (banso.lingo): the page and its JSON-LD say the same.
        title = translated(listing, "title")
        # A listing without words of its own tells the product's story.
        described = listing if listing.description.strip() else listing.product
        description = translated(described, "description")
        return {
            "listing": listing,
            "title": title,
            "description": description,
            "shop": listing.shop,
            "variants": variants,
            "photos": photos,
            "ocop": ocop_badge(listing),
            "lot": listing.lot_on_sale,
            "reviews": listing.reviews_shown,
            "jsonld": jsonld(
                _listing_jsonld(
                    request, listing, variants, photos, title=title, description=description
                )
            ),
        }

    return page_rendered(
        request,
        "market/listing_detail.html",
        context,
        name="market-listing",
        versions=MARKET_PAGE_VERSIONS,
    )


# Back office ------------------------------------------------------------------------------


def _managed(request, pk: int) -> Listing:
    try:
        return listing_for_manage(request.user, pk)
    except Listing.DoesNotExist:
        raise Http404 from None


def _shop_from_query(request):
    shops = list(shops_for_user(request.user))
    slug = request.GET.get("shop") or request.POST.get("shop")
    chosen = next((s for s in shops if s.slug == slug), None)
    if chosen is None and len(shops) == 1:
        chosen = shops[0]
    return shops, chosen


@login_required
def listing_manage(request):
    shops, shop = _shop_from_query(request)
    listings = list(listings_for_manage(request.user, shop=shop)) if shops else []
    return render(
        request,
        "market/manage/listing_list.html",
        {"shops": shops, "shop": shop, "listings": listings},
    )


def _variant_fields(form) -> dict:
    return {name: form.cleaned_data.get(name) for name in VARIANT_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def listing_create(request):
    shops, shop = _shop_from_query(request)
    if shop is None:
        if not shops:
            raise Http404
        messages.info(request, _("Choose the shop first."))
        return redirect("market:manage-listings")
    form = ListingForm(request.POST or None, organisation=shop.organisation)
    formset = VariantFormSet(request.POST or None, instance=Listing(), prefix="variants")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        variants = [
            _variant_fields(f)
            for f in formset.forms
            if f.has_changed() and not f.cleaned_data.get("DELETE")
        ]
        data = dict(form.cleaned_data)
        try:
            listing = services.listing_create(
                actor=request.user, shop=shop, variants=variants, **data
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The product was saved as a draft."))
            return redirect("market:manage-listing-edit", pk=listing.pk)
    return render(
        request,
        "market/manage/listing_form.html",
        {"form": form, "formset": formset, "shop": shop, "listing": None},
    )


def _edit_page(request, listing, *, form=None, formset=None, photo_form=None, status=200):
    organisation = listing.shop.organisation
    return render(
        request,
        "market/manage/listing_form.html",
        {
            "listing": listing,
            "shop": listing.shop,
            "form": form or ListingForm(instance=listing, organisation=organisation),
            "formset": formset
            or VariantFormSet(
                instance=listing,
                prefix="variants",
                queryset=ListingVariant.objects.filter(listing=listing),
            ),
            "photo_form": photo_form or PhotoForm(),
            "photos": list(listing.photos.all()),
            "ocop": ocop_badge(listing),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_edit(request, pk: int):
    listing = _managed(request, pk)
    if request.method != "POST":
        return _edit_page(request, listing)
    organisation = listing.shop.organisation
    form = ListingForm(request.POST, instance=listing, organisation=organisation)
    formset = VariantFormSet(
        request.POST,
        instance=listing,
        prefix="variants",
        queryset=ListingVariant.objects.filter(listing=listing),
    )
    if form.is_valid() and formset.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "product"}
        try:
            with transaction.atomic():
                services.listing_update(actor=request.user, listing=listing, **changes)
                for variant_form in formset.forms:
                    variant = variant_form.instance if variant_form.instance.pk else None
                    if variant_form.cleaned_data.get("DELETE"):
                        if variant is not None:
                            services.variant_delete(actor=request.user, variant=variant)
                    elif variant_form.has_changed():
                        services.variant_save(
                            actor=request.user,
                            listing=listing,
                            variant=variant,
                            **_variant_fields(variant_form),
                        )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The product was saved."))
            return redirect("market:manage-listing-edit", pk=listing.pk)
    listing = _managed(request, pk)
    return _edit_page(request, listing, form=form, formset=formset, status=400)


@login_required
@require_POST
def listing_status(request, pk: int):
    listing = _managed(request, pk)
    action = (
        services.listing_publish
        if request.POST.get("status") == ListingStatus.ACTIVE
        else services.listing_hide
    )
    try:
        action(actor=request.user, listing=listing)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Now: %(status)s.") % {"status": listing.get_status_display()})
    return redirect("market:manage-listing-edit", pk=listing.pk)


@login_required
@require_POST
def listing_photo_add(request, pk: int):
    listing = _managed(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.listing_photo_add(actor=request.user, listing=listing, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            return redirect("market:manage-listing-edit", pk=listing.pk)
    return _edit_page(request, listing, photo_form=form, status=400)


@login_required
@require_POST
def listing_photo_delete(request, pk: int, photo: int):
    listing = _managed(request, pk)
    found = get_object_or_404(listing.photos.all(), pk=photo)
    services.listing_photo_delete(actor=request.user, photo=found)
    return redirect("market:manage-listing-edit", pk=listing.pk)


@login_required
@require_http_methods(["GET", "POST"])
def listing_import(request):
    shops, shop = _shop_from_query(request)
    if not shops:
        raise Http404
    form = ListingImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST" and shop is None:
        form.add_error(None, _("Choose the shop first."))
        status = 400
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            progress = import_start(
                name="market.listings",
                owner=request.user,
                title=_("Import products"),
                upload=upload,
                limits=imports.LISTING_IMPORT_LIMITS,
                options={"shop_id": shop.pk},
            )
            if progress is not None:
                return redirect("jobs:progress-detail", pk=progress.pk)
            result = imports.listings_import(actor=request.user, shop=shop, upload=upload)
        except ValidationError as error:
            form.add_error("file", error)
            status = 400
        else:
            if result.ok:
                messages.success(request, imports.listings_import_summary(result))
                return redirect(f"{reverse('market:manage-listings')}?shop={shop.slug}")
            status = 400
    return render(
        request,
        "market/manage/listing_import.html",
        {
            "form": form,
            "result": result,
            "shops": shops,
            "shop": shop,
            "max_rows": imports.MAX_ROWS,
        },
        status=status,
    )


@login_required
def listing_import_template(request):
    buffer = BytesIO()
    imports.template_workbook().save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="san-pham.xlsx"'
    return response


# Reviews ----------------------------------------------------------------------------------


def _buyer_order(request, code: str) -> Order:
    """The order, if this browser is its buyer's, as the order pages decide it: placed with a
    phone number remembered in the session, or by the signed-in buyer; or its code is among
    the session's orders."""
    order = order_for_buyer(
        code=code, phones=request.session.get(PHONES_KEY, []), user=request.user
    )
    if order is None and code.upper() in request.session.get("market_orders", []):
        order = Order.objects.filter(code=code.upper()).first()
    if order is None:
        raise Http404
    return order


@require_http_methods(["GET", "POST"])
def review_create_view(request, code: str, pk: int):
    order = _buyer_order(request, code)
    listing = get_object_or_404(Listing.objects.select_related("shop"), pk=pk)
    if not review_allowed(order=order, listing=listing):
        raise Http404
    form = ReviewForm(request.POST or None, initial={"author_name": order.buyer_name})
    if request.method == "POST" and form.is_valid():
        try:
            review_create(order=order, listing=listing, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Thank you for your review."))
            return redirect("market:listing-detail", pk=listing.pk)
    return render(
        request,
        "market/listing_review.html",
        {"form": form, "order": order, "listing": listing},
    )


urlpatterns: list = [
    path("p/<int:pk>/", listing_detail, name="listing-detail"),
    path("manage/listings/", listing_manage, name="manage-listings"),
    path("manage/listings/new/", listing_create, name="manage-listing-create"),
    path("manage/listings/import/", listing_import, name="manage-listing-import"),
    path(
        "manage/listings/import/template.xlsx",
        listing_import_template,
        name="manage-listing-import-template",
    ),
    path("manage/listings/<int:pk>/", listing_edit, name="manage-listing-edit"),
    path("manage/listings/<int:pk>/status/", listing_status, name="manage-listing-status"),
    path("manage/listings/<int:pk>/photos/", listing_photo_add, name="manage-listing-photo-add"),
    path(
        "manage/listings/<int:pk>/photos/<int:photo>/delete/",
        listing_photo_delete,
        name="manage-listing-photo-delete",
    ),
    path("orders/<str:code>/review/<int:pk>/", review_create_view, name="review-create"),
]
