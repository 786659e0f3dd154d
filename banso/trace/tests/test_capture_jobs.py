"""A capture job run again (a worker lost mid-capture, a task queued twice) stores its events
once and ends with the right count; one given up is failed with a message."""

import pytest

from banso.trace.models import CaptureJob, TraceEvent
from banso.trace.services.capture_jobs import capture_job_give_up, capture_job_run
from banso.trace.tests.test_epcis_capture import document_of, harvest_event

pytestmark = pytest.mark.django_db


def test_a_job_left_running_is_captured_once_however_often_it_runs(coop_member, lot):
    document = document_of(
        [harvest_event(lot), harvest_event(lot, action="OBSERVE", bizStep="packing")]
    )
    # As a killed worker leaves it: running, nothing stored (the capture was rolled back).
    job = CaptureJob.objects.create(
        submitted_by=coop_member, document=document, event_count=2, status="running"
    )
    assert capture_job_run(job_id=job.pk).status == CaptureJob.Status.SUCCEEDED
    again = capture_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.stored_count, again.stored_count) == ("succeeded", 2, 2)
    assert TraceEvent.objects.filter(capture_job=job).count() == 2


def test_a_job_given_up_is_failed_and_a_finished_one_left_alone(coop_member, lot):
    document = document_of([harvest_event(lot)])
    running = CaptureJob.objects.create(
        submitted_by=coop_member, document=document, event_count=1, status="running"
    )
    capture_job_give_up(job_id=running.pk)
    running.refresh_from_db()
    assert running.status == CaptureJob.Status.FAILED
    assert running.errors and running.finished_at
    done = CaptureJob.objects.create(
        submitted_by=coop_member, document=document, event_count=1, status="succeeded"
    )
    capture_job_give_up(job_id=done.pk)
    done.refresh_from_db()
    assert done.status == CaptureJob.Status.SUCCEEDED
