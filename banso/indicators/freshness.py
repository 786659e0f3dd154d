"""Keeping the figures fresh after a review list is imported.

``banso.households`` (level 1) may not import indicators, so its import sends
``households.signals.review_list_imported`` once its transaction has committed, and
``IndicatorsConfig.ready()`` connects :func:`indicators_refresh_after_import` to it. With a task
worker running (``make run`` starts one, ``scripts/serve.sh``), the years imported are
recomputed by the worker; without one (``manage.py runserver`` alone) nothing would ever run
the queued task, so the recompute runs at once, in the request that imported: the officer who
opens the dashboard next sees the figures of the list just imported. While a queued recompute
waits for the worker, the dashboard says that its figures are being updated
(:func:`indicators_recompute_pending`). A figure recorded from the officers' page is followed
the same way (:func:`indicators_refresh`).
"""

import logging
from collections.abc import Iterable

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from banso.indicators.services import indicators_recompute
from banso.indicators.tasks import indicators_recompute_enqueue, indicators_recompute_task
from banso.jobs.selectors import worker_is_running

logger = logging.getLogger(__name__)


def indicators_refresh(*, years: Iterable[int], reason: str) -> bool:
    """Recompute the figures of ``years`` after their facts changed (a review list imported, a
    figure recorded by hand): queued for the worker when one runs, else at once. Returns
    whether they were queued, so a page can say the figures are on their way."""
    queue = worker_is_running()
    for year in sorted(years):
        if queue:
            indicators_recompute_enqueue(year=year)
            continue
        values = indicators_recompute(year=year)
        logger.info(
            "indicators recomputed after %s (no worker): %d, %d values", reason, year, values
        )
    return queue


def indicators_refresh_after_import(sender, *, commune, years, **kwargs) -> None:
    """Recompute the figures of ``years`` after ``commune``'s review list was imported: queued
    for the worker when one runs, else at once."""
    indicators_refresh(years=years, reason=f"an import of commune {commune.code}")


def indicators_recompute_pending(*, year: int | None) -> bool:
    """Whether a recompute of ``year`` (or of every year; of any year when ``year`` is None)
    is queued or running."""
    waiting = DBTaskResult.objects.filter(
        task_path=indicators_recompute_task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True)
    for args_kwargs in waiting:
        asked = (args_kwargs or {}).get("kwargs", {}).get("year")
        if year is None or asked is None or asked == year:
            return True
    return False
