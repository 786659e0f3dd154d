"""Shop pages: the public shop page, the shop's back office and the province's approvals.

A shop the person may not manage is a 404 (its existence is not confirmed); the services
check the permission again on every write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from banso.common.forms import PhotoForm, form_errors_add
from banso.common.jsonld import jsonld
from banso.common.page_cache import page_rendered
from banso.lingo.selectors import translated
from banso.market.forms.shops import DeliveryRateForm, ShopForm, ShopReviewForm
from banso.market.models import Shop, ShopStatus
from banso.market.page_cache import MARKET_PAGE_VERSIONS
from banso.market.selectors.listings import listings_of_shop_public
from banso.market.selectors.search import listing_cards_attach
from banso.market.selectors.shops import (
    organisations_without_shop,
    shop_for_manage,
    shop_public_get,
    shops_for_user,
    shops_to_review,
)
from banso.market.services import shops as services
from banso.orgs.offers import organisation_offers, organisation_offers_page_versions
from banso.orgs.selectors import organisations_for_user


def _shop_jsonld(request, shop: Shop) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": shop.name,
        "url": request.build_absolute_uri(),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": shop.street_address,
            "addressLocality": shop.unit.name,
            "addressRegion": shop.unit.parent.name if shop.unit.parent is not None else "",
            "addressCountry": "VN",
        },
    }
    if shop.story:
        data["description"] = translated(shop, "story").text[:500]
    if shop.phone:
        data["telephone"] = shop.phone
    photos = list(shop.photos.all())
    if photos:
        data["image"] = [request.build_absolute_uri(p.image.url) for p in photos[:3]]
    return data


def shop_detail(request, slug: str):
    def context() -> dict:
        try:
            shop = shop_public_get(slug)
        except Shop.DoesNotExist:
            raise Http404 from None
        return {
            "shop": shop,
            "listings": listing_cards_attach(list(listings_of_shop_public(shop))),
            "photos": list(shop.photos.all()),
            "rates": list(shop.delivery_rates.all()),
            "jsonld": jsonld(_shop_jsonld(request, shop)),
            "offers": organisation_offers(shop.organisation_id),
        }

    # The other apps' panels (a co-operative's stays and tours) depend on their own versions.
    return page_rendered(
        request,
        "market/shop_detail.html",
        context,
        name="market-shop",
        versions=MARKET_PAGE_VERSIONS + organisation_offers_page_versions(),
    )


# Back office ------------------------------------------------------------------------------


def _managed(request, slug: str) -> Shop:
    try:
        return shop_for_manage(request.user, slug)
    except Shop.DoesNotExist:
        raise Http404 from None


@login_required
def shop_manage(request):
    """The person's shops, and the organisations of theirs that could open one."""
    return render(
        request,
        "market/manage/shop_list.html",
        {
            "shops": list(shops_for_user(request.user)),
            "organisations": list(organisations_without_shop(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def shop_create(request, organisation: str):
    found = get_object_or_404(organisations_for_user(request.user), slug=organisation)
    form = ShopForm(request.POST or None, organisation=found)
    if request.method == "POST" and form.is_valid():
        try:
            shop = services.shop_create(actor=request.user, organisation=found, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request, _("Your shop is open for review: the province will approve it soon.")
            )
            return redirect("market:manage-shop-edit", slug=shop.slug)
    return render(
        request,
        "market/manage/shop_form.html",
        {"form": form, "organisation": found, "shop": None},
    )


def _edit_page(request, shop: Shop, *, form=None, photo_form=None, rate_form=None, status=200):
    return render(
        request,
        "market/manage/shop_form.html",
        {
            "shop": shop,
            "organisation": shop.organisation,
            "form": form or ShopForm(instance=shop, organisation=shop.organisation),
            "photo_form": photo_form or PhotoForm(),
            "rate_form": rate_form or DeliveryRateForm(),
            "photos": list(shop.photos.all()),
            "rates": list(shop.delivery_rates.all()),
            "has_bank_account": services.organisation_has_bank_account(shop.organisation),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def shop_edit(request, slug: str):
    shop = _managed(request, slug)
    if request.method != "POST":
        return _edit_page(request, shop)
    form = ShopForm(request.POST, instance=shop, organisation=shop.organisation)
    if form.is_valid():
        try:
            services.shop_update(actor=request.user, shop=shop, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The shop was saved."))
            return redirect("market:manage-shop-edit", slug=shop.slug)
    shop = _managed(request, slug)
    return _edit_page(request, shop, form=form, status=400)


@login_required
@require_POST
def shop_photo_add(request, slug: str):
    shop = _managed(request, slug)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.shop_photo_add(actor=request.user, shop=shop, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            return redirect("market:manage-shop-edit", slug=shop.slug)
    return _edit_page(request, shop, photo_form=form, status=400)


@login_required
@require_POST
def shop_photo_delete(request, slug: str, pk: int):
    shop = _managed(request, slug)
    photo = get_object_or_404(shop.photos.all(), pk=pk)
    services.shop_photo_delete(actor=request.user, photo=photo)
    return redirect("market:manage-shop-edit", slug=shop.slug)


@login_required
@require_POST
def shop_rate_set(request, slug: str):
    shop = _managed(request, slug)
    form = DeliveryRateForm(request.POST)
    if form.is_valid():
        try:
            services.shop_delivery_rate_set(actor=request.user, shop=shop, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            return redirect("market:manage-shop-edit", slug=shop.slug)
    return _edit_page(request, shop, rate_form=form, status=400)


@login_required
@require_POST
def shop_rate_delete(request, slug: str, pk: int):
    shop = _managed(request, slug)
    rate = get_object_or_404(shop.delivery_rates.all(), pk=pk)
    services.shop_delivery_rate_delete(actor=request.user, rate=rate)
    return redirect("market:manage-shop-edit", slug=shop.slug)


# Province ---------------------------------------------------------------------------------


@login_required
def shop_approvals(request):
    if not request.user.has_perm("market.approve_shop"):
        raise PermissionDenied
    return render(
        request,
        "market/shop_approvals.html",
        {
            "pending": list(shops_to_review(request.user)),
            "approved": list(shops_to_review(request.user, status=ShopStatus.APPROVED)),
            "form": ShopReviewForm(),
        },
    )


@login_required
@require_POST
def shop_review(request, slug: str):
    if not request.user.has_perm("market.approve_shop"):
        raise PermissionDenied
    shop = get_object_or_404(Shop.objects.select_related("unit"), slug=slug)
    form = ShopReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the shop."))
        return redirect("market:shop-approvals")
    action = {
        "approve": services.shop_approve,
        "reject": services.shop_reject,
        "suspend": services.shop_suspend,
    }[form.cleaned_data["decision"]]
    try:
        action(actor=request.user, shop=shop, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(shop)s: %(status)s.") % {"shop": shop.name, "status": shop.get_status_display()},
        )
    return redirect(reverse("market:shop-approvals"))


urlpatterns: list = [
    path("s/<slug:slug>/", shop_detail, name="shop-detail"),
    path("manage/shop/", shop_manage, name="manage-shop"),
    path("manage/shop/new/<slug:organisation>/", shop_create, name="manage-shop-create"),
    path("manage/shop/<slug:slug>/", shop_edit, name="manage-shop-edit"),
    path("manage/shop/<slug:slug>/photos/", shop_photo_add, name="manage-shop-photo-add"),
    path(
        "manage/shop/<slug:slug>/photos/<int:pk>/delete/",
        shop_photo_delete,
        name="manage-shop-photo-delete",
    ),
    path("manage/shop/<slug:slug>/rates/", shop_rate_set, name="manage-shop-rate-set"),
    path(
        "manage/shop/<slug:slug>/rates/<int:pk>/delete/",
        shop_rate_delete,
        name="manage-shop-rate-delete",
    ),
    path("shops/approvals/", shop_approvals, name="shop-approvals"),
    path("shops/<slug:slug>/review/", shop_review, name="shop-review"),
]
