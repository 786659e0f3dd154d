"""Background work of the marketplace (django-tasks, run by ``manage.py db_worker``)."""

from django_tasks import task

from banso.market.services.feeds import feeds_regenerate


@task()
def feeds_regenerate_task(*, progress_id: int | None = None, shop_id: int | None = None) -> dict:
    """Regenerate the feed files (see ``feeds_regenerate``); returns how many were written."""
    return {"files": feeds_regenerate(shop_id=shop_id, progress_id=progress_id)}
