"""Background work of the broadcast app (django-tasks, run by ``manage.py worker``)."""

from django_tasks import task

from banso.broadcast.services.versions import voice_run


@task()
def bulletin_voice_task(*, progress_id: int, version_id: int) -> dict:
    """Voice a bulletin's Vietnamese version (see ``voice_run``); safe to run again."""
    version = voice_run(version_id=version_id, progress_id=progress_id)
    return {"version": version_id, "status": version.status if version else None}
