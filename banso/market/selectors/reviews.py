"""Reads of reviews for the shop's back office: a shop's people see every review of its
listings, shown and hidden alike (the public page reads only the shown ones, through
``listing_public_detail``)."""

from django.db.models import QuerySet

from banso.market.models import Review, Shop
from banso.market.selectors.shops import shops_for_user


def reviews_for_manage(
    user, *, shop: Shop | None = None, is_visible: bool | None = None
) -> QuerySet[Review]:
    """The reviews of the listings of the shops ``user`` manages (the list twin of
    ``market.change_listing``), newest first; of one shop, and only shown or only hidden ones,
    when asked."""
    reviews = Review.objects.filter(listing__shop__in=shops_for_user(user).values("pk"))
    if shop is not None:
        reviews = reviews.filter(listing__shop=shop)
    if is_visible is not None:
        reviews = reviews.filter(is_visible=is_visible)
    return reviews.select_related("listing", "order").order_by("-created_at", "-pk")


def review_for_manage(user, *, shop: Shop, pk: int) -> Review:
    """One review of ``shop``'s listings that ``user`` may hide or show, with what the
    permission check walks; ``Review.DoesNotExist`` otherwise."""
    return (
        reviews_for_manage(user, shop=shop).select_related("listing__shop__organisation").get(pk=pk)
    )
