"""Stamp runs as a person may see them: on the co-op pages, those of the organisations they may
change (their own; for province officers, their province's); on an officer's read-only pages,
those of the organisations of the communes or province they serve (``action="oversee"``)."""

from typing import Literal

from django.db.models import Count, QuerySet

from banso.orgs.selectors import organisations_for_user
from banso.stamps.models import RunState, Stamp, StampRun, StampStatus
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


def stamp_runs_status_counts(runs: list[StampRun]) -> dict[int, dict[str, int]]:
    """:func:`stamp_run_status_counts` of several runs in one query (of the finished ones
    only: the others have no stamps worth counting yet)."""
    counts = {run.pk: dict.fromkeys(StampStatus.values, 0) for run in runs}
    ready = [run.pk for run in runs if run.status == StampRun.Status.READY]
    if ready:
        rows = (
            Stamp.objects.filter(run_id__in=ready)
            .values("run_id", "status")
            .annotate(count=Count("pk"))
            .order_by()
        )
        for row in rows:
            counts[row["run_id"]][row["status"]] = row["count"]
    return counts


def stamp_run_state(run: StampRun, counts: dict[str, int]) -> RunState:
    """Where the run stands: while its files are made, the making; once they are, what has
    become of its stamps (``counts`` from :func:`stamp_run_status_counts`). Voided stamps
    are left out of "all activated": a run whose other stamps are all activated is done."""
    if run.status == StampRun.Status.FAILED:
        return RunState.FAILED
    if run.status == StampRun.Status.QUEUED:
        return RunState.WAITING
    if run.status != StampRun.Status.READY:
        return RunState.MAKING
    live = sum(counts.values()) - counts.get(StampStatus.VOIDED, 0)
    activated = counts.get(StampStatus.ACTIVATED, 0)
    if live == 0 and counts.get(StampStatus.VOIDED, 0):
        return RunState.VOIDED
    if activated and activated >= live:
        return RunState.ACTIVATED
    if activated:
        return RunState.PARTLY_ACTIVATED
    if counts.get(StampStatus.PRINTED, 0):
        return RunState.PRINTED
    return RunState.READY


def stamp_run_lots(run: StampRun) -> QuerySet[Lot]:
    """The lots the run's stamps may be activated on: the run's own lot when it was ordered
    for one, otherwise every lot of its product."""
    lots = Lot.objects.filter(product_id=run.product_id).order_by("-harvest_date", "code")
    return lots.filter(pk=run.lot_id) if run.lot_id else lots
