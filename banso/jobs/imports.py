"""Excel imports too large for a request, run by the task worker with a progress bar.

An app registers each of its imports once, from its ``AppConfig.ready()``
(:func:`import_register`), and its view calls :func:`import_start` with the upload: the
workbook is checked at once (``banso.common.workbooks``: a hostile file is refused in the
request, in a second or less, before any transaction); a workbook of at most
``IN_REQUEST_ROWS`` rows is left to the view to import, a larger one is stored and imported by
the worker. The person is sent to the progress page, which shows the result or the table of
the rows to correct.

A run is idempotent: the import marks its progress done inside its own write transaction, and
a run that finds its progress finished does nothing, so a run killed half-way and run again
either finds everything written or nothing. The stored workbook is deleted once the run has
finished, done or failed. A run whose worker was killed, or that met a passing database error,
is queued again by the worker's resume check (``banso.jobs.resume``: the task is registered as
resumable in ``JobsConfig.ready()``).
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from banso.common.imports import IN_REQUEST_ROWS, KEPT_ERRORS, ImportReport, ImportResult
from banso.common.workbooks import WorkbookLimits, WorkbookRefused, workbook_check
from banso.jobs.models import TaskProgress
from banso.jobs.services import (
    progress_create,
    progress_enqueue,
    progress_fail,
    progress_finish,
    progress_update,
)

logger = logging.getLogger(__name__)

STORED_UNDER = "imports"


@dataclass(frozen=True)
class Importer:
    """One kind of import: ``function(actor=, upload=, report=, **options)`` does it,
    ``summary(result)`` says what it did, ``next_url(options)`` is where to go afterwards."""

    name: str
    function: Callable[..., ImportResult]
    summary: Callable[[ImportResult], str]
    next_url: Callable[[dict[str, Any]], str]


_importers: dict[str, Importer] = {}


def import_register(
    *,
    name: str,
    function: Callable[..., ImportResult],
    summary: Callable[[ImportResult], str],
    next_url: Callable[[dict[str, Any]], str],
) -> None:
    _importers[name] = Importer(name=name, function=function, summary=summary, next_url=next_url)


def import_start(
    *,
    name: str,
    owner,
    title: str,
    upload,
    limits: WorkbookLimits,
    options: dict[str, Any] | None = None,
) -> TaskProgress | None:
    """Check ``upload`` and, when it has more than ``IN_REQUEST_ROWS`` rows, store it and
    queue its import; returns the progress to show, or ``None`` for the caller to import it
    within the request. Raises ``ValidationError`` for a workbook refused by the checks.

    The request counts the sheet only up to its ``IN_REQUEST_ROWS``-th row, so it stays quick
    whatever the file's size: everything else (the zip, the XML, the columns and cells) is
    checked in full here, and the rows beyond by the worker before it imports anything."""
    if name not in _importers:
        raise LookupError(f"no import registered as {name!r}")
    in_request = replace(limits, rows=min(limits.rows, IN_REQUEST_ROWS), cells=limits.max_cells)
    try:
        workbook_check(upload, limits=in_request)
    except WorkbookRefused as refused:
        if refused.code != "too_many_rows" or limits.rows <= IN_REQUEST_ROWS:
            raise
    else:
        upload.seek(0)
        return None
    upload.seek(0)
    path = default_storage.save(f"{STORED_UNDER}/{uuid.uuid4().hex}.xlsx", upload)
    from banso.jobs.tasks import workbook_import_task

    with transaction.atomic():
        progress = progress_create(title=title, owner=owner)
        progress_enqueue(
            progress=progress,
            task=workbook_import_task,
            importer=name,
            path=path,
            owner_id=owner.pk,
            language=translation.get_language() or "vi",
            options=options or {},
        )
    return progress


def import_run(
    *,
    progress_id: int,
    importer: str,
    path: str,
    owner_id: int,
    language: str,
    options: dict[str, Any],
) -> str:
    """Run one stored import for the worker; returns the progress's status at the end."""
    progress = TaskProgress.objects.get(pk=progress_id)
    if progress.is_finished:
        _forget(path)
        return progress.status
    kind = _importers[importer]
    owner = get_user_model().objects.get(pk=owner_id)
    with translation.override(language):

        def step(percent: int, message: str) -> None:
            progress_update(progress_id=progress_id, percent=percent, message=message)

        def written(result: ImportResult) -> None:
            # Inside the import's write transaction: the rows and "done" commit together.
            progress_finish(
                progress_id=progress_id,
                message=kind.summary(result),
                result_url=kind.next_url(options),
            )

        progress_update(progress_id=progress_id, percent=1, message=_("Reading the workbook"))
        try:
            with default_storage.open(path, "rb") as upload:
                result = kind.function(
                    actor=owner,
                    upload=upload,
                    report=ImportReport(step=step, written=written),
                    **options,
                )
        except ValidationError as refused:
            progress_fail(progress_id=progress_id, message=" ".join(refused.messages))
        except DatabaseError:
            # Perhaps passing ("database is locked", a lost connection): the run is left
            # unfinished, with its workbook, for the task to be run again.
            raise
        except Exception:
            progress_fail(
                progress_id=progress_id, message=_("The import failed; nothing was imported.")
            )
            _forget(path)
            raise
        else:
            if result.errors:
                _errors_keep(progress_id, result)
    _forget(path)
    return TaskProgress.objects.get(pk=progress_id).status


def _errors_keep(progress_id: int, result: ImportResult) -> None:
    count = len(result.errors)
    TaskProgress.objects.filter(pk=progress_id).update(
        row_errors=[error.as_dict() for error in result.errors[:KEPT_ERRORS]],
        row_error_count=count,
    )
    progress_fail(
        progress_id=progress_id,
        message=_("Nothing was imported: %(count)d problems in the rows.") % {"count": count},
    )


def _forget(path: str) -> None:
    if default_storage.exists(path):
        default_storage.delete(path)


def import_give_up(*, path: str, **_kwargs: object) -> None:
    """After the worker was lost too often with this import (``jobs.resume``): its stored
    workbook goes; the resume check fails its progress bar."""
    _forget(path)
