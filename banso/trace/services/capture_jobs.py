"""Capture jobs: an EPCIS document accepted now, captured in the background, all or nothing.

The job row is written first and the task queued only when that transaction commits, so a
worker never looks for a job that is not there yet. Running a job twice is harmless: a finished
job is left as it is, and the capture itself stores an already stored event only once.

A worker killed in the middle of a capture leaves the job "running" and nothing stored (the
events and the job's outcome are written in one transaction). The task is resumable
(``TraceConfig.ready()``): a live worker queues it again (``banso.jobs.resume``) and the
capture starts over; a job lost that way too often is failed (:func:`capture_job_give_up`).
A transient database error ("database is locked", a lost connection) is retried the same way.
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.jobs.backoff import TRANSIENT_DATABASE_ERRORS
from banso.trace.epcis.errors import EpcisError, EpcisProblem
from banso.trace.models import CaptureJob


def capture_job_create(*, document: dict, actor, event_count: int) -> CaptureJob:
    """Record the document and queue its capture."""
    job = CaptureJob(submitted_by=actor, document=document, event_count=event_count)
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id) -> None:
    from banso.trace.tasks import capture_job_task

    capture_job_task.enqueue(job_id=str(job_id))


def capture_job_run(*, job_id) -> CaptureJob:
    """Capture the job's document as the person who submitted it, and record the outcome."""
    from banso.trace.services.capture import epcis_document_capture

    job = CaptureJob.objects.select_related("submitted_by").get(pk=job_id)
    if job.status in (CaptureJob.Status.SUCCEEDED, CaptureJob.Status.FAILED):
        return job
    CaptureJob.objects.filter(pk=job.pk).update(
        status=CaptureJob.Status.RUNNING, updated_at=timezone.now()
    )
    try:
        with transaction.atomic():
            result = epcis_document_capture(
                document=job.document, actor=job.submitted_by, capture_job=job
            )
            # In the capture's transaction: stored events and a finished job, or neither.
            return _finish(job, status=CaptureJob.Status.SUCCEEDED, stored_count=len(result.stored))
    except EpcisError as error:
        return _finish(job, status=CaptureJob.Status.FAILED, problems=error.problems)
    except PermissionDenied as error:
        message = str(error) or _("You may not record events of these lots.")
        return _finish(job, status=CaptureJob.Status.FAILED, problems=[EpcisProblem(message)])
    except TRANSIENT_DATABASE_ERRORS:
        raise  # the job stays "running": the worker queues it again after a backoff
    except Exception:
        _finish(
            job,
            status=CaptureJob.Status.FAILED,
            problems=[EpcisProblem(message=_("The capture failed on the server; try again."))],
        )
        raise


def capture_job_give_up(*, job_id) -> None:
    """Fail a job whose capture was lost with its worker, or met database errors, too often."""
    job = CaptureJob.objects.filter(pk=job_id).first()
    if job is None or job.status in (CaptureJob.Status.SUCCEEDED, CaptureJob.Status.FAILED):
        return
    _finish(
        job,
        status=CaptureJob.Status.FAILED,
        problems=[EpcisProblem(message=_("The capture failed on the server; try again."))],
    )


def _finish(
    job: CaptureJob,
    *,
    status: str,
    problems: Sequence[EpcisProblem] = (),
    stored_count: int = 0,
) -> CaptureJob:
    job.status = status
    job.errors = [problem.as_dict() for problem in problems]
    job.stored_count = stored_count
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "stored_count", "finished_at", "updated_at"])
    return job
