"""The background door of every Excel import: registered by name, resumed by the worker."""

import pytest
from django.db import OperationalError
from django.utils import translation

from banso.common.imports import IN_REQUEST_ROWS
from banso.common.tests import hostile
from banso.common.workbooks import WorkbookLimits
from banso.jobs import periodic
from banso.jobs.imports import import_start
from banso.jobs.resume import task_resumable
from banso.jobs.tasks import workbook_import_task


def test_every_import_is_registered_and_resumed_by_the_worker():
    from banso.jobs.imports import _importers

    assert {"places.villages", "trace.lots", "market.listings"} <= set(_importers)
    assert "jobs.tasks_lost_resume" in periodic._registry
    assert task_resumable(workbook_import_task.module_path) is not None


def test_an_unknown_import_is_a_programming_error(make_user):
    with pytest.raises(LookupError):
        import_start(
            name="nowhere.nothing",
            owner=make_user(),
            title="x",
            upload=hostile.upload(hostile.xlsx_bytes(hostile.sheet_of_rows([["a"]]))),
            limits=WorkbookLimits(rows=10),
        )


def _raising(error: Exception):
    def run(*, actor, upload, report):
        raise error

    return run


@pytest.mark.parametrize(
    ("error", "status", "message", "kept"),
    [
        (RuntimeError("a bug"), "failed", "The import failed; nothing was imported.", False),
        (OperationalError("database is locked"), "running", "Reading the workbook", True),
    ],
)
def test_a_run_that_breaks_fails_its_progress_unless_the_error_may_pass(
    make_user, monkeypatch, settings, tmp_path, run_worker, error, status, message, kept
):
    from django.db import transaction

    from banso.jobs import imports
    from banso.jobs.models import TaskProgress

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(imports, "_importers", {})
    imports.import_register(
        name="tests.breaking",
        function=_raising(error),
        summary=lambda result: "",
        next_url=lambda options: "/",
    )
    rows = [["n"]] + [[n] for n in range(IN_REQUEST_ROWS + 1)]
    with translation.override("en"), transaction.atomic():
        progress = import_start(
            name="tests.breaking",
            owner=make_user(),
            title="x",
            upload=hostile.upload(hostile.xlsx_bytes(hostile.sheet_of_rows(rows))),
            limits=WorkbookLimits(rows=5000),
        )
    assert progress is not None
    run_worker()
    progress = TaskProgress.objects.get(pk=progress.pk)
    assert (progress.status, progress.message) == (status, message)
    assert bool(list((tmp_path / "imports").iterdir())) is kept
