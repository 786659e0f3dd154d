"""Shops: who may open and change them, who approves them, and what they must have."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.market.models import Listing, Shop, ShopStatus
from banso.market.selectors.search import listing_search
from banso.market.services.shops import (
    shop_approve,
    shop_create,
    shop_delivery_rate_set,
    shop_photo_add,
    shop_reject,
    shop_suspend,
    shop_update,
)
from banso.places.models import AdministrativeUnit
from banso.trace.services.products import product_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_shop(coop, coop_member):
    return shop_create(actor=coop_member, organisation=coop, name="Quýt Mường Khương")


@pytest.fixture
def far_province_officer(make_user, places):
    """A province officer of Hà Nội: a province officer, but not of the shop's province."""
    user = make_user("Cán bộ tỉnh Hà Nội")
    hanoi = AdministrativeUnit.objects.get(is_current=True, level="province", code="01")
    role_grant(user=user, role=PlaceRole.PROVINCE_OFFICER, unit=hanoi)
    return user


def test_a_member_opens_a_pending_shop_at_the_organisations_address(pending_shop, coop):
    assert pending_shop.status == ShopStatus.PENDING
    assert pending_shop.slug == "quyt-muong-khuong"
    assert pending_shop.unit == coop.unit
    assert pending_shop.name_folded == "quyt muong khuong"
    # The organisation has no bank account, so VietQR is off.
    assert pending_shop.accepts_vietqr is False


def test_another_coop_cannot_open_my_organisations_shop(coop, other_coop_member):
    with pytest.raises(PermissionDenied):
        shop_create(actor=other_coop_member, organisation=coop, name="Giả mạo")
    assert not Shop.objects.filter(organisation=coop).exists()


def test_one_shop_per_organisation(pending_shop, coop, coop_member):
    with pytest.raises(ValidationError):
        shop_create(actor=coop_member, organisation=coop, name="Thứ hai")
    assert Shop.objects.filter(organisation=coop).count() == 1


def test_vietqr_needs_the_organisations_bank_account(coop, coop_member):
    with pytest.raises(ValidationError) as caught:
        shop_create(actor=coop_member, organisation=coop, name="Quýt", accepts_vietqr=True)
    assert "bank account" in caught.value.message_dict["accepts_vietqr"][0]
    coop.bank_bin, coop.bank_account_number = "970436", "0011001932418"
    coop.save()
    shop = shop_create(actor=coop_member, organisation=coop, name="Quýt", accepts_vietqr=True)
    assert shop.accepts_vietqr


def test_renaming_the_shop_refreshes_its_listings_search_words(shop, listing, coop_member):
    shop_update(actor=coop_member, shop=shop, name="Vườn Quýt Sa Pa")
    listing.refresh_from_db()
    assert "vuon" in listing.search_text.split()
    assert "sa" in listing.search_text.split()


def test_renaming_the_product_refreshes_its_listings_search_words(listing, coop_member):
    product_update(actor=coop_member, product=listing.product, name="Mật ong bạc hà")
    listing.refresh_from_db()
    words = listing.search_text.split()
    assert {"mat", "ong", "bac", "ha"} <= set(words)
    assert listing_search(query="mat ong").listings == [listing]


def test_a_rename_written_on_the_instance_first_still_refreshes_the_words(listing, coop_member):
    # The admin's form sets the new name on the instance before the service sees it.
    product = listing.product
    product.name = "Mật ong bạc hà"
    product_update(actor=coop_member, product=product, name=product.name)
    assert listing_search(query="mat ong").listings == [listing]


def test_a_product_rename_leaves_other_products_listings_alone(listing, other_listing, coop_member):
    before = Listing.objects.get(pk=other_listing.pk).search_text
    product_update(actor=coop_member, product=listing.product, name="Mật ong bạc hà")
    assert Listing.objects.get(pk=other_listing.pk).search_text == before


def test_another_coop_cannot_change_my_shop(shop, other_coop_member):
    with pytest.raises(PermissionDenied):
        shop_update(actor=other_coop_member, shop=shop, name="Bị sửa")
    shop.refresh_from_db()
    assert shop.name == "Hợp tác xã Quýt Mường Khương"


@pytest.mark.parametrize("who", ["coop_member", "commune_officer", "far_province_officer"])
def test_only_an_officer_of_the_shops_province_approves(request, pending_shop, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        shop_approve(actor=actor, shop=pending_shop)
    pending_shop.refresh_from_db()
    assert pending_shop.status == ShopStatus.PENDING
    assert pending_shop.reviewed_by is None


def test_the_province_officer_approves_rejects_and_suspends(pending_shop, province_officer):
    shop_approve(actor=province_officer, shop=pending_shop)
    pending_shop.refresh_from_db()
    assert pending_shop.status == ShopStatus.APPROVED
    assert pending_shop.reviewed_by == province_officer
    assert pending_shop.reviewed_at is not None
    with pytest.raises(ValidationError):
        shop_suspend(actor=province_officer, shop=pending_shop, note="  ")
    shop_suspend(actor=province_officer, shop=pending_shop, note="Hàng giả")
    assert Shop.objects.get(pk=pending_shop.pk).status == ShopStatus.SUSPENDED


def test_a_refused_shop_goes_back_to_the_queue_when_edited(
    pending_shop, province_officer, coop_member
):
    with pytest.raises(ValidationError):
        shop_reject(actor=province_officer, shop=pending_shop, note="")
    shop_reject(actor=province_officer, shop=pending_shop, note="Thiếu ảnh")
    assert Shop.objects.get(pk=pending_shop.pk).status == ShopStatus.REJECTED
    shop_update(actor=coop_member, shop=pending_shop, story="Chúng tôi trồng quýt.")
    pending_shop.refresh_from_db()
    assert pending_shop.status == ShopStatus.PENDING
    assert pending_shop.review_note == "Thiếu ảnh"


def test_delivery_rate_by_province_is_replaced_not_duplicated(shop, coop_member, lao_cai):
    shop_delivery_rate_set(actor=coop_member, shop=shop, province=lao_cai, fee_vnd=15000)
    rate = shop_delivery_rate_set(actor=coop_member, shop=shop, province=lao_cai, fee_vnd=10000)
    assert list(shop.delivery_rates.values_list("fee_vnd", flat=True)) == [10000]
    assert rate.fee_vnd == 10000


def test_delivery_rate_needs_a_province_and_the_shops_people(
    shop, coop_member, other_coop_member, muong_khuong, lao_cai
):
    with pytest.raises(ValidationError):
        shop_delivery_rate_set(actor=coop_member, shop=shop, province=muong_khuong, fee_vnd=1)
    with pytest.raises(PermissionDenied):
        shop_delivery_rate_set(actor=other_coop_member, shop=shop, province=lao_cai, fee_vnd=1)
    assert not shop.delivery_rates.exists()


def test_a_shop_photo_must_be_a_real_picture(shop, coop_member):
    fake = SimpleUploadedFile("quyt.jpg", b"not a picture", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        shop_photo_add(actor=coop_member, shop=shop, image=fake)
    assert not shop.photos.exists()


def test_vietqr_needs_an_account_a_code_can_carry(coop, coop_member):
    coop.bank_bin, coop.bank_account_number = "970436", "ABC123456"
    coop.save()
    with pytest.raises(ValidationError) as refused:
        shop_create(actor=coop_member, organisation=coop, name="Quýt", accepts_vietqr=True)
    assert "accepts_vietqr" in refused.value.message_dict
    assert not Shop.objects.exists()
    shop = shop_create(
        actor=coop_member, organisation=coop, name="Quýt", accepts_vietqr=False, accepts_cod=True
    )
    assert not shop.accepts_vietqr
