"""Background work of the floor (django-tasks, run by ``manage.py worker``)."""

from django_tasks import task

from banso.common.pictures import picture_renditions_finish


@task()
def picture_renditions_task(*, model: str, pk: int, field: str, name: str) -> int:
    """Make the wider copies of an uploaded picture; returns how many copies it has."""
    return len(picture_renditions_finish(model=model, pk=pk, field=field, name=name))
