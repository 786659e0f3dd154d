"""Excel sheets in the layout of the national marketplaces' bulk uploads: Shopee, Tiki, Postmart.

Each marketplace's columns are one table below (header, value of an item), so an officer who
downloads a newer template from the seller centre can bring a table in line with it by editing
it alone. One row per variant; a listing's variants share its group columns. Headers are on the
first row and items start on the second: paste them under the template's instruction rows.

Sources:

- **Shopee** — Seller Centre › My Products › Mass Upload, "basic template" as documented in
  Shopee's Seller Education Hub: Category (id), Product Name, Product Description, Parent SKU,
  Variation Integration No. (one number per product whose variations share it), Variation
  Name1 / Option for Variation 1, Price, Stock, SKU, Cover image, Item images, Weight (kg) and
  package size. The live template also carries instruction rows and per-category attribute
  columns, which Shopee fills in when the sheet is uploaded into it.
- **Tiki** — Seller Center's product form (Tiki Academy, "Guidelines on product listing"):
  product name (3–255 characters), category, trademark, description, variation, seller SKU,
  price, stock, barcode (mincode) and the packed weight and size Tiki charges by. Tiki gives
  its Excel template only inside a seller account; these columns follow the form's fields.
- **Postmart** (Vietnam Post's marketplace for farm and OCOP products) — no public template
  could be found; the columns follow the fields of its seller product form and carry the
  origin and OCOP stars Postmart shows on its product pages.

Written with openpyxl's write-only mode: rows go to disk as they come, memory stays flat. Text
that a spreadsheet would take for a formula is neutralised (``banso.common.exports``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from openpyxl import Workbook

from banso.common.exports import cell_text, sheet_append
from banso.market.feeds.items import FeedItem
from banso.market.models import Marketplace

Categories = dict[str, tuple[str, str]]


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[FeedItem, Categories], object]


def _category_id(item: FeedItem, categories: Categories) -> str:
    return categories.get(item.category, ("", ""))[0]


def _category_name(item: FeedItem, categories: Categories) -> str:
    return categories.get(item.category, ("", ""))[1]


def _weight_kg(item: FeedItem, categories: Categories) -> float | None:
    return round(item.weight_grams / 1000, 3) if item.weight_grams else None


def _sku(item: FeedItem, categories: Categories) -> str:
    return item.sku or item.item_id


def _barcode(item: FeedItem, categories: Categories) -> str:
    return item.gtin if item.gtin_is_global else ""


SHOPEE_COLUMNS = (
    Column("Category", _category_id),
    # Capped after the quote that neutralises a formula-like text, so the cap still holds.
    Column("Product Name", lambda item, c: cell_text(item.title)[:120]),
    Column("Product Description", lambda item, c: cell_text(item.description)[:3000]),
    Column("Parent SKU", lambda item, c: item.group_id),
    Column("Variation Integration No.", lambda item, c: item.listing_id),
    Column("Variation Name1", lambda item, c: "Phân loại" if item.variant_label else ""),
    Column("Option for Variation 1", lambda item, c: item.variant_label),
    Column("Price", lambda item, c: item.price_vnd),
    Column("Stock", lambda item, c: item.stock),
    Column("SKU", _sku),
    Column("Cover image", lambda item, c: item.image_link),
    Column("Weight", _weight_kg),
    Column("Length", lambda item, c: None),
    Column("Width", lambda item, c: None),
    Column("Height", lambda item, c: None),
    Column("Brand", lambda item, c: item.shop_name),
    Column("GTIN", _barcode),
)

TIKI_COLUMNS = (
    Column("Tên sản phẩm", lambda item, c: cell_text(item.full_title)[:255]),
    Column("Mã danh mục", _category_id),
    Column("Danh mục", _category_name),
    Column("Thương hiệu", lambda item, c: item.shop_name),
    Column("Mô tả sản phẩm", lambda item, c: item.description),
    Column("Mã nhóm sản phẩm", lambda item, c: item.group_id),
    Column("Phân loại", lambda item, c: item.variant_label),
    Column("Mã sản phẩm (SKU)", _sku),
    Column("Giá bán", lambda item, c: item.price_vnd),
    Column("Tồn kho", lambda item, c: item.stock),
    Column("Mã vạch", _barcode),
    Column("Khối lượng sau đóng gói (kg)", _weight_kg),
    Column("Dài (cm)", lambda item, c: None),
    Column("Rộng (cm)", lambda item, c: None),
    Column("Cao (cm)", lambda item, c: None),
    Column("Ảnh sản phẩm", lambda item, c: item.image_link),
    Column("Xuất xứ", lambda item, c: "Việt Nam"),
)

POSTMART_COLUMNS = (
    Column("Tên sản phẩm", lambda item, c: item.full_title),
    Column("Mã danh mục", _category_id),
    Column("Danh mục", _category_name),
    Column("Mô tả", lambda item, c: item.description),
    Column("Mã SKU", _sku),
    Column("Mã nhóm", lambda item, c: item.group_id),
    Column("Quy cách", lambda item, c: item.variant_label),
    Column("Giá bán (đ)", lambda item, c: item.price_vnd),
    Column("Số lượng", lambda item, c: item.stock),
    Column("Khối lượng (g)", lambda item, c: item.weight_grams),
    Column("Mã vạch", _barcode),
    Column("Nơi sản xuất", lambda item, c: item.origin),
    Column("Sao OCOP", lambda item, c: item.ocop_stars),
    Column("Nhà bán", lambda item, c: item.shop_name),
    Column("Ảnh", lambda item, c: item.image_link),
    Column("Link sản phẩm", lambda item, c: item.link),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    Marketplace.SHOPEE: SHOPEE_COLUMNS,
    Marketplace.TIKI: TIKI_COLUMNS,
    Marketplace.POSTMART: POSTMART_COLUMNS,
}


def write_xlsx(
    items: Iterable[FeedItem],
    out: BinaryIO,
    *,
    marketplace: str,
    categories: Categories,
    **_unused,
) -> int:
    """Write one marketplace's sheet to ``out``; returns the number of rows under the header."""
    columns = COLUMNS[marketplace]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=Marketplace(marketplace).label[:31])
    sheet_append(sheet, [column.header for column in columns])
    count = 0
    for item in items:
        sheet_append(sheet, [column.value(item, categories) for column in columns])
        count += 1
    book.save(out)
    return count
