"""Listings: a shop's own products only, summaries kept, OCOP badge only while valid."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banso.market.models import Listing, ListingStatus, ListingVariant
from banso.market.selectors.listings import ocop_badge
from banso.market.services.listings import (
    listing_create,
    listing_hide,
    listing_publish,
    listing_update,
    variant_delete,
    variant_save,
)
from banso.orgs.services import certificate_add

pytestmark = pytest.mark.django_db

VARIANTS = [
    {"label": "1 kg", "price_vnd": 60000, "stock": 20, "weight_grams": 1100},
    {"label": "Hộp 5 kg", "price_vnd": 250000, "stock": 4},
]


def ocop_certificate(organisation, actor, *, valid_until=None, stars=4, product=None):
    """An OCOP certificate of ``organisation``, naming ``product`` when one is given."""
    certificate = certificate_add(
        actor=actor,
        organisation=organisation,
        kind="ocop",
        issuer="UBND tỉnh Lào Cai",
        number="OCOP-LC-2024-017",
        valid_from=datetime.date(2024, 3, 1),
        valid_until=valid_until,
        ocop_stars=stars,
        ocop_year=2024,
    )
    if product is not None:
        product.certificates.add(certificate)
    return certificate


def test_a_listing_is_made_from_the_shops_own_product(shop, product, coop_member):
    listing = listing_create(actor=coop_member, shop=shop, product=product, variants=VARIANTS)
    assert listing.title == product.name
    assert listing.category == product.category
    assert listing.unit == shop.unit
    assert listing.status == ListingStatus.DRAFT
    assert (listing.price_vnd, listing.stock_total) == (60000, 24)
    assert list(listing.variants.values_list("label", "position")) == [
        ("1 kg", 0),
        ("Hộp 5 kg", 1),
    ]


def test_another_coops_product_cannot_be_sold(shop, other_product, coop_member):
    with pytest.raises(ValidationError) as caught:
        listing_create(actor=coop_member, shop=shop, product=other_product, variants=VARIANTS)
    assert "product" in caught.value.message_dict
    assert not Listing.objects.filter(product=other_product).exists()


def test_another_coop_cannot_list_in_my_shop(shop, product, other_coop_member):
    with pytest.raises(PermissionDenied):
        listing_create(actor=other_coop_member, shop=shop, product=product, variants=VARIANTS)
    assert not Listing.objects.exists()


def test_a_listing_needs_a_variant(shop, product, coop_member):
    with pytest.raises(ValidationError):
        listing_create(actor=coop_member, shop=shop, product=product, variants=[])
    assert not Listing.objects.exists()


def test_a_bad_variant_writes_nothing(shop, product, coop_member):
    with pytest.raises(ValidationError):
        listing_create(
            actor=coop_member,
            shop=shop,
            product=product,
            variants=[{"label": "1 kg", "price_vnd": 0, "stock": 1}],
        )
    assert not Listing.objects.exists()


def test_the_ocop_certificate_must_be_the_organisations_own(
    shop, product, coop_member, other_coop, superuser
):
    foreign = ocop_certificate(other_coop, superuser)
    with pytest.raises(ValidationError) as caught:
        listing_create(
            actor=coop_member,
            shop=shop,
            product=product,
            ocop_certificate=foreign,
            ocop_group="food",
            variants=VARIANTS,
        )
    assert "ocop_certificate" in caught.value.message_dict


def test_the_ocop_certificate_must_name_the_listings_product(shop, product, coop, coop_member):
    from banso.trace.tests.makers import product_make

    plum = product_make(coop, name="Mận tam hoa", item=8)
    plums = ocop_certificate(coop, coop_member, product=plum)
    with pytest.raises(ValidationError) as caught:
        listing_create(
            actor=coop_member,
            shop=shop,
            product=product,
            ocop_certificate=plums,
            ocop_group="food",
            variants=VARIANTS,
        )
    assert "ocop_certificate" in caught.value.message_dict
    assert not Listing.objects.exists()


def test_an_ocop_listing_names_its_group(shop, product, coop, coop_member):
    certificate = ocop_certificate(coop, coop_member, product=product)
    with pytest.raises(ValidationError):
        listing_create(
            actor=coop_member,
            shop=shop,
            product=product,
            ocop_certificate=certificate,
            variants=VARIANTS,
        )
    assert not Listing.objects.exists()


def test_variants_move_the_summary(listing, coop_member):
    variant = variant_save(
        actor=coop_member, listing=listing, label="Túi 2 kg", price_vnd=99000, stock=7
    )
    listing.refresh_from_db()
    assert (listing.price_vnd, listing.stock_total) == (99000, 20)
    variant_save(actor=coop_member, listing=listing, variant=variant, price_vnd=300000)
    listing.refresh_from_db()
    assert listing.price_vnd == 250000
    assert variant_delete(actor=coop_member, variant=variant) is True
    listing.refresh_from_db()
    assert listing.stock_total == 13


def test_another_coop_cannot_touch_my_variants(listing, other_coop_member):
    variant = listing.variants.first()
    with pytest.raises(PermissionDenied):
        variant_save(actor=other_coop_member, listing=listing, variant=variant, price_vnd=1)
    with pytest.raises(PermissionDenied):
        variant_delete(actor=other_coop_member, variant=variant)
    with pytest.raises(PermissionDenied):
        listing_update(actor=other_coop_member, listing=listing, title="Bị sửa")
    with pytest.raises(PermissionDenied):
        listing_hide(actor=other_coop_member, listing=listing)
    variant.refresh_from_db()
    listing.refresh_from_db()
    assert variant.price_vnd == 250000
    assert (listing.title, listing.status) == ("Quýt Mường Khương", ListingStatus.ACTIVE)


def test_a_variant_of_another_listing_is_refused(listing, other_listing, coop_member):
    with pytest.raises(PermissionDenied):
        variant_save(
            actor=coop_member,
            listing=listing,
            variant=other_listing.variants.first(),
            price_vnd=1,
        )


def test_the_last_variant_on_sale_stays_while_the_listing_is_on_sale(listing, coop_member):
    first, second = listing.variants.all()
    variant_delete(actor=coop_member, variant=first)
    with pytest.raises(ValidationError):
        variant_delete(actor=coop_member, variant=second)
    assert ListingVariant.objects.filter(pk=second.pk).exists()


def test_publish_needs_a_variant_on_sale_and_hide_hides(listing, coop_member):
    listing_hide(actor=coop_member, listing=listing)
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.HIDDEN
    listing.variants.update(is_active=False)
    with pytest.raises(ValidationError):
        listing_publish(actor=coop_member, listing=listing)
    listing.variants.update(is_active=True)
    listing_publish(actor=coop_member, listing=listing)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.ACTIVE
    assert listing.price_vnd == 250000


def test_listing_update_refreshes_the_search_words(listing, coop_member):
    listing_update(actor=coop_member, listing=listing, title="Quýt đường Bản Lầu")
    listing.refresh_from_db()
    assert "duong" in listing.search_text.split()


def test_ocop_badge_only_while_the_certificate_is_in_force(listing, coop, coop_member):
    assert ocop_badge(listing) is None
    certificate = ocop_certificate(
        coop, coop_member, valid_until=datetime.date(2027, 2, 28), product=listing.product
    )
    listing = listing_update(
        actor=coop_member, listing=listing, ocop_certificate=certificate, ocop_group="food"
    )
    badge = ocop_badge(listing, today=datetime.date(2026, 6, 1))
    assert (badge.stars, badge.group, badge.number) == (4, "food", "OCOP-LC-2024-017")
    assert badge.valid_until == datetime.date(2027, 2, 28)
    assert ocop_badge(listing, today=datetime.date(2027, 3, 1)) is None
    assert ocop_badge(listing, today=datetime.date(2024, 2, 1)) is None
