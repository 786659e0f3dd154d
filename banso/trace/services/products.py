"""Products, their photos and lots: every write checks that the actor may change the
organisation that owns them."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from banso.common.text import fold, sort_key
from banso.common.uploads import validate_image
from banso.lingo.models import Translation
from banso.lingo.selectors import translation_may_review
from banso.lingo.services import translation_write
from banso.orgs.models import Certificate, Organisation
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.trace.gs1 import gtin_check_digit, gtin_normalize, validate_lot_code
from banso.trace.models import Lot, Product, ProductPhoto
from banso.trace.signals import product_renamed

PRODUCT_FIELDS = {
    "name",
    "description",
    "category",
    "unit",
    "net_content",
    "net_content_unit",
    "gtin",
    "is_active",
}
LOT_FIELDS = {
    "code",
    "harvest_unit",
    "harvest_village",
    "latitude",
    "longitude",
    "harvest_date",
    "quantity",
    "quantity_unit",
    "producer_households",
    "notes",
    "public_notes",
}
# A generated GTIN-14: indicator digit 0, the company prefix, the item reference, the check digit.
GTIN_BODY_LENGTH = 13
GTIN_ATTEMPTS = 20


def _require_change(actor, organisation: Organisation) -> None:
    if not actor.has_perm("orgs.change_organisation", organisation):
        raise PermissionDenied(_("You may not change the products of this organisation."))


# Products -----------------------------------------------------------------------------------


def product_names_may_write(actor, organisation: Organisation) -> bool:
    """Whether ``actor`` may give the organisation's products names in other languages: a
    name written by a person is published as reviewed, so only the people who review the
    organisation's translations (its owners and translators, the province's translators)
    may."""
    scope = Translation(organisation_id=organisation.pk, unit_path=organisation.unit.path)
    return translation_may_review(actor, scope)


def _names_write(actor, product: Product, names: dict[str, str] | None) -> None:
    """The product's name in other languages, as its people wrote them: reviewed at once."""
    for language, text in (names or {}).items():
        if text.strip():
            translation_write(
                actor=actor, instance=product, field="name", language=language, text=text
            )


def gtin_generate(*, prefix: str | None = None) -> str:
    """The next free GTIN-14 under the platform's internal company prefix.

    The item reference is one more than the highest one used so far; two requests that pick
    the same number at once are kept apart by the unique constraint (see ``_product_save``).
    """
    base = "0" + (prefix or settings.GTIN_COMPANY_PREFIX)
    width = GTIN_BODY_LENGTH - len(base)
    used = (
        Product.objects.filter(gtin__startswith=base)
        .order_by("-gtin")
        .values_list("gtin", flat=True)
        .first()
    )
    number = int(used[len(base) : GTIN_BODY_LENGTH]) + 1 if used else 1
    if number >= 10**width:
        raise ValidationError(
            {"gtin": _("The platform's company prefix has no item numbers left.")},
            code="gtin_exhausted",
        )
    body = base + str(number).zfill(width)
    return body + gtin_check_digit(body)


def _product_save(product: Product, *, generate_gtin: bool) -> Product:
    product.name = " ".join((product.name or "").split())
    product.name_folded = fold(product.name)
    product.name_sort = sort_key(product.name)
    if product.net_content is None:
        product.net_content_unit = ""
    for _attempt in range(GTIN_ATTEMPTS):
        if generate_gtin:
            product.gtin = gtin_generate()
        else:
            try:
                product.gtin = gtin_normalize(product.gtin)
            except ValidationError as error:
                raise ValidationError({"gtin": error.messages}, code=error.code) from error
        product.full_clean(validate_unique=not generate_gtin)
        try:
            with transaction.atomic():
                product.save()
        except IntegrityError as error:
            if generate_gtin:
                continue  # another product took this number at the same moment: take the next
            raise ValidationError(
                {"gtin": _("Another product has this GTIN.")}, code="gtin_taken"
            ) from error
        return product
    raise ValidationError({"gtin": _("Could not reserve a GTIN; please try again.")})


def product_create(
    *,
    actor,
    organisation: Organisation,
    name: str,
    category: str,
    unit: str,
    gtin: str = "",
    certificates: list[Certificate] | None = None,
    translated_names: dict[str, str] | None = None,
    **fields,
) -> Product:
    """A new product of ``organisation``; without a GTIN it gets one from the platform's
    internal company prefix (``settings.GTIN_COMPANY_PREFIX``). ``translated_names``
    ({"en": …}) are its name in other languages, written by the actor (see
    :func:`product_names_may_write`)."""
    _require_change(actor, organisation)
    unknown = set(fields) - PRODUCT_FIELDS
    if unknown:
        raise TypeError(f"product_create() got unknown fields {sorted(unknown)}")
    product = Product(organisation=organisation, name=name, category=category, unit=unit, **fields)
    product.gtin = (gtin or "").strip()
    with transaction.atomic():
        product = _product_save(product, generate_gtin=not product.gtin)
        if certificates is not None:
            _certificates_set(product, certificates)
        _names_write(actor, product, translated_names)
    return product


def product_update(
    *,
    actor,
    product: Product,
    certificates: list[Certificate] | None = None,
    translated_names: dict[str, str] | None = None,
    **changes,
) -> Product:
    """Change a product. An empty GTIN keeps the current one: a GTIN printed on stamps must
    not silently change. ``translated_names`` as for :func:`product_create`."""
    _require_change(actor, product.organisation)
    unknown = set(changes) - PRODUCT_FIELDS
    if unknown:
        raise TypeError(f"product_update() cannot change {sorted(unknown)}")
    if not (changes.get("gtin") or "").strip():
        changes.pop("gtin", None)
    for name, value in changes.items():
        setattr(product, name, value)
    with transaction.atomic():
        # The stored name, not the instance's: a form (the admin's) may already have written
        # the new name onto the instance it hands over.
        old_name = (
            Product.objects.select_for_update().values_list("name", flat=True).get(pk=product.pk)
        )
        product = _product_save(product, generate_gtin=False)
        if certificates is not None:
            _certificates_set(product, certificates)
        if product.name != old_name:
            product_renamed.send(sender=Product, product=product, old_name=old_name)
        _names_write(actor, product, translated_names)
    return product


def _certificates_set(product: Product, certificates: list[Certificate]) -> None:
    if any(c.organisation_id != product.organisation_id for c in certificates):
        raise ValidationError(
            {"certificates": _("A product can only show its own organisation's certificates.")}
        )
    product.certificates.set(certificates)


def product_photo_add(*, actor, product: Product, image, caption: str = "") -> ProductPhoto:
    _require_change(actor, product.organisation)
    try:
        validate_image(image)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}, code=error.code) from error
    position = product.photos.count()
    photo = ProductPhoto(product=product, image=image, caption=caption, position=position)
    photo.full_clean()
    photo.save()
    return photo


def product_photo_delete(*, actor, photo: ProductPhoto) -> None:
    _require_change(actor, photo.product.organisation)
    photo.image.delete(save=False)
    photo.delete()


# Lots ---------------------------------------------------------------------------------------


def _lot_check(lot: Lot) -> None:
    errors: dict[str, list[str]] = {}
    unit: AdministrativeUnit | None = getattr(lot, "harvest_unit", None)
    if unit is None or not unit.is_current or unit.level != UnitLevel.COMMUNE:
        errors["harvest_unit"] = [_("The harvest place must be a current commune or ward.")]
    village: Village | None = lot.harvest_village
    if village is not None and unit is not None and village.commune_id != unit.pk:
        errors["harvest_village"] = [_("This village is not in that commune.")]
    if lot.latitude is not None and not -90 <= lot.latitude <= 90:
        errors["latitude"] = [_("The latitude must be between -90 and 90.")]
    if lot.longitude is not None and not -180 <= lot.longitude <= 180:
        errors["longitude"] = [_("The longitude must be between -180 and 180.")]
    if (lot.latitude is None) != (lot.longitude is None):
        errors["longitude"] = [_("Give both the latitude and the longitude, or neither.")]
    if lot.quantity is not None and Decimal(lot.quantity) < 0:
        errors["quantity"] = [_("The quantity cannot be negative.")]
    if errors:
        raise ValidationError(errors)


def _lot_save(lot: Lot) -> Lot:
    lot.code = (lot.code or "").strip()
    try:
        validate_lot_code(lot.code)
    except ValidationError as error:
        raise ValidationError({"code": error.messages}, code="lot_code") from error
    _lot_check(lot)
    lot.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            lot.save()
    except IntegrityError as error:
        raise ValidationError(
            {"code": _("This product already has a lot with this code.")}, code="lot_code_taken"
        ) from error
    return lot


def lot_create(
    *,
    actor,
    product: Product,
    code: str,
    harvest_unit: AdministrativeUnit,
    harvest_date: datetime.date,
    quantity: Decimal | int | float,
    quantity_unit: str,
    **fields,
) -> Lot:
    """A new lot (lô) of ``product``, harvested in a current commune (or one of its villages)."""
    _require_change(actor, product.organisation)
    unknown = set(fields) - LOT_FIELDS
    if unknown:
        raise TypeError(f"lot_create() got unknown fields {sorted(unknown)}")
    lot = Lot(
        product=product,
        code=code,
        harvest_unit=harvest_unit,
        harvest_date=harvest_date,
        quantity=quantity,
        quantity_unit=quantity_unit,
        **fields,
    )
    return _lot_save(lot)


def lot_update(*, actor, lot: Lot, **changes) -> Lot:
    """Change a lot's own record. Its journey is events, which are never changed here."""
    _require_change(actor, lot.product.organisation)
    unknown = set(changes) - LOT_FIELDS
    if unknown:
        raise TypeError(f"lot_update() cannot change {sorted(unknown)}")
    if "code" in changes and changes["code"] != lot.code and lot.events.exists():
        raise ValidationError(
            {"code": _("The code of a lot with recorded steps cannot change.")},
            code="lot_code_locked",
        )
    for name, value in changes.items():
        setattr(lot, name, value)
    return _lot_save(lot)
