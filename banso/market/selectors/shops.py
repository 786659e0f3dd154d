"""Reads of shops: the public shop page, a person's own shops, the province's queue."""

from typing import Literal

from django.db.models import Prefetch, QuerySet

from banso.accounts.models import PlaceRole
from banso.accounts.selectors import place_scope_for_user
from banso.market.models import Shop, ShopDeliveryRate, ShopPhoto, ShopStatus
from banso.orgs.models import Organisation
from banso.orgs.selectors import organisations_for_user

ShopAction = Literal["change", "review", "oversee"]


def shop_public_get(slug: str) -> Shop:
    """An open shop with what its page shows; ``Shop.DoesNotExist`` otherwise."""
    return (
        Shop.objects.filter(status=ShopStatus.APPROVED)
        .select_related("unit__parent", "village", "organisation")
        .prefetch_related(
            Prefetch("photos", queryset=ShopPhoto.objects.order_by("position", "pk")),
            Prefetch(
                "delivery_rates",
                queryset=ShopDeliveryRate.objects.select_related("province").order_by(
                    "province__name"
                ),
            ),
        )
        .get(slug=slug)
    )


def shops_for_user(user, *, action: ShopAction = "change") -> QuerySet[Shop]:
    """The shops ``user`` may act on, by name: the one scope every shop read goes through
    (listings, orders, live sessions, feeds and reviews of "my shops" included).

    - ``"change"`` (``market.change_shop`` and the rights that follow it: listings, orders,
      live sessions, feeds): the shops of the organisations the person may change (their own;
      a province officer's province; all for a superuser);
    - ``"review"`` (``market.approve_shop``): every shop inside the province(s) the officer
      covers; all for a superuser; none for anyone else;
    - ``"oversee"``: the shops of the organisations of the communes or province the person
      serves as an officer (``organisations_for_user(action="oversee")``), for the officers'
      read-only figures of their area; none for anyone else.
    """
    shops = Shop.objects.select_related("organisation", "unit").order_by("name_sort")
    if not getattr(user, "is_authenticated", False):
        return shops.none()
    if action == "change":
        return shops.filter(organisation__in=organisations_for_user(user).values("pk"))
    if action == "oversee":
        organisations = organisations_for_user(user, action="oversee")
        return shops.filter(organisation__in=organisations.values("pk"))
    if action == "review":
        if user.is_superuser:
            return shops
        scope = place_scope_for_user(user, roles=(PlaceRole.PROVINCE_OFFICER,))
        return shops.filter(scope.unit_q("unit__path"))
    raise ValueError(f"unknown action on shops: {action!r}")


def shop_for_manage(user, slug: str) -> Shop:
    return (
        shops_for_user(user)
        .select_related("organisation", "unit__parent", "village")
        .prefetch_related(
            Prefetch("photos", queryset=ShopPhoto.objects.order_by("position", "pk")),
            Prefetch(
                "delivery_rates",
                queryset=ShopDeliveryRate.objects.select_related("province").order_by(
                    "province__name"
                ),
            ),
        )
        .get(slug=slug)
    )


def organisations_without_shop(user) -> QuerySet[Organisation]:
    """The organisations ``user`` belongs to (or oversees) that have no shop yet."""
    return organisations_for_user(user).filter(shop__isnull=True)


def shops_to_review(user, *, status: str = ShopStatus.PENDING) -> QuerySet[Shop]:
    """Shops in ``status`` inside the province(s) the officer covers (all for a superuser),
    oldest first."""
    return (
        shops_for_user(user, action="review")
        .filter(status=status)
        .select_related("unit__parent", "reviewed_by")
        .order_by("created_at")
    )
