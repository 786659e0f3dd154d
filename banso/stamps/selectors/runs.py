"""Stamp runs as a person may see them: on the co-op pages, those of the organisations they may
change (their own; for province officers, their province's); on an officer's read-only pages,
those of the organisations of the communes or province they serve (``action="oversee"``)."""

from typing import Literal

from django.db.models import Count, QuerySet

from banso.orgs.selectors import organisations_for_user
from banso.stamps.models import Stamp, StampRun, StampStatus
from banso.trace.models import Lot

StampRunAction = Literal["change", "oversee"]


def stamp_runs_for_user(user, *, action: StampRunAction = "change") -> QuerySet[StampRun]:
    """Runs of every organisation ``user`` may change (or oversees as an officer), newest
    first."""
    if not getattr(user, "is_authenticated", False):
        return StampRun.objects.none()
    organisations = organisations_for_user(user, action=action)
    return (
        StampRun.objects.filter(organisation__in=organisations.values("pk"))
        .select_related("organisation", "product", "lot", "progress")
        .defer("pin_secret")
        .order_by("-created_at", "-pk")
    )


def stamp_run_for_user(user, pk: int) -> StampRun:
    """One run ``user`` may change; ``StampRun.DoesNotExist`` otherwise."""
    return stamp_runs_for_user(user).get(pk=pk)


def stamp_run_status_counts(run: StampRun) -> dict[str, int]:
    """How many of the run's stamps are in each status (every status, zero included)."""
    counts = dict.fromkeys(StampStatus.values, 0)
    rows = Stamp.objects.filter(run=run).values("status").annotate(count=Count("pk"))
    for row in rows.order_by():
        counts[row["status"]] = row["count"]
    return counts


def stamp_run_lots(run: StampRun) -> QuerySet[Lot]:
    """The lots the run's stamps may be activated on: the run's own lot when it was ordered
    for one, otherwise every lot of its product."""
    lots = Lot.objects.filter(product_id=run.product_id).order_by("-harvest_date", "code")
    return lots.filter(pk=run.lot_id) if run.lot_id else lots
