"""Excel import of listings for sellers: one row a variant; the rows of one product (by GTIN,
or by its name) make one listing. A file with any error imports nothing, and every error names
its row and column so that the seller can fix the file and upload it again."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from banso.common.imports import ImportReport, ImportResult, RowError, read_text
from banso.common.text import fold
from banso.common.workbooks import WorkbookLimits, workbook_rows
from banso.market.models import Listing, Shop
from banso.market.services.listings import listing_create
from banso.trace.gs1 import gtin_normalize
from banso.trace.models import Product, ProductCategory

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A listing and its variants are each validated and written by the listing services, at about
# 5 ms a listing on SQLite and 10 ms on PostgreSQL. A workbook of more than
# ``IN_REQUEST_ROWS`` rows is imported by the task worker (``banso.jobs.imports``), so the
# request's 30 s limit no longer bounds it; the write transaction does, and 2,000 rows keep it
# within seconds. A co-operative sells tens of products; a larger catalogue is imported in
# several workbooks.
MAX_ROWS = 2000
LISTING_IMPORT_LIMITS = WorkbookLimits(rows=MAX_ROWS)
COLUMN_COUNT = 9
PRODUCT, TITLE, CATEGORY, VARIANT, PRICE, STOCK, WEIGHT, PACK, SKU = range(COLUMN_COUNT)


def import_columns() -> list[str]:
    return [
        _("Product GTIN or name"),
        _("Title"),
        _("Category"),
        _("Variant"),
        _("Price (₫)"),
        _("In stock"),
        _("Weight (g)"),
        _("Pieces per pack"),
        _("Shop's code"),
    ]


@dataclass
class ListingImportResult(ImportResult):
    variants: int = 0


def template_workbook() -> Workbook:
    """An empty workbook with the header row in Vietnamese, and two example rows of one
    product sold in two sizes."""
    with translation.override("vi"):
        columns = import_columns()
        title = _("Products")[:31]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(columns)
    sheet.append(["00209890000019", "Quýt Mường Khương", "fruit", "Hộp 5 kg", 250000, 10, 5200])
    sheet.append(["00209890000019", "", "", "Thùng 10 kg", 450000, 3, 10400])
    for letter, width in zip("ABCDEFGHI", (22, 30, 14, 16, 12, 10, 11, 12, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    return workbook


def _whole(value, *, minimum: int, optional: bool = False) -> int | None:
    """A whole number written as a number cell, or text such as "250.000" or "250,000"."""
    text = read_text(value)
    if text == "" and optional:
        return None
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(text)
    digits = text.replace(".", "").replace(",", "").replace(" ", "").replace("₫", "")
    digits = digits.removesuffix("d").removesuffix("đ")
    if not digits.isdigit() or int(digits) < minimum:
        raise ValueError(text)
    return int(digits)


def _categories() -> dict[str, str]:
    """Category codes and their names in every language, folded, to the code."""
    known: dict[str, str] = {}
    for code in ProductCategory.values:
        known[code] = code
        for language in ("vi", "en", "zh-hans"):
            with translation.override(language):
                known[fold(str(ProductCategory(code).label))] = code
    return known


def listings_import(
    *, actor, shop: Shop, upload, report: ImportReport | None = None
) -> ListingImportResult:
    """Create draft listings of ``shop`` from a workbook; any error and nothing is written.

    Columns, under a header row: product GTIN (or the product's exact name), title, category
    (code or name), variant label, price in đồng, stock, weight in grams, pieces per pack,
    shop's code. Title and category may be left empty on the rows after a product's first.
    The workbook is read and every row checked before the listings are written in one
    transaction.
    """
    report = report or ImportReport()
    rows = workbook_rows(upload, limits=LISTING_IMPORT_LIMITS)
    if len(rows) < 2:
        raise ValidationError(_("The workbook has no rows under its header."), code="empty")
    report.percent(10, _("Checking the rows"))
    columns = import_columns()
    products = list(shop.organisation.products.filter(is_active=True))
    by_gtin = {p.gtin: p for p in products}
    by_name: dict[str, list] = {}
    for each in products:
        by_name.setdefault(each.name_folded, []).append(each)
    already_listed = set(Listing.objects.filter(shop=shop).values_list("product_id", flat=True))
    categories = _categories()
    result = ListingImportResult()
    planned: dict[int, dict] = {}
    for number, row in enumerate(rows[1:], start=2):
        values = (list(row) + [None] * COLUMN_COUNT)[:COLUMN_COUNT]
        if all(read_text(v) == "" for v in values):
            continue

        def error(column: int, message: str, number=number) -> None:
            result.errors.append(RowError(number, columns[column], message))

        product: Product | None = _product(read_text(values[PRODUCT]), by_gtin, by_name, error)
        if product is not None and product.pk in already_listed:
            error(PRODUCT, _("This product is already on your shop's list; edit it there."))
            product = None
        category = ""
        if read_text(values[CATEGORY]):
            category = categories.get(fold(read_text(values[CATEGORY])), "")
            if not category:
                error(CATEGORY, _("Unknown category."))
        label = read_text(values[VARIANT])
        if not label:
            error(VARIANT, _("Name the variant, for example 1 kg or box of 5 kg."))
        variant: dict[str, object] = {"label": label, "sku": read_text(values[SKU])}
        for column, name, minimum, optional, message in (
            (PRICE, "price_vnd", 1, False, _("The price must be a whole number of đồng above 0.")),
            (STOCK, "stock", 0, False, _("The stock must be a whole number, 0 or more.")),
            (WEIGHT, "weight_grams", 1, True, _("The weight must be a whole number of grams.")),
            (PACK, "pack_size", 1, True, _("The pack size must be a whole number above 0.")),
        ):
            try:
                variant[name] = _whole(values[column], minimum=minimum, optional=optional)
            except ValueError:
                error(column, message)
        if product is None:
            continue
        plan = planned.setdefault(
            product.pk, {"product": product, "row": number, "variants": [], "labels": set()}
        )
        if fold(label) in plan["labels"]:
            error(VARIANT, _("This variant appears twice for the product."))
        plan["labels"].add(fold(label))
        plan.setdefault("title", read_text(values[TITLE]))
        plan["title"] = plan["title"] or read_text(values[TITLE])
        plan.setdefault("category", category)
        plan["category"] = plan["category"] or category
        plan["variants"].append(variant)
    if result.errors:
        return result
    report.percent(50, _("Writing"))
    with transaction.atomic():
        for plan in planned.values():
            try:
                listing_create(
                    actor=actor,
                    shop=shop,
                    product=plan["product"],
                    title=plan["title"][:200],
                    category=plan["category"],
                    variants=plan["variants"],
                )
            except ValidationError as problem:
                # A rule only the service knows: report it on the product's first row.
                for name, messages in _message_items(problem):
                    result.errors.append(RowError(plan["row"], name, "; ".join(messages)))
            else:
                result.created += 1
                result.variants += len(plan["variants"])
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.variants = 0
        else:
            report.done(result)
    return result


def _product(text: str, by_gtin: dict, by_name: dict, error) -> Product | None:
    if not text:
        error(PRODUCT, _("Write the product's GTIN or its name."))
        return None
    if text.isdigit():
        try:
            gtin = gtin_normalize(text)
        except ValidationError as problem:
            error(PRODUCT, problem.messages[0])
            return None
        product = by_gtin.get(gtin)
        if product is None:
            error(PRODUCT, _("None of your products has this GTIN."))
        return product
    found = by_name.get(fold(text), [])
    if len(found) != 1:
        error(
            PRODUCT,
            _("None of your products has this name.")
            if not found
            else _("Several of your products have this name: write the GTIN instead."),
        )
        return None
    return found[0]


def _message_items(problem: ValidationError):
    if hasattr(problem, "error_dict"):
        return problem.message_dict.items()
    return [("", problem.messages)]


def listings_import_summary(result: ImportResult) -> str:
    return _("%(count)d products were imported as drafts.") % {"count": result.created}


def listings_import_in_background(
    *, actor, upload, report: ImportReport, shop_id: int
) -> ListingImportResult:
    """The worker's door to :func:`listings_import`: the shop is looked up again among those
    the person still manages."""
    from banso.market.selectors.shops import shops_for_user

    shop = shops_for_user(actor).filter(pk=shop_id).first()
    if shop is None:
        raise ValidationError(_("You no longer manage this shop."), code="shop")
    return listings_import(actor=actor, shop=shop, upload=upload, report=report)
