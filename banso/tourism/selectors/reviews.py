"""Guests' reviews as a stay's or a tour's page shows them: the newest few, their average and
their number (two queries), only the published ones."""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from banso.tourism.models import GuestReview, Lodging, Tour

REVIEWS_SHOWN = 5


@dataclass
class ReviewSummary:
    count: int
    average: float | None
    newest: list[GuestReview] = field(default_factory=list)


def _summary(condition: Q, limit: int) -> ReviewSummary:
    published = GuestReview.objects.filter(condition, is_published=True)
    figures = published.aggregate(count=Count("pk"), average=Avg("rating"))
    newest = (
        list(published.select_related("booking").order_by("-created_at", "-pk")[:limit])
        if figures["count"]
        else []
    )
    return ReviewSummary(count=figures["count"], average=figures["average"], newest=newest)


def reviews_of_lodging(lodging: Lodging, *, limit: int = REVIEWS_SHOWN) -> ReviewSummary:
    return _summary(Q(booking__room_type__lodging=lodging), limit)


def reviews_of_tour(tour: Tour, *, limit: int = REVIEWS_SHOWN) -> ReviewSummary:
    return _summary(Q(booking__tour=tour), limit)


def guest_given_name(full_name: str) -> str:
    """What a public page shows of a reviewer: the given name, the last word of a Vietnamese
    name ("Nguyễn Thị Lan" → "Lan"), never the full name the host sees."""
    words = full_name.split()
    return words[-1] if words else ""
