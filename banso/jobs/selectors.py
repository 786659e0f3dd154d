from django.db.models import QuerySet

from banso.jobs.models import TaskProgress


def progress_for_user(user) -> QuerySet[TaskProgress]:
    """A person sees the progress of their own work only."""
    if getattr(user, "is_superuser", False):
        return TaskProgress.objects.all()
    if not getattr(user, "is_authenticated", False):
        return TaskProgress.objects.none()
    return TaskProgress.objects.filter(owner=user)
