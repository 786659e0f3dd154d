"""The feeds pages: who sees and changes what (anonymous, another shop, the rightful people),
and the public feed files marketplaces fetch."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from banso.jobs.models import TaskProgress
from banso.market.models import CategoryMapping, FeedKind, Listing, ShopStatus
from banso.market.services.feeds import feed_generate, listing_feed_choose
from banso.market.tests.makers import listing_make
from banso.trace.tests.makers import product_make


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def stranger(make_user):
    return make_user("Người lạ")


# --- feeds page -----------------------------------------------------------------------------


def test_feeds_page_anonymous_is_sent_to_sign_in(client, shop):
    response = client.get(reverse("market:feeds"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def test_feeds_page_refused_to_someone_without_a_shop(client, stranger, shop):
    assert _login(client, stranger).get(reverse("market:feeds")).status_code == 403


def test_feeds_page_shows_a_shop_its_own_feeds_only(client, coop_member, shop, other_shop):
    response = _login(client, coop_member).get(reverse("market:feeds"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="shop-{shop.slug}"' in html
    assert f'id="shop-{other_shop.slug}"' not in html
    assert "Regenerate all feeds" not in html


def test_feeds_page_lists_public_addresses_for_an_officer(client, province_officer, listing):
    Listing.objects.filter(pk=listing.pk).update(push_to_feeds=True)
    feed_generate(kind=FeedKind.GOOGLE_XML)
    response = _login(client, province_officer).get(reverse("market:feeds"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "/market/feeds/google.xml" in html
    assert "Regenerate all feeds" in html
    assert f'id="shop-{listing.shop.slug}"' in html


# --- regenerate -----------------------------------------------------------------------------


def test_regenerate_province_refused_to_a_shop(client, coop_member, shop):
    response = _login(client, coop_member).post(reverse("market:feeds-regenerate"))
    assert response.status_code == 404
    assert not TaskProgress.objects.exists()


def test_regenerate_another_shop_refused(client, coop_member, shop, other_shop):
    response = _login(client, coop_member).post(
        reverse("market:feeds-regenerate"), {"shop": other_shop.slug}
    )
    assert response.status_code == 404
    assert not TaskProgress.objects.exists()


def test_regenerate_anonymous_refused(client, shop):
    response = client.post(reverse("market:feeds-regenerate"), {"shop": shop.slug})
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert not TaskProgress.objects.exists()


def test_regenerate_own_shop_queues_the_task(
    client, coop_member, shop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = _login(client, coop_member).post(
            reverse("market:feeds-regenerate"), {"shop": shop.slug}
        )
    progress = TaskProgress.objects.get()
    assert progress.owner == coop_member and shop.name in progress.title
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('market:feeds')}?progress={progress.pk}"
    assert len(callbacks) == 1
    page = client.get(response["Location"])
    assert f'id="progress-{progress.pk}"' in page.content.decode()


def test_regenerate_province_by_an_officer(client, province_officer):
    response = _login(client, province_officer).post(reverse("market:feeds-regenerate"))
    assert response.status_code == 302
    assert TaskProgress.objects.filter(owner=province_officer).count() == 1


# --- public feed files ----------------------------------------------------------------------


def test_feed_file_missing_is_404(client, shop):
    assert client.get(
        reverse("market:feed-file", kwargs={"filename": "google.xml"})
    ).status_code == (404)


def test_feed_files_are_public(client, listing):
    Listing.objects.filter(pk=listing.pk).update(push_to_feeds=True)
    feed_generate(kind=FeedKind.GOOGLE_XML)
    feed_generate(kind=FeedKind.TIKI_XLSX, shop=listing.shop)
    response = client.get("/market/feeds/google.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert b"<g:price>250000 VND</g:price>" in b"".join(response.streaming_content)
    shop_url = reverse(
        "market:shop-feed-file", kwargs={"slug": listing.shop.slug, "filename": "tiki.xlsx"}
    )
    assert shop_url == f"/market/feeds/s/{listing.shop.slug}/tiki.xlsx"
    assert client.get(shop_url).status_code == 200
    assert client.get(f"/market/feeds/s/{listing.shop.slug}/shopee.xlsx").status_code == 404


def test_feed_file_of_a_closed_shop_is_404(client, listing):
    Listing.objects.filter(pk=listing.pk).update(push_to_feeds=True)
    feed_generate(kind=FeedKind.GOOGLE_CSV, shop=listing.shop)
    listing.shop.status = ShopStatus.SUSPENDED
    listing.shop.save()
    assert client.get(f"/market/feeds/s/{listing.shop.slug}/google.csv").status_code == 404


# --- choosing listings ----------------------------------------------------------------------


def test_listings_page_anonymous_is_sent_to_sign_in(client, listing):
    assert client.get(reverse("market:feed-listings")).status_code == 302


def test_listings_page_refuses_another_shop(client, other_coop_member, listing, other_shop):
    response = _login(client, other_coop_member).post(
        reverse("market:feed-listings"), {"shop": listing.shop.slug, "listings": [listing.pk]}
    )
    assert response.status_code == 404
    listing.refresh_from_db()
    assert listing.push_to_feeds is False


def test_listings_page_saves_the_choice(client, coop_member, listing, shop, product):
    second = listing_make(
        shop, product, variants=[("1 kg", 60000, 5)], title="Quýt lẻ", push_to_feeds=True
    )
    response = _login(client, coop_member).post(
        reverse("market:feed-listings"), {"shop": shop.slug, "listings": [listing.pk]}
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    second.refresh_from_db()
    assert listing.push_to_feeds is True and second.push_to_feeds is False


def test_listings_page_rejects_a_listing_of_another_shop(
    client, coop_member, listing, other_listing
):
    response = _login(client, coop_member).post(
        reverse("market:feed-listings"), {"listings": [other_listing.pk]}
    )
    assert response.status_code == 400
    other_listing.refresh_from_db()
    assert other_listing.push_to_feeds is False


def test_listings_page_query_count_does_not_grow(client, coop_member, listing, shop, coop):
    _login(client, coop_member)
    url = reverse("market:feed-listings")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for item in range(20, 26):
        listing_make(
            shop, product_make(coop, name=f"Hàng {item}", item=item), variants=[("1", 1000, 1)]
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count('name="listings"') == 7
    assert len(many) == len(one)


def test_listing_feed_choose_checks_each_listing(other_coop_member, coop_member, listing, shop):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        listing_feed_choose(actor=other_coop_member, shop=shop, listing_ids={listing.pk})
    listing.refresh_from_db()
    assert listing.push_to_feeds is False
    with pytest.raises(ValidationError):
        listing_feed_choose(actor=coop_member, shop=shop, listing_ids={listing.pk + 999})
    assert listing_feed_choose(actor=coop_member, shop=shop, listing_ids={listing.pk}) == 1
    assert listing_feed_choose(actor=coop_member, shop=shop, listing_ids={listing.pk}) == 0


# --- category mappings ----------------------------------------------------------------------


def _category_post(rows: list[dict]) -> dict:
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows))}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"form-{index}-{name}"] = value
    return data


ROW = {
    "marketplace": "tiki",
    "category": "tea",
    "external_id": "8273",
    "external_name": "Trà",
}


def test_categories_page_anonymous(client, db):
    response = client.post(reverse("market:feed-categories"), _category_post([ROW]))
    assert response.status_code == 302
    assert not CategoryMapping.objects.exists()


def test_categories_page_refused_to_a_shop(client, coop_member):
    _login(client, coop_member)
    assert client.get(reverse("market:feed-categories")).status_code == 403
    response = client.post(reverse("market:feed-categories"), _category_post([ROW]))
    assert response.status_code == 403
    assert not CategoryMapping.objects.exists()


def test_categories_page_refused_to_a_commune_officer(client, commune_officer):
    _login(client, commune_officer)
    response = client.post(reverse("market:feed-categories"), _category_post([ROW]))
    assert response.status_code == 403
    assert not CategoryMapping.objects.exists()


def test_categories_page_officer_edits_the_table(client, province_officer):
    _login(client, province_officer)
    page = client.get(reverse("market:feed-categories"))
    assert page.status_code == 200
    assert page.content.decode().count('name="form-') >= 4 * 9 * 4
    response = client.post(reverse("market:feed-categories"), _category_post([ROW]))
    assert response.status_code == 302
    mapping = CategoryMapping.objects.get(marketplace="tiki", category="tea")
    assert (mapping.external_id, mapping.external_name) == ("8273", "Trà")
    client.post(reverse("market:feed-categories"), _category_post([{**ROW, "external_id": ""}]))
    assert not CategoryMapping.objects.exists()


def test_categories_page_rejects_an_unknown_category(client, province_officer):
    _login(client, province_officer)
    response = client.post(
        reverse("market:feed-categories"), _category_post([{**ROW, "category": "spaceships"}])
    )
    assert response.status_code == 400
    assert not CategoryMapping.objects.exists()
