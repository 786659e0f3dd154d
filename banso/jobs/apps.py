from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks' database backend, named in the admin in the reader's language (its own
    name, "Tasks Database Backend", is English only). Same label, so its tables and
    migrations are unchanged."""

    verbose_name = _("Task queue")  # type: ignore[assignment]


class JobsConfig(AppConfig):
    default = True  # this module holds django_tasks_db's config too
    name = "banso.jobs"
    verbose_name = _("Background work")

    def ready(self) -> None:
        from django.conf import settings

        from banso.jobs.imports import import_give_up
        from banso.jobs.periodic import periodic_register
        from banso.jobs.resume import task_resumable_register, tasks_lost_resume_check
        from banso.jobs.tasks import workbook_import_task

        # Looks twice in the time after which a silent worker counts as dead.
        periodic_register(
            name="jobs.tasks_lost_resume",
            every_seconds=max(1.0, min(30.0, settings.WORKER_STALE_SECONDS / 2)),
            function=tasks_lost_resume_check,
        )
        # An import writes in one transaction and marks its progress done inside it: a run
        # cut short is simply run again.
        task_resumable_register(workbook_import_task, give_up=import_give_up)
