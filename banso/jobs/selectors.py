import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from banso.jobs.models import TaskProgress, WorkerHeartbeat


def progress_for_user(user) -> QuerySet[TaskProgress]:
    """A person sees the progress of their own work only."""
    if getattr(user, "is_superuser", False):
        return TaskProgress.objects.all()
    if not getattr(user, "is_authenticated", False):
        return TaskProgress.objects.none()
    return TaskProgress.objects.filter(owner=user)


def worker_is_running() -> bool:
    """Whether a ``manage.py worker`` has written its heartbeat lately (within
    ``settings.WORKER_STALE_SECONDS``): queued tasks will run."""
    since = timezone.now() - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=since).exists()
