"""Shops (gian hàng): opened by an organisation's people, approved by the province.

A shop sells only once a province officer whose province covers the shop's commune has
approved it. VietQR payments go to the organisation's own bank account, so a shop may accept
VietQR only while its organisation has one.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from banso.accounts.rules import province_officer_covers_unit
from banso.common.text import fold, sort_key, unique_slug
from banso.common.uploads import validate_image
from banso.common.vietqr import VietQRError, encode
from banso.market.models import Listing, Shop, ShopDeliveryRate, ShopPhoto, ShopStatus
from banso.market.services.summary import listing_summary_refresh
from banso.orgs.models import Organisation
from banso.orgs.services import organisation_require_approved
from banso.places.models import AdministrativeUnit, UnitLevel

SHOP_FIELDS = {
    "name",
    "slug",
    "story",
    "unit",
    "village",
    "street_address",
    "phone",
    "notify_email",
    "offers_delivery",
    "offers_pickup",
    "delivery_fee_vnd",
    "free_delivery_above_vnd",
    "delivers_nationwide",
    "accepts_cod",
    "accepts_vietqr",
}


def _require_manage(actor, obj) -> None:
    if actor is None or not actor.has_perm("market.change_shop", obj):
        raise PermissionDenied(_("You may not manage this shop."))


def _require_review(actor, shop: Shop) -> None:
    """Only a province officer whose province covers the shop (or a superuser) reviews it."""
    allowed = actor is not None and actor.has_perm("market.approve_shop", shop)
    if allowed and not actor.is_superuser:
        allowed = province_officer_covers_unit(actor, shop.unit)
    if not allowed:
        raise PermissionDenied(_("Only an officer of the shop's province may review it."))


def organisation_has_bank_account(organisation: Organisation) -> bool:
    return bool(organisation.bank_bin and organisation.bank_account_number)


def _unique_slug(name: str) -> str:
    return unique_slug(name, Shop.objects.all(), fallback="shop")


def _check(shop: Shop) -> None:
    unit = shop.unit
    if not unit.is_current or unit.level != UnitLevel.COMMUNE:
        raise ValidationError({"unit": _("The address must be a current commune or ward.")})
    if shop.village is not None and shop.village.commune_id != unit.pk:
        raise ValidationError({"village": _("This village is not in that commune.")})
    if shop.accepts_vietqr and not organisation_has_bank_account(shop.organisation):
        raise ValidationError(
            {
                "accepts_vietqr": _(
                    "VietQR payments go to the organisation's bank account, and it has none "
                    "yet. Add the bank and account number to the organisation first, or accept "
                    "cash on delivery only."
                )
            },
            code="no_bank_account",
        )
    if shop.accepts_vietqr:
        _check_vietqr_account(shop.organisation)


def _check_vietqr_account(organisation: Organisation) -> None:
    """The account must be one a VietQR code can carry (digits only, a known bank), or buyers
    would be offered a transfer with no code to scan."""
    try:
        encode(bin=organisation.bank_bin, account=organisation.bank_account_number)
    except VietQRError as error:
        raise ValidationError({"accepts_vietqr": str(error)}, code="bad_bank_account") from error


def _save(shop: Shop) -> Shop:
    shop.name = " ".join(shop.name.split())
    shop.name_folded = fold(shop.name)
    shop.name_sort = sort_key(shop.name)
    shop.full_clean()
    _check(shop)
    try:
        with transaction.atomic():
            shop.save()
    except IntegrityError as error:
        raise ValidationError({"slug": _("Another shop has this short address.")}) from error
    return shop


def shop_create(*, actor, organisation: Organisation, name: str, slug: str = "", **fields) -> Shop:
    """Open the organisation's shop; it waits for a province officer's approval. One shop per
    organisation. Without an address of its own the shop is at the organisation's. An
    organisation that registered itself opens one only once an officer approved it."""
    _require_manage(actor, organisation)
    organisation_require_approved(organisation)
    unknown = set(fields) - SHOP_FIELDS
    if unknown:
        raise TypeError(f"shop_create() got unknown fields {sorted(unknown)}")
    if Shop.objects.filter(organisation=organisation).exists():
        raise ValidationError(_("This organisation already has a shop."), code="shop_exists")
    fields.setdefault("unit", organisation.unit)
    if "village" not in fields and fields["unit"] == organisation.unit:
        fields["village"] = organisation.village
    if not organisation_has_bank_account(organisation):
        fields.setdefault("accepts_vietqr", False)
    shop = Shop(organisation=organisation, name=name, status=ShopStatus.PENDING, **fields)
    shop.slug = slugify(slug) if slug else _unique_slug(name)
    return _save(shop)


@transaction.atomic
def shop_update(*, actor, shop: Shop, **changes) -> Shop:
    """Change a shop. A new name refreshes its listings' search words; a refused shop that
    is edited goes back to the approval queue."""
    _require_manage(actor, shop)
    unknown = set(changes) - SHOP_FIELDS
    if unknown:
        raise TypeError(f"shop_update() cannot change {sorted(unknown)}")
    old_name, old_unit = shop.name, shop.unit_id
    for name, value in changes.items():
        setattr(shop, name, value)
    if shop.status == ShopStatus.REJECTED:
        shop.status = ShopStatus.PENDING
    _save(shop)
    if shop.unit_id != old_unit:
        Listing.objects.filter(shop=shop).update(unit=shop.unit)
    if shop.name != old_name or shop.unit_id != old_unit:
        shop_listings_refresh(shop=shop)
    return shop


def shop_listings_refresh(*, shop: Shop) -> None:
    """Recompute the summaries of every listing of the shop (its name is in their words)."""
    listings = Listing.objects.filter(shop=shop).select_related("product", "unit")
    for listing in listings:
        listing.shop = shop
        listing_summary_refresh(listing)


def _review(*, actor, shop: Shop, status: str, note: str) -> Shop:
    _require_review(actor, shop)
    shop.status = status
    shop.review_note = note.strip()
    shop.reviewed_by = actor
    shop.reviewed_at = timezone.now()
    shop.full_clean()
    shop.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    return shop


def shop_approve(*, actor, shop: Shop, note: str = "") -> Shop:
    return _review(actor=actor, shop=shop, status=ShopStatus.APPROVED, note=note)


def shop_reject(*, actor, shop: Shop, note: str) -> Shop:
    """Refuse a shop, saying why: the note is what its people read to put it right."""
    if not note.strip():
        raise ValidationError({"note": _("Say why, so the shop can put it right.")})
    return _review(actor=actor, shop=shop, status=ShopStatus.REJECTED, note=note)


def shop_suspend(*, actor, shop: Shop, note: str) -> Shop:
    """Close an approved shop for a while (its listings disappear from the marketplace)."""
    if not note.strip():
        raise ValidationError({"note": _("Say why the shop is suspended.")})
    return _review(actor=actor, shop=shop, status=ShopStatus.SUSPENDED, note=note)


def shop_photo_add(*, actor, shop: Shop, image, caption: str = "") -> ShopPhoto:
    _require_manage(actor, shop)
    try:
        validate_image(image)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}, code=error.code) from error
    photo = ShopPhoto(shop=shop, image=image, caption=caption, position=shop.photos.count())
    photo.full_clean()
    photo.save()
    return photo


def shop_photo_delete(*, actor, photo: ShopPhoto) -> None:
    _require_manage(actor, photo.shop)
    photo.image.delete(save=False)
    photo.delete()


def shop_delivery_rate_set(
    *, actor, shop: Shop, province: AdministrativeUnit, fee_vnd: int
) -> ShopDeliveryRate:
    """The shop's fee to one province instead of its flat fee (replaces an earlier one)."""
    _require_manage(actor, shop)
    if not province.is_current or province.level != UnitLevel.PROVINCE:
        raise ValidationError({"province": _("Choose a current province.")})
    ShopDeliveryRate(shop=shop, province=province, fee_vnd=fee_vnd).full_clean(
        validate_unique=False, validate_constraints=False
    )
    rate, _created = ShopDeliveryRate.objects.update_or_create(
        shop=shop, province=province, defaults={"fee_vnd": fee_vnd}
    )
    return rate


def shop_delivery_rate_delete(*, actor, rate: ShopDeliveryRate) -> None:
    _require_manage(actor, rate.shop)
    rate.delete()
