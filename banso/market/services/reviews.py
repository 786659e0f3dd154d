"""Reviews (đánh giá) by buyers who received what they bought: one per order and listing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.market.models import Listing, Order, OrderStatus, Review
from banso.market.page_cache import market_pages_forget


def review_allowed(*, order: Order, listing: Listing) -> bool:
    """Whether the buyer of ``order`` may still review ``listing``."""
    return (
        order.status == OrderStatus.DELIVERED
        and order.lines.filter(listing=listing).exists()
        and not Review.objects.filter(order=order, listing=listing).exists()
    )


@transaction.atomic
def review_create(
    *, order: Order, listing: Listing, rating: int, text: str = "", author_name: str
) -> Review:
    """A review of a listing the order delivered. The listing's counters move with F(), so two
    reviews at once both count."""
    if order.status != OrderStatus.DELIVERED:
        raise ValidationError(
            _("You can review a product once your order has been delivered."),
            code="not_delivered",
        )
    if not order.lines.filter(listing=listing).exists():
        raise ValidationError(_("This order did not contain that product."), code="not_in_order")
    review = Review(
        order=order,
        listing=listing,
        rating=rating,
        text=text.strip(),
        author_name=" ".join(author_name.split()),
    )
    review.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:
        raise ValidationError(
            _("You have already reviewed this product for this order."), code="duplicate"
        ) from error
    Listing.objects.filter(pk=listing.pk).update(
        review_count=F("review_count") + 1, rating_total=F("rating_total") + review.rating
    )
    market_pages_forget()
    return review


@transaction.atomic
def review_visibility_set(*, actor, review: Review, is_visible: bool) -> Review:
    """Hide an abusive review (or show it again); the listing's rating follows."""
    if actor is None or not actor.has_perm("market.change_listing", review.listing):
        raise PermissionDenied(_("You may not moderate the reviews of this shop."))
    # One conditional UPDATE: of two moderators hiding the same review at once, only the one
    # that changes the row moves the listing's counters.
    changed = Review.objects.filter(pk=review.pk, is_visible=not is_visible).update(
        is_visible=is_visible, updated_at=timezone.now()
    )
    review.is_visible = is_visible
    if changed:
        sign = 1 if is_visible else -1
        Listing.objects.filter(pk=review.listing_id).update(
            review_count=F("review_count") + sign,
            rating_total=F("rating_total") + sign * review.rating,
        )
        market_pages_forget()
    return review
