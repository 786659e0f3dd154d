"""After a review list is imported the figures follow: queued for the worker when one runs,
computed at once when none does; the dashboard says when a recompute is still waiting."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from banso.households.imports import households_import
from banso.households.signals import review_list_imported
from banso.households.tests.workbooks import review_list, review_row
from banso.indicators.freshness import indicators_recompute_pending
from banso.indicators.models import IndicatorValue
from banso.indicators.tasks import indicators_recompute_task
from banso.jobs.models import WorkerHeartbeat

TELECOM = "poor-near-poor-using-telecom"
YEAR = 2025


def _import(officer, commune, *rows):
    return households_import(actor=officer, upload=review_list(*rows), commune_id=commune.pk)


def _rows():
    """Ten households of Mã Tuyển reviewed in 2025, the first five without telecom (fewer
    would be a small cell the public figure withholds)."""
    return [
        review_row(f"MK-{n:03d}", members_using_telecom=0 if n <= 5 else 2) for n in range(1, 11)
    ]


def _telecom(unit) -> IndicatorValue:
    return IndicatorValue.objects.get(
        indicator__code=TELECOM, unit=unit, village__isnull=True, disaggregation="", period="2025"
    )


def _worker_alive() -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="w1", hostname="h", pid=1, started_at=now, seen_at=now)


def _queued():
    return DBTaskResult.objects.filter(
        task_path=indicators_recompute_task.module_path, status=TaskResultStatus.READY
    )


@pytest.mark.django_db
def test_without_a_worker_the_import_recomputes_at_once(
    commune_officer, village, muong_khuong, lao_cai, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = _import(commune_officer, muong_khuong, *_rows())
    assert result.ok, result.errors
    for unit in (muong_khuong, lao_cai):
        telecom = _telecom(unit)
        assert (telecom.numerator, telecom.denominator, telecom.value) == (5, 10, 50.0)
    assert not _queued().exists()


@pytest.mark.django_db
def test_a_failed_import_sends_nothing(
    commune_officer, village, muong_khuong, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    review_list_imported.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = _import(commune_officer, muong_khuong, review_row("MK-001", village="Xa"))
    finally:
        review_list_imported.disconnect(receiver)
    assert not result.ok
    assert received == []
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_the_signal_names_the_commune_and_the_years(
    commune_officer, village, muong_khuong, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, **kwargs):
        received.append((kwargs["commune"], kwargs["years"]))

    review_list_imported.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _import(
                commune_officer, muong_khuong, review_row("A-01"), review_row("A-02", year=2024)
            )
    finally:
        review_list_imported.disconnect(receiver)
    assert received == [(muong_khuong, frozenset({2024, 2025}))]


def test_with_a_worker_it_is_queued_and_the_page_says_so(
    run_worker, client, commune_officer, village, muong_khuong, lao_cai
):
    _worker_alive()
    result = _import(commune_officer, muong_khuong, *_rows())  # commits: transactional_db
    assert result.ok, result.errors
    assert _queued().count() == 1
    assert not IndicatorValue.objects.exists()
    assert indicators_recompute_pending(year=YEAR)
    assert not indicators_recompute_pending(year=2024)
    page = client.get(reverse("indicators:dashboard")).content.decode()
    assert 'id="updating-note"' in page  # no figures yet, and they are coming
    run_worker()
    assert _telecom(lao_cai).value == 50.0
    assert not indicators_recompute_pending(year=YEAR)
    page = client.get(reverse("indicators:dashboard")).content.decode()
    assert 'id="updating-note"' not in page
    assert "50,0 %" in page


@pytest.mark.django_db
def test_the_note_is_about_the_period_shown(
    client, commune_officer, village, muong_khuong, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _import(commune_officer, muong_khuong, *_rows())
    indicators_recompute_task.enqueue(year=2024)
    page = client.get(reverse("indicators:dashboard")).content.decode()
    assert 'id="updating-note"' not in page
    indicators_recompute_task.enqueue(year=YEAR)
    page = client.get(reverse("indicators:dashboard")).content.decode()
    assert 'id="updating-note"' in page
