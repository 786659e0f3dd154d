"""The feed files: what goes in them, in which shape, and how a regeneration swaps them."""

import csv
import dataclasses
import datetime
import io
import os

import pytest
from lxml import etree
from openpyxl import load_workbook

from banso.market.feeds import FORMATS, spreadsheets
from banso.market.feeds.google import ATTRIBUTES
from banso.market.feeds.items import gtin_is_global
from banso.market.models import (
    CategoryMapping,
    FeedFile,
    FeedKind,
    Listing,
    ListingVariant,
    ShopStatus,
)
from banso.market.selectors.feeds import feed_item_iter
from banso.market.services.feeds import (
    category_mappings_save,
    feed_categories_default,
    feed_generate,
    feeds_regenerate,
)
from banso.market.tests.makers import listing_make
from banso.orgs.models import Certificate
from banso.trace.tests.makers import product_make

G = "{http://base.google.com/ns/1.0}"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://banso.example"


@pytest.fixture
def pushed(listing):
    Listing.objects.filter(pk=listing.pk).update(push_to_feeds=True)
    listing.refresh_from_db()
    return listing


def _read(feed: FeedFile) -> bytes:
    with feed.file.open("rb") as handle:
        return handle.read()


def _items(feed: FeedFile) -> list:
    root = etree.fromstring(_read(feed))
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.findall("./channel/item")


def test_xml_has_one_item_per_variant_with_google_attributes(pushed, other_listing):
    feed_categories_default()
    feed = feed_generate(kind=FeedKind.GOOGLE_XML)
    items = _items(feed)
    variants = list(pushed.variants.order_by("position"))
    assert [item.findtext(f"{G}id") for item in items] == [f"BS-{v.pk}" for v in variants]
    first = items[0]
    assert first.findtext(f"{G}item_group_id") == f"BS-L{pushed.pk}"
    assert first.findtext(f"{G}title") == "Quýt Mường Khương – Hộp 5 kg"
    assert first.findtext(f"{G}price") == "250000 VND"
    assert items[1].findtext(f"{G}price") == "450000 VND"
    assert first.findtext(f"{G}availability") == "in_stock"
    assert first.findtext(f"{G}condition") == "new"
    assert first.findtext(f"{G}brand") == pushed.shop.name
    assert first.findtext(f"{G}link") == f"https://banso.example/market/p/{pushed.pk}/"
    assert first.findtext(f"{G}google_product_category") == "5795"
    assert first.findtext(f"{G}product_type") == "Trái cây"
    # The test products' GTINs use a restricted-circulation prefix: not for Google.
    assert first.find(f"{G}gtin") is None
    assert first.findtext(f"{G}identifier_exists") == "no"
    shipping = first.find(f"{G}shipping")
    assert shipping.findtext(f"{G}country") == "VN"
    assert shipping.findtext(f"{G}price") == f"{pushed.shop.delivery_fee_vnd} VND"
    assert feed.listing_count == 2 and feed.generated_at is not None


def test_only_pushed_listings_on_sale_in_open_shops_go_out(pushed, shop, other_listing, coop):
    Listing.objects.filter(pk=other_listing.pk).update(push_to_feeds=True)
    other_listing.shop.status = ShopStatus.SUSPENDED
    other_listing.shop.save()
    draft = listing_make(
        shop,
        product_make(coop, name="Chè Shan Tuyết", item=7),
        variants=[("Gói 200 g", 90000, 5)],
        status="draft",
        push_to_feeds=True,
    )
    not_pushed = listing_make(
        shop, product_make(coop, name="Gạo Séng Cù", item=8), variants=[("5 kg", 120000, 9)]
    )
    ListingVariant.objects.filter(listing=pushed, position=1).update(is_active=False)
    ids = {item.listing_id for item in feed_item_iter()}
    assert ids == {pushed.pk}
    assert draft.pk not in ids and not_pushed.pk not in ids
    assert [item.variant_label for item in feed_item_iter()] == ["Hộp 5 kg"]


def test_out_of_stock_and_global_gtin(pushed, product):
    ListingVariant.objects.filter(listing=pushed).update(stock=0)
    product.gtin = "08934563123457"
    product.save(update_fields=["gtin"])
    item = next(feed_item_iter())
    assert not item.in_stock and item.gtin_is_global
    feed = feed_generate(kind=FeedKind.GOOGLE_XML)
    first = _items(feed)[0]
    assert first.findtext(f"{G}availability") == "out_of_stock"
    assert first.findtext(f"{G}gtin") == "08934563123457"
    assert first.findtext(f"{G}identifier_exists") == "yes"


@pytest.mark.parametrize(
    ("gtin", "expected"),
    [
        ("08934563123457", True),  # GTIN-13 893… (GS1 Vietnam)
        ("00209890000011", False),  # 020…: restricted circulation
        ("00412345678905", False),  # 04…: restricted circulation
        ("02123456789012", False),  # 2…: in-store numbers
        ("00000096385074", True),  # GTIN-8 9638507-4
        ("00000020123453", False),  # GTIN-8 starting with 2: restricted
        ("18934563123454", True),  # GTIN-14 of a case
        ("", False),
        ("abc", False),
    ],
)
def test_gtin_is_global(gtin, expected):
    assert gtin_is_global(gtin) is expected


def test_csv_round_trip(pushed):
    feed_categories_default()
    xml_items = _items(feed_generate(kind=FeedKind.GOOGLE_XML))
    feed = feed_generate(kind=FeedKind.GOOGLE_CSV)
    rows = list(csv.DictReader(io.StringIO(_read(feed).decode("utf-8"))))
    assert list(rows[0].keys()) == list(ATTRIBUTES)
    assert len(rows) == len(xml_items) == 2
    for row, item in zip(rows, xml_items, strict=True):
        for name in ATTRIBUTES:
            if name == "shipping":
                continue
            assert row[name] == (item.findtext(f"{G}{name}") or "")
    assert rows[0]["shipping"].startswith("VN::")
    assert rows[0]["shipping"].endswith(f":{pushed.shop.delivery_fee_vnd} VND")


@pytest.mark.parametrize(
    ("kind", "marketplace"),
    [
        (FeedKind.SHOPEE_XLSX, "shopee"),
        (FeedKind.TIKI_XLSX, "tiki"),
        (FeedKind.POSTMART_XLSX, "postmart"),
    ],
)
def test_xlsx_headers_rows_and_category_mapping(pushed, province_officer, kind, marketplace):
    category_mappings_save(
        actor=province_officer,
        rows=[
            {
                "marketplace": marketplace,
                "category": "fruit",
                "external_id": "100629",
                "external_name": "Trái cây",
            }
        ],
    )
    feed = feed_generate(kind=kind)
    with feed.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    columns = spreadsheets.COLUMNS[marketplace]
    assert rows[0] == [column.header for column in columns]
    assert len(rows) == 3 and feed.listing_count == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    category_header = "Category" if marketplace == "shopee" else "Mã danh mục"
    assert record[category_header] == "100629"
    price_header = {"shopee": "Price", "tiki": "Giá bán", "postmart": "Giá bán (đ)"}[marketplace]
    assert record[price_header] == 250000
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second[price_header] == 450000


def test_unmapped_category_leaves_the_column_empty(pushed):
    feed = feed_generate(kind=FeedKind.SHOPEE_XLSX)
    with feed.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] is None


def test_feed_items_are_one_query_whatever_the_size(pushed, shop, coop, django_assert_num_queries):
    for item in range(10, 15):
        listing_make(
            shop,
            product_make(coop, name=f"Sản phẩm {item}", item=item),
            variants=[("1 kg", 50000, 3), ("2 kg", 90000, 3)],
            push_to_feeds=True,
        )
    with django_assert_num_queries(1):
        items = list(feed_item_iter())
    assert len(items) == 12


def test_regeneration_replaces_the_file_and_deletes_the_old_one(
    pushed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = feed_generate(kind=FeedKind.GOOGLE_XML)
    old_name = first.file.name
    storage = first.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        second = feed_generate(kind=FeedKind.GOOGLE_XML)
    assert second.pk == first.pk and second.file.name != old_name
    assert not storage.exists(old_name) and storage.exists(second.file.name)
    assert FeedFile.objects.filter(kind=FeedKind.GOOGLE_XML).count() == 1


def test_a_failed_run_leaves_the_old_file(pushed, monkeypatch):
    feed = feed_generate(kind=FeedKind.GOOGLE_XML)
    before = _read(feed)
    folder = feed.file.storage.path(feed.file.name).rsplit("/", 1)[0]

    def broken(items, out, **kwargs):
        out.write(b"<rss><channel><item>")
        raise RuntimeError("disk full")

    monkeypatch.setitem(
        FORMATS,
        FeedKind.GOOGLE_XML,
        dataclasses.replace(FORMATS[FeedKind.GOOGLE_XML], write=broken),
    )
    with pytest.raises(RuntimeError):
        feeds_regenerate()
    feed_after = FeedFile.objects.get(kind=FeedKind.GOOGLE_XML, shop__isnull=True)
    assert feed_after.file.name == feed.file.name
    assert feed_after.generated_at == feed.generated_at
    assert _read(feed_after) == before
    assert os.listdir(folder) == [feed.file.name.rsplit("/", 1)[1]]


def test_regenerate_writes_province_and_pushing_shops(pushed, other_listing):
    written = feeds_regenerate()
    assert written == 2 * len(FORMATS)
    assert FeedFile.objects.filter(shop__isnull=True).count() == len(FORMATS)
    assert FeedFile.objects.filter(shop=pushed.shop).count() == len(FORMATS)
    assert not FeedFile.objects.filter(shop=other_listing.shop).exists()
    assert feeds_regenerate(shop_id=pushed.shop.pk) == len(FORMATS)


def test_default_categories_keep_officers_edits(province_officer):
    assert feed_categories_default() == 9
    category_mappings_save(
        actor=province_officer,
        rows=[
            {
                "marketplace": "google",
                "category": "fruit",
                "external_id": "503759",
                "external_name": "Citrus Fruits",
            }
        ],
    )
    assert feed_categories_default() == 0
    assert CategoryMapping.objects.get(marketplace="google", category="fruit").external_id == (
        "503759"
    )
    feed_categories_default(replace=True)
    assert CategoryMapping.objects.get(marketplace="google", category="fruit").external_id == (
        "5795"
    )


FORMULA_TITLE = "=1+2"


@pytest.mark.parametrize("kind", [FeedKind.SHOPEE_XLSX, FeedKind.TIKI_XLSX, FeedKind.POSTMART_XLSX])
def test_a_title_that_looks_like_a_formula_stays_text_in_the_workbooks(pushed, kind):
    Listing.objects.filter(pk=pushed.pk).update(title=FORMULA_TITLE)
    feed = feed_generate(kind=kind)
    with feed.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    titles = [cell for cell in sheet[2] if "1+2" in str(cell.value)]
    assert titles
    for cell in titles:
        assert cell.data_type == "s"
        assert cell.value.startswith("'" + FORMULA_TITLE)
    # Numbers stay numbers.
    assert any(cell.value == 250000 and cell.data_type == "n" for cell in sheet[2])


def test_a_title_that_looks_like_a_formula_stays_text_in_the_google_csv(pushed):
    Listing.objects.filter(pk=pushed.pk).update(title=FORMULA_TITLE)
    rows = list(
        csv.DictReader(io.StringIO(_read(feed_generate(kind=FeedKind.GOOGLE_CSV)).decode()))
    )
    assert rows[0]["title"].startswith("'" + FORMULA_TITLE)
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())
    # The XML feed is escaped XML text, with nothing put in front.
    xml_titles = [
        item.findtext(f"{G}title") for item in _items(feed_generate(kind=FeedKind.GOOGLE_XML))
    ]
    assert xml_titles[0].startswith(FORMULA_TITLE)


def test_a_formula_like_title_at_the_length_cap_stays_within_it(pushed):
    Listing.objects.filter(pk=pushed.pk).update(title="=" + "x" * 198)  # the column holds 200
    rows = list(
        csv.DictReader(io.StringIO(_read(feed_generate(kind=FeedKind.GOOGLE_CSV)).decode()))
    )
    assert len(rows[0]["title"]) == 150 and rows[0]["title"].startswith("'=")
    feed = feed_generate(kind=FeedKind.SHOPEE_XLSX)
    with feed.file.open("rb") as handle:
        name = load_workbook(io.BytesIO(handle.read())).active["B2"]
    assert len(name.value) == 120 and name.value.startswith("'=")


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "stars"),
    [
        (datetime.date(2019, 1, 1), None, 4),
        (datetime.date(2019, 1, 1), datetime.date(2020, 12, 31), None),  # expired
        (datetime.date(2099, 1, 1), None, None),  # not in force yet
    ],
)
def test_feed_gives_ocop_stars_only_while_the_certificate_is_in_force(
    pushed, coop, valid_from, valid_until, stars
):
    certificate = Certificate(
        organisation=coop,
        kind="ocop",
        issuer="UBND tỉnh Lào Cai",
        number="OCOP-4",
        valid_from=valid_from,
        valid_until=valid_until,
        ocop_stars=4,
        ocop_year=2019,
    )
    certificate.full_clean()
    certificate.save()
    Listing.objects.filter(pk=pushed.pk).update(ocop_certificate=certificate, ocop_group="food")
    assert {item.ocop_stars for item in feed_item_iter()} == {stars}
