"""Shop pages: the public page, the back office's permission matrix, the approval queue."""

import json
import re

import pytest

from banso.market.models import Shop, ShopStatus
from banso.market.services.shops import shop_create

pytestmark = pytest.mark.django_db


def jsonld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_the_public_shop_page(client, shop, listing, other_listing, django_assert_num_queries):
    shop.story = "Chúng tôi trồng quýt <b>ngọt</b>."
    shop.save()
    # The sixth reads the other apps' panels of the organisation (tourism's stays and tours).
    with django_assert_num_queries(6):
        response = client.get(f"/market/s/{shop.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quýt Mường Khương" in html
    assert "Mận Tam Hoa" not in html
    assert "&lt;b&gt;ngọt" in html
    address = re.search(r'id="address">(.*?)</p>', html, re.S).group(1)
    assert "Mường Khương" in address and "Lào Cai" in address
    data = jsonld(html)
    assert data["@type"] == "LocalBusiness"
    assert "Lào Cai" in data["address"]["addressRegion"]
    assert "</" not in re.search(r"ld\+json\">(.*?)</script>", html, re.S).group(1)


def test_a_pending_shop_has_no_public_page(client, coop, coop_member):
    shop = shop_create(actor=coop_member, organisation=coop, name="Chưa duyệt")
    assert client.get(f"/market/s/{shop.slug}/").status_code == 404


def test_manage_shop_needs_a_sign_in(client, shop):
    response = client.get(f"/market/manage/shop/{shop.slug}/")
    assert response.status_code == 302
    assert "/accounts/sign-in" in response["Location"]


def _form(shop: Shop, **changes) -> dict:
    data = {
        "name": shop.name,
        "slug": shop.slug,
        "story": shop.story,
        "unit": shop.unit_id,
        "village": "",
        "street_address": "",
        "phone": shop.phone,
        "notify_email": "",
        "offers_delivery": "on",
        "delivery_fee_vnd": "30000",
        "free_delivery_above_vnd": "",
        "delivers_nationwide": "on",
        "accepts_cod": "on",
        "accepts_vietqr": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_another_coop_cannot_edit_my_shop(client, shop, other_coop_member):
    client.force_login(other_coop_member)
    assert client.get(f"/market/manage/shop/{shop.slug}/").status_code == 404
    response = client.post(f"/market/manage/shop/{shop.slug}/", _form(shop, name="Bị sửa"))
    assert response.status_code == 404
    shop.refresh_from_db()
    assert shop.name == "Hợp tác xã Quýt Mường Khương"


def test_a_member_edits_the_shop_and_sees_the_bank_account(client, shop, coop_member):
    client.force_login(coop_member)
    page = client.get(f"/market/manage/shop/{shop.slug}/").content.decode()
    assert "0011001932418" in page
    assert "/orgs/" in page and "/edit/" in page
    response = client.post(
        f"/market/manage/shop/{shop.slug}/", _form(shop, story="Quýt ngọt từ Mường Khương.")
    )
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.story == "Quýt ngọt từ Mường Khương."


def test_a_member_opens_a_shop_from_the_back_office(client, coop, coop_member):
    client.force_login(coop_member)
    assert coop.slug in client.get("/market/manage/shop/").content.decode()
    response = client.post(
        f"/market/manage/shop/new/{coop.slug}/",
        {
            "name": "Quýt Mường Khương",
            "unit": coop.unit_id,
            "offers_delivery": "on",
            "delivery_fee_vnd": "25000",
            "delivers_nationwide": "on",
            "accepts_cod": "on",
        },
    )
    assert response.status_code == 302
    shop = Shop.objects.get(organisation=coop)
    assert (shop.status, shop.delivery_fee_vnd) == (ShopStatus.PENDING, 25000)


def test_another_coop_cannot_open_my_organisations_shop(client, coop, other_coop_member):
    client.force_login(other_coop_member)
    response = client.post(f"/market/manage/shop/new/{coop.slug}/", {"name": "Giả"})
    assert response.status_code == 404
    assert not Shop.objects.filter(organisation=coop).exists()


@pytest.fixture
def pending(coop, coop_member):
    return shop_create(actor=coop_member, organisation=coop, name="Đang chờ")


def test_approval_queue_is_for_province_officers(client, pending, commune_officer, coop_member):
    for user in (commune_officer, coop_member):
        client.force_login(user)
        assert client.get("/market/shops/approvals/").status_code == 403
        response = client.post(
            f"/market/shops/{pending.slug}/review/", {"decision": "approve", "note": ""}
        )
        assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == ShopStatus.PENDING


def test_the_province_officer_approves_from_the_queue(client, pending, province_officer):
    client.force_login(province_officer)
    assert pending.name in client.get("/market/shops/approvals/").content.decode()
    response = client.post(
        f"/market/shops/{pending.slug}/review/", {"decision": "approve", "note": ""}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ShopStatus.APPROVED
    assert pending.reviewed_by == province_officer


def test_refusing_without_a_reason_changes_nothing(client, pending, province_officer):
    client.force_login(province_officer)
    client.post(f"/market/shops/{pending.slug}/review/", {"decision": "reject", "note": ""})
    pending.refresh_from_db()
    assert pending.status == ShopStatus.PENDING
