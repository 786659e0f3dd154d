"""Listings (sản phẩm đăng bán): a shop's own traced products, sold in variants.

Every write here refreshes the listing's summary (lowest price, stock, search words) in the
same transaction, so lists and search never read a stale price.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from banso.common.uploads import validate_image
from banso.market.models import (
    Listing,
    ListingPhoto,
    ListingStatus,
    ListingVariant,
    OrderLine,
    Shop,
)
from banso.market.services.summary import listing_summary_refresh
from banso.orgs.models import Certificate, CertificateKind
from banso.trace.models import Lot, Product

LISTING_FIELDS = {
    "title",
    "title_translations",
    "description",
    "category",
    "ocop_certificate",
    "ocop_group",
    "push_to_feeds",
    "lot_on_sale",
}
VARIANT_FIELDS = {
    "label",
    "weight_grams",
    "pack_size",
    "price_vnd",
    "stock",
    "sku",
    "is_active",
    "position",
}


def _require(actor, obj) -> None:
    if actor is None or not actor.has_perm("market.change_listing", obj):
        raise PermissionDenied(_("You may not change the products of this shop."))


def _check(listing: Listing) -> None:
    if listing.product.organisation_id != listing.shop.organisation_id:
        raise ValidationError(
            {"product": _("A shop sells only its own organisation's products.")},
            code="foreign_product",
        )
    certificate = listing.ocop_certificate
    if certificate is not None and (
        certificate.organisation_id != listing.shop.organisation_id
        or certificate.kind != CertificateKind.OCOP
    ):
        raise ValidationError(
            {"ocop_certificate": _("Choose one of your organisation's own OCOP certificates.")},
            code="foreign_certificate",
        )
    if certificate is not None and not certificate.products.filter(pk=listing.product_id).exists():
        raise ValidationError(
            {"ocop_certificate": _("Choose an OCOP certificate that names this product.")},
            code="certificate_of_another_product",
        )
    if certificate is None:
        listing.ocop_group = ""
    lot = listing.lot_on_sale
    if lot is not None and lot.product_id != listing.product_id:
        # The product is the shop's organisation's own (checked above), so a lot of it is too.
        raise ValidationError(
            {"lot_on_sale": _("Choose a lot of this product, recorded by your organisation.")},
            code="foreign_lot",
        )


def _save(listing: Listing) -> Listing:
    listing.title = " ".join(listing.title.split())
    _check(listing)
    listing.full_clean()
    listing.save()
    return listing


def _variant_save(variant: ListingVariant, fields: dict) -> ListingVariant:
    unknown = set(fields) - VARIANT_FIELDS
    if unknown:
        raise TypeError(f"variant fields unknown: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(variant, name, value)
    variant.label = " ".join((variant.label or "").split())
    variant.full_clean()
    variant.save()
    return variant


@transaction.atomic
def listing_create(
    *,
    actor,
    shop: Shop,
    product: Product,
    title: str = "",
    description: str = "",
    category: str = "",
    ocop_certificate: Certificate | None = None,
    ocop_group: str = "",
    push_to_feeds: bool = False,
    lot_on_sale: Lot | None = None,
    status: str = ListingStatus.DRAFT,
    variants: Iterable[dict] = (),
) -> Listing:
    """Put one of the organisation's traced products on sale, with at least one variant.
    Title and category default to the product's. ``lot_on_sale``, a lot of that product, is
    the one whose journey buyers see."""
    _require(actor, shop)
    variants = list(variants)
    if not variants:
        raise ValidationError(_("Add at least one variant with its price."), code="no_variant")
    listing = Listing(
        shop=shop,
        product=product,
        title=title or product.name,
        description=description,
        category=category or product.category,
        unit=shop.unit,
        ocop_certificate=ocop_certificate,
        ocop_group=ocop_group,
        push_to_feeds=push_to_feeds,
        lot_on_sale=lot_on_sale,
        status=ListingStatus.DRAFT,
    )
    _save(listing)
    for position, fields in enumerate(variants):
        _variant_save(ListingVariant(listing=listing, position=position), fields)
    listing_summary_refresh(listing)
    if status == ListingStatus.ACTIVE:
        listing_publish(actor=actor, listing=listing)
    elif status != ListingStatus.DRAFT:
        listing_hide(actor=actor, listing=listing)
    return listing


@transaction.atomic
def listing_update(*, actor, listing: Listing, **changes) -> Listing:
    _require(actor, listing)
    unknown = set(changes) - LISTING_FIELDS
    if unknown:
        raise TypeError(f"listing_update() cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(listing, name, value)
    _save(listing)
    return listing_summary_refresh(listing)


@transaction.atomic
def variant_save(
    *, actor, listing: Listing, variant: ListingVariant | None = None, **fields
) -> ListingVariant:
    """Add a variant to the listing, or change one of its variants."""
    _require(actor, listing)
    if variant is None:
        fields.setdefault("position", listing.variants.count())
        variant = ListingVariant(listing=listing)
    elif variant.listing_id != listing.pk:
        raise PermissionDenied(_("This variant belongs to another product."))
    _variant_save(variant, fields)
    listing_summary_refresh(listing)
    return variant


@transaction.atomic
def variant_delete(*, actor, variant: ListingVariant) -> bool:
    """Remove a variant; one that was ever ordered is only taken off sale, since its orders
    still point to it. Returns whether it was really deleted. A product on sale keeps at least
    one variant on sale."""
    listing = variant.listing
    _require(actor, listing)
    others_on_sale = listing.variants.filter(is_active=True).exclude(pk=variant.pk).exists()
    if listing.status == ListingStatus.ACTIVE and not others_on_sale:
        raise ValidationError(
            _("A product on sale needs at least one variant on sale. Hide the product first."),
            code="last_variant",
        )
    deleted = not OrderLine.objects.filter(variant=variant).exists()
    if deleted:
        variant.delete()
    else:
        ListingVariant.objects.filter(pk=variant.pk).update(is_active=False)
    listing_summary_refresh(listing)
    return deleted


@transaction.atomic
def listing_publish(*, actor, listing: Listing) -> Listing:
    """Put the listing on sale; it shows in the marketplace once its shop is approved."""
    _require(actor, listing)
    if not listing.variants.filter(is_active=True).exists():
        raise ValidationError(
            _("Add at least one variant on sale before publishing."), code="no_variant"
        )
    listing.status = ListingStatus.ACTIVE
    _save(listing)
    return listing_summary_refresh(listing)


@transaction.atomic
def listing_hide(*, actor, listing: Listing) -> Listing:
    _require(actor, listing)
    listing.status = ListingStatus.HIDDEN
    _save(listing)
    return listing_summary_refresh(listing)


def listing_photo_add(*, actor, listing: Listing, image, caption: str = "") -> ListingPhoto:
    _require(actor, listing)
    try:
        validate_image(image)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}, code=error.code) from error
    photo = ListingPhoto(
        listing=listing, image=image, caption=caption, position=listing.photos.count()
    )
    photo.full_clean()
    photo.save()
    return photo


def listing_photo_delete(*, actor, photo: ListingPhoto) -> None:
    _require(actor, photo.listing)
    photo.image.delete(save=False)
    photo.delete()
