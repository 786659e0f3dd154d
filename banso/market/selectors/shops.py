"""Reads of shops: the public shop page, a person's own shops, the province's queue."""

from django.db.models import Prefetch, QuerySet

from banso.accounts.models import PlaceRole
from banso.accounts.selectors import place_scope_for_user
from banso.market.models import Shop, ShopDeliveryRate, ShopPhoto, ShopStatus
from banso.orgs.models import Organisation
from banso.orgs.selectors import organisations_for_user


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


def shops_for_user(user) -> QuerySet[Shop]:
    """Shops of the organisations ``user`` may edit (their own; a province officer's province)."""
    return Shop.objects.filter(
        organisation__in=organisations_for_user(user).values("pk")
    ).select_related("organisation", "unit")


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
    """Shops in ``status`` inside the province(s) the officer covers (all for a superuser)."""
    shops = Shop.objects.filter(status=status).select_related(
        "organisation", "unit__parent", "reviewed_by"
    )
    if getattr(user, "is_superuser", False):
        return shops.order_by("created_at")
    scope = place_scope_for_user(user, roles=(PlaceRole.PROVINCE_OFFICER,))
    return shops.filter(scope.unit_q("unit__path")).order_by("created_at")
