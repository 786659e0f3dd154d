"""Background work of the traceability app (django-tasks, run by ``manage.py db_worker``)."""

from django_tasks import task

from banso.trace.services.capture_jobs import capture_job_run


@task()
def capture_job_task(*, job_id: str) -> dict:
    """Capture a queued EPCIS document (see ``capture_job_run``); returns the job's outcome."""
    job = capture_job_run(job_id=job_id)
    return {"status": job.status, "stored": job.stored_count, "problems": len(job.errors)}
