"""A listing's "see this product's journey" opens the lot the shop chose as the one on sale:
never simply the newest lot, which may be unsold or not yet in stock; only a lot of the
listing's own product can be chosen, through the services, the back office and the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.market.models import Listing
from banso.market.services.listings import listing_update
from banso.market.tests.test_listings_views import _edit_data
from banso.trace.models import Lot
from banso.trace.tests.makers import lot_make, product_make

pytestmark = pytest.mark.django_db


def _journey(client, listing) -> str:
    html = client.get(reverse("market:listing-detail", args=[listing.pk])).content.decode()
    start = html.index('id="journey" href="') + len('id="journey" href="')
    return html[start : html.index('"', start)]


def _newer_lot(product, unit, code: str) -> Lot:
    lot = lot_make(product, unit, code=code)
    Lot.objects.filter(pk=lot.pk).update(harvest_date=datetime.date(2026, 1, 5))
    return lot


def test_the_chosen_lot_is_linked_and_a_newer_lot_does_not_change_it(
    client, listing, lot, coop_member, muong_khuong, django_capture_on_commit_callbacks
):
    gtin = listing.product.gtin
    assert _journey(client, listing) == f"/t/{gtin}/"  # none chosen: the product's page
    # The change commits, so the listing's public page (cached) is made anew.
    with django_capture_on_commit_callbacks(execute=True):
        listing_update(actor=coop_member, listing=listing, lot_on_sale=lot)
    assert _journey(client, listing) == f"/t/{gtin}/MK2025-11/"
    _newer_lot(listing.product, muong_khuong, "MK2026-01")
    assert _journey(client, listing) == f"/t/{gtin}/MK2025-11/"


def test_a_newer_lot_alone_does_not_become_the_journey(client, listing, lot, muong_khuong):
    _newer_lot(listing.product, muong_khuong, "MK2026-01")
    assert _journey(client, listing) == f"/t/{listing.product.gtin}/"


def test_a_lot_of_another_organisation_or_product_cannot_be_chosen(
    listing, lot, coop, coop_member, other_product, bac_ha
):
    theirs = lot_make(other_product, bac_ha, code="BH2025-04")
    ours_other = lot_make(product_make(coop, name="Chè Shan tuyết", item=7), bac_ha, code="CH25")
    for foreign in (theirs, ours_other):
        with pytest.raises(ValidationError) as error:
            listing_update(actor=coop_member, listing=listing, lot_on_sale=foreign)
        assert "lot_on_sale" in error.value.message_dict
        assert Listing.objects.get(pk=listing.pk).lot_on_sale is None


def test_the_back_office_lists_only_the_products_lots(
    client, listing, lot, coop_member, other_product, bac_ha
):
    theirs = lot_make(other_product, bac_ha, code="BH2025-04")
    client.force_login(coop_member)
    url = reverse("market:manage-listing-edit", args=[listing.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{lot.pk}">' in page
    assert f'<option value="{theirs.pk}"' not in page

    data = _edit_data(listing)
    refused = client.post(url, {**data, "lot_on_sale": theirs.pk})
    assert refused.status_code == 400
    assert Listing.objects.get(pk=listing.pk).lot_on_sale is None
    client.post(url, {**data, "lot_on_sale": lot.pk})
    assert Listing.objects.get(pk=listing.pk).lot_on_sale == lot


def test_the_admin_offers_only_the_products_lots(
    client, superuser, listing, lot, other_product, bac_ha
):
    theirs = lot_make(other_product, bac_ha, code="BH25")
    client.force_login(superuser)
    page = client.get(reverse("admin:market_listing_change", args=[listing.pk])).content.decode()
    assert f'<option value="{lot.pk}">' in page
    assert f'<option value="{theirs.pk}"' not in page
