"""Background work of lingo (django-tasks, run by ``manage.py worker``)."""

from django_tasks import task

from banso.lingo.services import translations_fill


@task()
def translations_fill_task(*, ids: list[int]) -> int:
    """Fill translations from the memory and the engine, away from the request that saved
    their source: an engine that is slow or down never delays a page or a save."""
    return translations_fill(ids=ids)
