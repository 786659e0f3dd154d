"""Background work of the stamps app (django-tasks, run by ``manage.py worker``)."""

from django_tasks import task

from banso.stamps.services.runs import stamp_run_execute


@task()
def stamp_run_task(*, progress_id: int, run_id: int) -> dict:
    """Issue a run's serials and make its print files (see ``stamp_run_execute``)."""
    run = stamp_run_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status, "issued": run.issued_count}
