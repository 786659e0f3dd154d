"""Background work of indicators (django-tasks, run by ``manage.py db_worker``)."""

from django.db import transaction
from django_tasks import task

from banso.indicators.services import indicators_recompute


@task()
def indicators_recompute_task(*, year: int | None = None) -> dict:
    return {"values": indicators_recompute(year=year)}


def indicators_recompute_enqueue(*, year: int | None = None) -> None:
    """Queue a recompute once the current transaction commits (an import's, say)."""
    transaction.on_commit(lambda: indicators_recompute_task.enqueue(year=year))


def indicators_recompute_due() -> None:
    """The worker's clock: this year's figures again, so counts from every app stay fresh."""
    from django.utils import timezone

    indicators_recompute_task.enqueue(year=timezone.localdate().year)
