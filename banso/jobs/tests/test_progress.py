"""Background work end to end: progress row, the database task queue, the real worker, the page."""

import pytest
from django.db import transaction
from django.urls import reverse
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from banso.jobs.models import ProgressStatus, TaskProgress
from banso.jobs.services import (
    progress_create,
    progress_enqueue,
    progress_fail,
    progress_finish,
    progress_update,
)
from banso.jobs.tests.tasks import count_in_steps

pytestmark = pytest.mark.django_db


def _enqueue(progress: TaskProgress, django_capture_on_commit_callbacks, **kwargs) -> None:
    """Enqueue inside a transaction: the task is queued only when it commits. Tests that run
    the worker commit for real (the callback runs at the atomic block's end); the others roll
    back, so the callback is captured and run by hand."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        progress_enqueue(progress=progress, task=count_in_steps, **kwargs)
        assert not TaskProgress.objects.get(pk=progress.pk).task_result_id
    assert TaskProgress.objects.get(pk=progress.pk).task_result_id
    assert len(callbacks) <= 1


def test_tasks_go_through_the_database_backend():
    assert isinstance(task_backends["default"], DatabaseBackend)
    assert isinstance(count_in_steps.get_backend(), DatabaseBackend)


def test_worker_runs_the_task_to_the_end(make_user, run_worker, django_capture_on_commit_callbacks):
    owner = make_user("Chủ hợp tác xã")
    progress = progress_create(title="Xuất báo cáo", owner=owner)
    assert (progress.status, progress.percent) == (ProgressStatus.QUEUED, 0)

    _enqueue(progress, django_capture_on_commit_callbacks, steps=4)
    progress.refresh_from_db()
    result = count_in_steps.get_result(progress.task_result_id)
    assert result.status == TaskResultStatus.READY
    assert DBTaskResult.objects.filter(pk=result.id, status=TaskResultStatus.READY).exists()
    assert progress.status == ProgressStatus.QUEUED  # nothing runs until a worker takes it

    run_worker()

    progress.refresh_from_db()
    assert progress.status == ProgressStatus.DONE
    assert progress.percent == 100
    assert progress.result_url == f"/results/{progress.pk}/"
    assert progress.is_finished
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.kwargs == {"progress_id": progress.pk, "steps": 4}
    # While it ran, each step showed as running with its share done.
    assert result.return_value == [
        ["running", 25],
        ["running", 50],
        ["running", 75],
        ["running", 100],
    ]


def test_failing_task_marks_its_progress_failed(
    make_user, run_worker, django_capture_on_commit_callbacks
):
    progress = progress_create(title="Nhập hộ gia đình", owner=make_user())
    _enqueue(progress, django_capture_on_commit_callbacks, steps=4, fail_at=3)

    run_worker()

    progress.refresh_from_db()
    assert progress.status == ProgressStatus.FAILED
    assert progress.percent == 50  # the last step that got through
    assert progress.message == "step 3 went wrong"
    assert progress.result_url == ""
    assert progress.is_finished
    result = count_in_steps.get_result(progress.task_result_id)
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[-1].exception_class is ValueError


def test_worker_with_an_empty_queue_returns(run_worker):
    run_worker()
    assert not TaskProgress.objects.exists()


def test_progress_update_keeps_percent_within_bounds(make_user):
    progress = progress_create(title="Tính chỉ số", owner=make_user())
    progress_update(progress_id=progress.pk, percent=140, message="x" * 400)
    progress.refresh_from_db()
    assert (progress.status, progress.percent, len(progress.message)) == ("running", 100, 300)
    progress_update(progress_id=progress.pk, percent=-5)
    progress.refresh_from_db()
    assert progress.percent == 0


def test_progress_fail_keeps_the_percent_reached(make_user):
    progress = progress_create(title="Tính chỉ số", owner=make_user())
    progress_update(progress_id=progress.pk, percent=60)
    progress_fail(progress_id=progress.pk, message="no file")
    progress.refresh_from_db()
    assert (progress.status, progress.percent, progress.message) == ("failed", 60, "no file")


# The progress page -------------------------------------------------------------------------


@pytest.fixture
def owner(make_user):
    return make_user("Người chạy việc")


@pytest.fixture
def running(owner):
    progress = progress_create(title="In tem QR", owner=owner)
    progress_update(progress_id=progress.pk, percent=40, message="trang 2 / 5")
    progress.refresh_from_db()
    return progress


def _url(progress: TaskProgress, **query) -> str:
    url = reverse("jobs:progress-detail", args=[progress.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_owner_sees_the_running_page_refreshing_without_javascript(client, owner, running):
    client.force_login(owner)
    response = client.get(_url(running))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in body
    assert 'value="40"' in body
    assert "data-progress-live" in body
    assert f'data-progress-url="{_url(running, partial=1)}"' in body
    assert "trang 2 / 5" in body


def test_partial_returns_only_the_bar(client, owner, running):
    client.force_login(owner)
    response = client.get(_url(running, partial=1))
    assert response.status_code == 200
    assert [t.name for t in response.templates] == ["jobs/_progress.html"]
    body = response.content.decode().strip()
    assert body.startswith(f'<div class="progress" id="progress-{running.pk}"')
    assert "<html" not in body and "<noscript>" not in body


def test_finished_page_stops_refreshing_and_links_the_result(client, owner, running):
    progress_finish(progress_id=running.pk, result_url="/media/exports/tem.pdf")
    client.force_login(owner)
    body = client.get(_url(running)).content.decode()
    assert "<noscript>" not in body
    assert "data-progress-live" not in body
    assert 'value="100"' in body
    assert 'href="/media/exports/tem.pdf"' in body


def test_failed_page_has_no_result_link(client, owner, running):
    progress_fail(progress_id=running.pk, message="hết giấy")
    client.force_login(owner)
    body = client.get(_url(running)).content.decode()
    assert "<noscript>" not in body
    assert "hết giấy" in body
    assert 'class="button"' not in body.split('id="progress-')[1]


def test_another_user_gets_404(client, make_user, running):
    client.force_login(make_user("Người khác"))
    for query in [{}, {"partial": 1}]:
        response = client.get(_url(running, **query))
        assert response.status_code == 404
        assert "404.html" in [t.name for t in response.templates]


def test_anonymous_is_sent_to_sign_in(client, running):
    response = client.get(_url(running))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={_url(running)}"


def test_superuser_sees_any_progress(client, make_user, running):
    client.force_login(make_user("Quản trị", is_superuser=True, is_staff=True))
    assert client.get(_url(running)).status_code == 200


def test_unknown_progress_is_404(client, owner):
    client.force_login(owner)
    assert client.get(reverse("jobs:progress-detail", args=[999_999])).status_code == 404
