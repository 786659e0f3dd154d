"""The shops a person may act on, read through one selector, ``shops_for_user``: tested once
here for every kind of person, and each list of "my shops' things" (listings, orders, live
sessions, reviews) proved to follow it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.market.models import Shop, ShopStatus
from banso.market.selectors.listings import listings_for_manage
from banso.market.selectors.live import live_sessions_for_user
from banso.market.selectors.orders import orders_for_user
from banso.market.selectors.reviews import reviews_for_manage
from banso.market.selectors.shops import shops_for_user, shops_to_review
from banso.orgs.services import membership_set
from banso.places.models import AdministrativeUnit

PEOPLE = [
    "coop_member",
    "coop_staff",
    "other_coop_member",
    "province_officer",
    "other_province_officer",
    "commune_officer",
    "outsider",
    "anonymous",
    "superuser",
]
CHANGE = {
    "coop_member": {"ours"},
    "coop_staff": {"ours"},
    "other_coop_member": {"theirs"},
    "province_officer": {"ours", "theirs"},
    "superuser": {"ours", "theirs"},
}
REVIEW = {"province_officer": {"ours", "theirs"}, "superuser": {"ours", "theirs"}}


@pytest.fixture
def person(request, shop, other_shop, make_user, superuser, coop):
    name = request.param
    if name == "anonymous":
        return AnonymousUser()
    if name == "outsider":
        return make_user("Người ngoài")
    if name == "coop_staff":
        user = make_user("Sần Thị Mai")
        membership_set(actor=superuser, organisation=coop, user=user, role="staff")
        return user
    if name == "other_province_officer":
        hanoi = AdministrativeUnit.objects.get(is_current=True, level="province", code="01")
        user = make_user("Cán bộ tỉnh khác")
        role_grant(user=user, role=PlaceRole.PROVINCE_OFFICER, unit=hanoi)
        return user
    return request.getfixturevalue(name)


def _names(shops, shop, other_shop) -> set[str]:
    names = {shop.pk: "ours", other_shop.pk: "theirs"}
    return {names[s.pk] for s in shops if s.pk in names}


@pytest.mark.parametrize("person", PEOPLE, indirect=True)
def test_shops_for_user_scope(person, request, shop, other_shop):
    name = request.node.callspec.params["person"]
    changed = shops_for_user(person)
    assert _names(changed, shop, other_shop) == CHANGE.get(name, set())
    assert {s.pk for s in changed} == {
        s.pk for s in Shop.objects.all() if person.has_perm("market.change_shop", s)
    }
    reviewed = shops_for_user(person, action="review")
    # ``market.approve_shop`` is not object-level (the service checks the province): the
    # scope is what the review service would accept.
    assert _names(reviewed, shop, other_shop) == REVIEW.get(name, set())


@pytest.mark.parametrize("person", PEOPLE, indirect=True)
def test_shop_lists_follow_the_shop_scope(person, listing, other_listing):
    shops = set(shops_for_user(person).values_list("pk", flat=True))
    assert {x.shop_id for x in listings_for_manage(person)} <= shops
    assert {x.shop_id for x in orders_for_user(person)} <= shops
    assert {x.shop_id for x in live_sessions_for_user(person)} <= shops
    assert {x.listing.shop_id for x in reviews_for_manage(person)} <= shops
    listed = {x.shop_id for x in listings_for_manage(person)}
    assert listed == shops & {listing.shop_id, other_listing.shop_id}


def test_shops_to_review_keeps_the_status_asked(province_officer, shop, other_shop):
    other_shop.status = ShopStatus.PENDING
    other_shop.save(update_fields=["status"])
    assert list(shops_to_review(province_officer)) == [other_shop]
    assert list(shops_to_review(province_officer, status=ShopStatus.APPROVED)) == [shop]


def test_shops_for_user_refuses_an_unknown_action(coop_member, shop):
    with pytest.raises(ValueError, match="unknown action"):
        shops_for_user(coop_member, action="delete")  # type: ignore[arg-type]
