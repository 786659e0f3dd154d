"""Listing pages: the public product page, and the shop's back office with its matrix."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from banso.market.models import Listing, ListingStatus
from banso.market.services.listings import listing_update
from banso.orgs.services import certificate_add

pytestmark = pytest.mark.django_db


def jsonld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def _ocop(listing, coop, coop_member, *, valid_until):
    certificate = certificate_add(
        actor=coop_member,
        organisation=coop,
        kind="ocop",
        issuer="UBND tỉnh Lào Cai",
        number="OCOP-LC-2024-017",
        valid_from=datetime.date(2024, 3, 1),
        valid_until=valid_until,
        ocop_stars=4,
        ocop_year=2024,
    )
    listing.product.certificates.add(certificate)
    return listing_update(
        actor=coop_member, listing=listing, ocop_certificate=certificate, ocop_group="food"
    )


def test_the_listing_page(client, listing, lot, coop_member, django_assert_num_queries):
    listing_update(actor=coop_member, listing=listing, lot_on_sale=lot)
    with django_assert_num_queries(5):
        response = client.get(f"/market/p/{listing.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "VND\u00a0250,000" in html
    assert "VND\u00a0450,000" in html
    assert html.count('name="variant"') == 2
    assert html.count(f'action="{reverse("market:cart-add")}"') == 2
    assert f'href="/market/s/{listing.shop.slug}/"' in html
    assert f'href="/t/{listing.product.gtin}/MK2025-11/"' in html
    data = jsonld(html)
    assert data["@type"] == "Product"
    assert data["gtin14"] == listing.product.gtin
    assert {(o["price"], o["priceCurrency"]) for o in data["offers"]} == {
        (250000, "VND"),
        (450000, "VND"),
    }
    assert data["offers"][0]["availability"] == "https://schema.org/InStock"
    assert 'id="ocop"' not in html


def test_without_a_lot_the_journey_is_the_products_page(client, listing):
    html = client.get(f"/market/p/{listing.pk}/").content.decode()
    assert f'href="/t/{listing.product.gtin}/"' in html


def test_the_ocop_block_shows_while_valid(client, listing, coop, coop_member):
    _ocop(listing, coop, coop_member, valid_until=datetime.date(2099, 12, 31))
    html = client.get(f"/market/p/{listing.pk}/").content.decode()
    assert 'id="ocop"' in html
    assert "OCOP-LC-2024-017" in html
    assert "★★★★" in html and "★★★★★" not in html


def test_an_expired_ocop_certificate_hides_the_badge(client, listing, coop, coop_member):
    _ocop(listing, coop, coop_member, valid_until=datetime.date(2025, 1, 1))
    html = client.get(f"/market/p/{listing.pk}/").content.decode()
    assert 'id="ocop"' not in html
    assert "OCOP-LC-2024-017" not in html


def test_a_draft_or_a_closed_shops_listing_is_not_public(client, listing, shop):
    Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.DRAFT)
    assert client.get(f"/market/p/{listing.pk}/").status_code == 404
    Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.ACTIVE)
    shop.status = "suspended"
    shop.save()
    assert client.get(f"/market/p/{listing.pk}/").status_code == 404


def test_the_back_office_list_counts_its_queries(
    client, listing, other_listing, coop_member, django_assert_num_queries
):
    client.force_login(coop_member)
    client.get("/market/manage/listings/")  # warm the session
    with django_assert_num_queries(5):
        response = client.get("/market/manage/listings/")
    html = response.content.decode()
    assert "Quýt Mường Khương" in html
    assert "Mận Tam Hoa" not in html
    assert "VND\u00a0250,000" in html


def _edit_data(listing, **changes) -> dict:
    variants = list(listing.variants.all())
    data = {
        "product": listing.product_id,
        "title": listing.title,
        "description": "",
        "category": listing.category,
        "ocop_certificate": "",
        "ocop_group": "",
        "variants-TOTAL_FORMS": str(len(variants)),
        "variants-INITIAL_FORMS": str(len(variants)),
        "variants-MIN_NUM_FORMS": "1",
        "variants-MAX_NUM_FORMS": "1000",
    }
    for index, variant in enumerate(variants):
        data.update(
            {
                f"variants-{index}-id": str(variant.pk),
                f"variants-{index}-listing": str(listing.pk),
                f"variants-{index}-label": variant.label,
                f"variants-{index}-price_vnd": str(variant.price_vnd),
                f"variants-{index}-stock": str(variant.stock),
                f"variants-{index}-is_active": "on",
            }
        )
    data.update(changes)
    return data


def test_another_coop_cannot_edit_my_listing(client, listing, other_coop_member):
    client.force_login(other_coop_member)
    assert client.get(f"/market/manage/listings/{listing.pk}/").status_code == 404
    response = client.post(
        f"/market/manage/listings/{listing.pk}/", _edit_data(listing, title="Bị sửa")
    )
    assert response.status_code == 404
    response = client.post(f"/market/manage/listings/{listing.pk}/status/", {"status": "hidden"})
    assert response.status_code == 404
    listing.refresh_from_db()
    assert (listing.title, listing.status) == ("Quýt Mường Khương", ListingStatus.ACTIVE)


def test_anonymous_is_sent_to_sign_in(client, listing):
    response = client.post(f"/market/manage/listings/{listing.pk}/", {"title": "x"})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "Quýt Mường Khương"


def test_a_member_edits_title_and_a_variant_price(client, listing, coop_member):
    client.force_login(coop_member)
    assert client.get(f"/market/manage/listings/{listing.pk}/").status_code == 200
    response = client.post(
        f"/market/manage/listings/{listing.pk}/",
        _edit_data(listing, title="Quýt ngọt", **{"variants-0-price_vnd": "200000"}),
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.title, listing.price_vnd) == ("Quýt ngọt", 200000)


def test_a_member_creates_a_listing_with_variants(client, shop, product, coop_member):
    client.force_login(coop_member)
    response = client.post(
        f"/market/manage/listings/new/?shop={shop.slug}",
        {
            "product": product.pk,
            "title": "",
            "description": "Quýt chín cây",
            "category": "",
            "ocop_certificate": "",
            "ocop_group": "",
            "variants-TOTAL_FORMS": "2",
            "variants-INITIAL_FORMS": "0",
            "variants-MIN_NUM_FORMS": "1",
            "variants-MAX_NUM_FORMS": "1000",
            "variants-0-label": "1 kg",
            "variants-0-price_vnd": "55000",
            "variants-0-stock": "30",
            "variants-0-is_active": "on",
            # The empty row as a browser sends it: its defaults, untouched.
            "variants-1-stock": "0",
            "variants-1-is_active": "on",
        },
    )
    assert response.status_code == 302
    listing = Listing.objects.get(shop=shop)
    assert (listing.title, listing.status, listing.price_vnd) == (
        "Quýt Mường Khương",
        ListingStatus.DRAFT,
        55000,
    )
    client.post(f"/market/manage/listings/{listing.pk}/status/", {"status": "active"})
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.ACTIVE


def test_a_listing_without_variants_is_refused(client, shop, product, coop_member):
    client.force_login(coop_member)
    response = client.post(
        f"/market/manage/listings/new/?shop={shop.slug}",
        {
            "product": product.pk,
            "variants-TOTAL_FORMS": "1",
            "variants-INITIAL_FORMS": "0",
            "variants-MIN_NUM_FORMS": "1",
            "variants-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert not Listing.objects.exists()


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 6), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


def test_photos_fall_back_to_the_products(
    client, listing, coop_member, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from banso.market.services.listings import listing_photo_add
    from banso.trace.services.products import product_photo_add

    settings.MEDIA_ROOT = tmp_path
    product_photo_add(
        actor=coop_member,
        product=listing.product,
        image=SimpleUploadedFile("vuon.png", _png(), content_type="image/png"),
    )
    html = client.get(f"/market/p/{listing.pk}/").content.decode()
    assert "trace/products/" in html
    # (Committed: the page cache forgets the listing's page once the photo is stored.)
    with django_capture_on_commit_callbacks(execute=True):
        listing_photo_add(
            actor=coop_member,
            listing=listing,
            image=SimpleUploadedFile("hop.png", _png(), content_type="image/png"),
            caption="Hộp 5 kg",
        )
    html = client.get(f"/market/p/{listing.pk}/").content.decode()
    assert f"market/listings/{listing.pk}/" in html
    assert "trace/products/" not in html


def test_a_variant_is_removed_from_the_editor(client, listing, coop_member):
    client.force_login(coop_member)
    data = _edit_data(listing, **{"variants-1-DELETE": "on"})
    response = client.post(f"/market/manage/listings/{listing.pk}/", data)
    assert response.status_code == 302
    listing.refresh_from_db()
    assert list(listing.variants.values_list("label", flat=True)) == ["Hộp 5 kg"]
    assert listing.stock_total == 10
