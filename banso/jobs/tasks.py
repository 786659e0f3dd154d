"""Background work of the jobs app (django-tasks, run by ``manage.py worker``)."""

from typing import Any

from django_tasks import task

from banso.jobs.imports import import_run


@task()
def workbook_import_task(
    *,
    progress_id: int,
    importer: str,
    path: str,
    owner_id: int,
    language: str,
    options: dict[str, Any],
) -> str:
    """Import a stored workbook (see ``banso.jobs.imports``); safe to run again."""
    return import_run(
        progress_id=progress_id,
        importer=importer,
        path=path,
        owner_id=owner_id,
        language=language,
        options=options,
    )
