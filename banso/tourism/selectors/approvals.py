"""What waits for a province officer's review: the stays and tours of the province(s) the
officer serves (every one for a superuser), as the marketplace's shops do."""

from django.db.models import Q, QuerySet

from banso.accounts.models import PlaceRole
from banso.accounts.selectors import place_scope_for_user
from banso.tourism.models import ListingStatus, Lodging, Tour


def _province_q(user) -> Q:
    if getattr(user, "is_superuser", False):
        return Q()
    return place_scope_for_user(user, roles=(PlaceRole.PROVINCE_OFFICER,)).unit_q("unit__path")


def lodgings_to_review(user, *, status: str = ListingStatus.PENDING) -> QuerySet[Lodging]:
    """Stays in ``status`` in the officer's province(s), oldest first."""
    return (
        Lodging.objects.filter(_province_q(user), status=status)
        .select_related("organisation", "unit")
        .order_by("created_at", "pk")
    )


def tours_to_review(user, *, status: str = ListingStatus.PENDING) -> QuerySet[Tour]:
    """Tours in ``status`` in the officer's province(s), oldest first."""
    return (
        Tour.objects.filter(_province_q(user), status=status)
        .select_related("organisation", "unit")
        .order_by("created_at", "pk")
    )
