"""Capture jobs: an EPCIS document accepted now, captured in the background, all or nothing.

The job row is written first and the task queued only when that transaction commits, so a
worker never looks for a job that is not there yet. Running a job twice is harmless: a finished
job is left as it is, and the capture itself stores an already stored event only once.
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
        result = epcis_document_capture(
            document=job.document, actor=job.submitted_by, capture_job=job
        )
    except EpcisError as error:
        return _finish(job, status=CaptureJob.Status.FAILED, problems=error.problems)
    except PermissionDenied as error:
        message = str(error) or _("You may not record events of these lots.")
        return _finish(job, status=CaptureJob.Status.FAILED, problems=[EpcisProblem(message)])
    except Exception:
        _finish(
            job,
            status=CaptureJob.Status.FAILED,
            problems=[EpcisProblem(message=_("The capture failed on the server; try again."))],
        )
        raise
    stored = getattr(result, "stored_count", None)
    if stored is None:
        stored = len(getattr(result, "stored", []) or [])
    return _finish(job, status=CaptureJob.Status.SUCCEEDED, stored_count=stored)


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
