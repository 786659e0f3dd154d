from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from banso.common.models import TimeStampedModel


class ProgressStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class TaskProgress(TimeStampedModel):
    """How far a piece of background work has gone, for the progress bar every app shows.

    A view creates the row and enqueues the task with its id; the task reports as it goes and
    ends with a link to its result (a PDF, an export) or an error message.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgressStatus.choices, default=ProgressStatus.QUEUED
    )
    percent = models.PositiveSmallIntegerField(
        _("percent"), default=0, validators=[MaxValueValidator(100)]
    )
    message = models.CharField(_("message"), max_length=300, blank=True)
    result_url = models.CharField(_("result link"), max_length=500, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True, verbose_name=_("task result ID"))
    # An import that failed on its rows keeps the first of their errors ({row, column,
    # message}, see ``banso.common.imports``) for the progress page, and how many there were.
    row_errors = models.JSONField(_("row errors"), default=list, blank=True)
    row_error_count = models.PositiveIntegerField(_("row errors in all"), default=0)

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.percent}%)"

    @property
    def is_finished(self) -> bool:
        return self.status in (ProgressStatus.DONE, ProgressStatus.FAILED)


class WorkerHeartbeat(models.Model):
    """A running ``manage.py worker``, as last seen: it writes ``seen_at`` every few seconds.

    A task the queue still shows as running is lost when the worker that claimed it has gone
    quiet for longer than ``settings.WORKER_STALE_SECONDS`` (killed, out of memory, machine
    rebooted): :func:`banso.jobs.resume.tasks_lost_resume` queues it again or fails it.
    """

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), default=0)
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen at"), db_index=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id[:8]})"
