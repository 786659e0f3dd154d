"""A run's pages say where the run really stands, from one function: waiting, making its stamps,
failed, ready to print, printed, partly or fully activated, voided; never "being made" beside a
finished progress bar, never "ready to print" once its stamps are out and activated."""

import re

import pytest
from django.urls import reverse

from banso.jobs.models import TaskProgress
from banso.stamps.models import RunState, Stamp, StampRun, StampStatus
from banso.stamps.selectors.runs import (
    stamp_run_state,
    stamp_run_status_counts,
    stamp_runs_status_counts,
)

pytestmark = pytest.mark.django_db

QUANTITY = 10


def _stamps(run, **statuses) -> None:
    """Give the run's first stamps these statuses, in number order: printed=3, activated=2 …"""
    number = 1
    for status, count in statuses.items():
        numbers = range(number, number + count)
        fields = {"status": status}
        if status == StampStatus.ACTIVATED:
            fields["lot"] = run.lot
        Stamp.objects.filter(run=run, number__in=numbers).update(**fields)
        number += count


@pytest.fixture
def run(make_run, product, lot):
    return make_run(product, quantity=QUANTITY, lot=lot)


CASES = {
    # state: (run status, stamps by status)
    RunState.WAITING: (StampRun.Status.QUEUED, {}),
    RunState.MAKING: (StampRun.Status.LAYING_OUT, {}),
    RunState.FAILED: (StampRun.Status.FAILED, {}),
    RunState.READY: (StampRun.Status.READY, {}),
    RunState.PRINTED: (StampRun.Status.READY, {"printed": QUANTITY}),
    RunState.PARTLY_ACTIVATED: (StampRun.Status.READY, {"printed": 6, "activated": 4}),
    RunState.ACTIVATED: (StampRun.Status.READY, {"activated": 8, "voided": 2}),
    RunState.VOIDED: (StampRun.Status.READY, {"voided": QUANTITY}),
}

LABELS_VI = {
    RunState.WAITING: "Đang chờ bắt đầu",
    RunState.MAKING: "Đang tạo tem",
    RunState.FAILED: "Không tạo được tem",
    RunState.READY: "Sẵn sàng để in",
    RunState.PRINTED: "Đã in, chưa kích hoạt",
    RunState.PARTLY_ACTIVATED: "Đã kích hoạt một phần",
    RunState.ACTIVATED: "Đã kích hoạt toàn bộ",
    RunState.VOIDED: "Đã hủy toàn bộ",
}


def _set_up(run, state: RunState) -> None:
    status, stamps = CASES[state]
    StampRun.objects.filter(pk=run.pk).update(status=status)
    run.refresh_from_db()
    _stamps(run, **stamps)


@pytest.mark.parametrize("state", list(CASES))
def test_state_of_a_run(run, state):
    _set_up(run, state)
    assert stamp_run_state(run, stamp_run_status_counts(run)) == state
    # The list's counts, of many runs at once, give the same answer.
    assert stamp_run_state(run, stamp_runs_status_counts([run])[run.pk]) == state


@pytest.mark.parametrize("state", list(CASES))
def test_run_page_and_list_say_the_same_real_state(client, coop_member, run, state):
    _set_up(run, state)
    client.force_login(coop_member)
    page = client.get(reverse("stamps:run-detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    shown = re.search(
        r'<dd id="run-status" data-status="[a-z_]+" data-state="([a-z_]+)">([^<]+)</dd>',
        page.content.decode(),
    )
    assert shown is not None
    assert shown.groups() == (state.value, LABELS_VI[state])
    listing = client.get(reverse("stamps:run-list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f'<span data-state="{state.value}">{LABELS_VI[state]}</span>' in listing


def test_finished_progress_is_not_shown_beside_a_waiting_state(client, coop_member, run):
    """The run page of a finished run shows its files, not the progress bar of their making,
    and no message that the stamps are being made."""
    progress = TaskProgress.objects.create(title="run", status="done", percent=100)
    StampRun.objects.filter(pk=run.pk).update(progress=progress)
    client.force_login(coop_member)
    html = client.get(
        reverse("stamps:run-detail", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert 'id="run-progress"' not in html
    assert "Đang chờ" not in html
    assert "Tem đang được tạo" not in html
    assert 'data-state="ready"' in html


def test_ordering_a_run_leaves_no_message_that_outlives_the_run(client, coop_member, product):
    client.force_login(coop_member)
    response = client.post(
        reverse("stamps:run-create"),
        {"product": product.pk, "quantity": 5, "template": "a4_30", "pin_length": 6},
        HTTP_ACCEPT_LANGUAGE="vi",
        follow=True,
    )
    html = response.content.decode()
    assert "Tem đang được tạo" not in html
    assert 'data-state="waiting"' in html
    assert 'id="run-progress"' in html
