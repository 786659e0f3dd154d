"""Stamp runs: ordering N stamps, issuing their serials and laying out their print files.

A run is a background task that may be killed at any moment (a worker restarted, a machine
rebooted) and run again: :func:`stamp_run_execute` is idempotent. Serials are stored in batches,
each in one transaction with the run's ``issued_count``, numbered after the highest number already
stored, so a second pass neither repeats nor skips a stamp. The print files are made last, in one
pass over the stored stamps; a pass cut short is simply made again.
"""

import datetime
import logging
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.db.models import Field, Max, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.jobs.services import (
    progress_create,
    progress_enqueue,
    progress_fail,
    progress_finish,
    progress_update,
)
from banso.orgs.services import organisation_require_approved
from banso.stamps import printing
from banso.stamps.models import LabelTemplate, Stamp, StampRun, StampStatus
from banso.stamps.serials import pin_for, pin_hash, pin_secret_new, serial_new
from banso.trace.models import Lot, Product

logger = logging.getLogger(__name__)

ISSUE_BATCH_SIZE = 2_000
# Share of the progress bar for issuing serials; laying out takes the rest.
ISSUE_PERCENT = 40
# A run whose worker has not written a heartbeat for this long is taken to be orphaned
# (``settings.STAMP_RUN_STALE_SECONDS`` in the worker's periodic check).
STALE_AFTER = datetime.timedelta(minutes=1)
# How often the worker looks for orphaned runs.
RESUME_CHECK_SECONDS = 30
SERIAL_CLASH_RETRIES = 5


@transaction.atomic
def stamp_run_create(
    *,
    actor,
    product: Product,
    quantity: int,
    lot: Lot | None = None,
    with_pin: bool = False,
    pin_length: int = 6,
    template: str = LabelTemplate.A4_30MM,
    label_width_mm: Decimal | float | None = None,
    label_height_mm: Decimal | float | None = None,
    margin_mm: Decimal | float | None = None,
    gap_mm: Decimal | float | None = None,
    bleed_mm: Decimal | float | None = None,
    label_text: str = "",
    logo=None,
) -> StampRun:
    """Order ``quantity`` stamps of ``product`` (optionally of one of its lots).

    Only someone who may change the product's organisation may order its stamps. The run and
    its progress bar are stored, and its task queued once the transaction commits.
    """
    organisation = product.organisation
    if actor is None or not actor.has_perm("orgs.change_organisation", organisation):
        raise PermissionDenied(_("You cannot order stamps for this organisation’s products."))
    organisation_require_approved(organisation)
    if lot is not None and lot.product_id != product.pk:
        raise ValidationError(
            {"lot": _("This lot is not a lot of the product.")}, code="lot_product"
        )

    def decimal(value) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    run = StampRun(
        organisation=organisation,
        product=product,
        lot=lot,
        quantity=quantity,
        with_pin=with_pin,
        pin_length=pin_length,
        pin_secret=pin_secret_new() if with_pin else b"",
        template=template,
        label_width_mm=decimal(label_width_mm),
        label_height_mm=decimal(label_height_mm),
        margin_mm=decimal(margin_mm),
        gap_mm=decimal(gap_mm),
        bleed_mm=decimal(bleed_mm),
        label_text=label_text,
        created_by=actor,
    )
    if logo:
        run.logo = logo
    run.full_clean(exclude=["progress"])
    printing.sheet_for_run(run)  # refuses a label sheet on which the labels cannot be laid out
    run.progress = progress_create(
        title=_("%(count)s stamps for %(product)s") % {"count": quantity, "product": product.name},
        owner=actor,
    )
    run.save()
    from banso.stamps.tasks import stamp_run_task

    progress_enqueue(progress=run.progress, task=stamp_run_task, run_id=run.pk)
    return run


def stamp_run_url(run: StampRun) -> str:
    """The run's page, where its progress and print files are shown."""
    try:
        return reverse("stamps:run-detail", args=[run.pk])
    except NoReverseMatch:
        return f"/stamps/runs/{run.pk}/"


def _heartbeat(run_id: int, **fields) -> None:
    StampRun.objects.filter(pk=run_id).update(heartbeat_at=timezone.now(), **fields)


# Every column of a new stamp that has no null default, in the order of _stamps_insert's rows.
_INSERT_FIELDS = (
    "run",
    "number",
    "serial",
    "pin_hash",
    "status",
    "void_reason",
    "scan_count",
    "is_flagged",
    "flag_reasons",
)


def _stamps_insert(run: StampRun, numbers: range) -> None:
    """Insert the stamps ``numbers`` of ``run`` with fresh serials (and their PINs' hashes).

    One ``executemany`` of plain rows: building model instances for ``bulk_create`` took
    three quarters of the time of issuing.
    """
    rows = []
    for number in numbers:
        serial = serial_new()
        hashed = (
            pin_hash(serial, pin_for(run.pin_secret, serial, run.pin_length))
            if run.with_pin
            else ""
        )
        rows.append((run.pk, number, serial, hashed, StampStatus.ISSUED, "", 0, False, "[]"))
    if not rows:
        return
    quote = connection.ops.quote_name
    # The stamp's own concrete fields, each with its column.
    fields = [cast(Field, Stamp._meta.get_field(name)) for name in _INSERT_FIELDS]
    columns = ", ".join(quote(cast(str, field.column)) for field in fields)
    placeholders = ", ".join(["%s"] * len(_INSERT_FIELDS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(Stamp._meta.db_table)} ({columns}) VALUES ({placeholders})",  # noqa: S608
            rows,
        )


def _issue_batch(run: StampRun, size: int) -> int:
    """Store up to ``size`` more stamps of ``run``; returns how many the run now has.

    The highest number stored is read inside the batch's transaction, so two passes over one run
    (a resumed task meeting a slow one) cannot number two stamps alike: the unique constraint on
    (run, number) turns the loser's batch back and it reads again.
    """
    for _attempt in range(SERIAL_CLASH_RETRIES):
        try:
            with transaction.atomic():
                issued = Stamp.objects.filter(run_id=run.pk).aggregate(top=Max("number"))["top"]
                issued = issued or 0
                count = min(size, run.quantity - issued)
                _stamps_insert(run, range(issued + 1, issued + count + 1))
                StampRun.objects.filter(pk=run.pk).update(
                    issued_count=issued + count, heartbeat_at=timezone.now()
                )
                return issued + count
        except IntegrityError:
            # A serial met one already issued (or another pass stored this batch): draw again.
            logger.warning("stamp run %s: batch clashed, drawing again", run.pk)
    raise RuntimeError(f"stamp run {run.pk}: {SERIAL_CLASH_RETRIES} clashing batches in a row")


def _issue(run: StampRun, progress_id: int | None) -> None:
    while True:
        issued = _issue_batch(run, ISSUE_BATCH_SIZE)
        if progress_id:
            progress_update(
                progress_id=progress_id,
                percent=ISSUE_PERCENT * issued // run.quantity,
                message=_("%(issued)s of %(total)s serials issued")
                % {"issued": issued, "total": run.quantity},
            )
        if issued >= run.quantity:
            return


def _lay_out(run: StampRun, progress_id: int | None) -> None:
    def report(done: int) -> None:
        _heartbeat(run.pk)
        if progress_id:
            progress_update(
                progress_id=progress_id,
                percent=ISSUE_PERCENT + (100 - ISSUE_PERCENT) * done // run.quantity,
                message=_("%(done)s of %(total)s labels laid out")
                % {"done": done, "total": run.quantity},
            )

    for field in (run.pdf, run.serials_csv, run.serials_xlsx):
        if field:  # files of a pass cut short between saving them and finishing
            field.delete(save=False)
    with printing.run_files(run, report=report) as files:
        name = f"run-{run.pk}-{run.product.gtin}"
        with files.pdf.open("rb") as pdf:
            run.pdf.save(f"{name}.pdf", File(pdf), save=False)
        with files.csv.open("rb") as csv:
            run.serials_csv.save(f"{name}.csv", File(csv), save=False)
        with files.xlsx.open("rb") as xlsx:
            run.serials_xlsx.save(f"{name}.xlsx", File(xlsx), save=False)
    StampRun.objects.filter(pk=run.pk).update(
        pdf=run.pdf.name, serials_csv=run.serials_csv.name, serials_xlsx=run.serials_xlsx.name
    )


def stamp_run_execute(*, run_id: int) -> StampRun:
    """Issue the run's serials and make its print files, from wherever a previous pass stopped.

    Safe to call again at any time: a finished run is left as it is. The stamps stay *issued*:
    marking them printed is the co-operative's word once the sheets are out of the press.
    """
    run = StampRun.objects.select_related("product", "lot").get(pk=run_id)
    if run.status in (StampRun.Status.READY, StampRun.Status.FAILED):
        return run
    progress_id = run.progress_id
    try:
        if run.issued_count < run.quantity or run.status in (
            StampRun.Status.QUEUED,
            StampRun.Status.ISSUING,
        ):
            _heartbeat(run.pk, status=StampRun.Status.ISSUING)
            _issue(run, progress_id)
        _heartbeat(run.pk, status=StampRun.Status.LAYING_OUT)
        run.refresh_from_db()
        _lay_out(run, progress_id)
        StampRun.objects.filter(pk=run.pk).update(
            status=StampRun.Status.READY,
            pin_secret=b"",
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
    except Exception as error:
        logger.exception("stamp run %s failed", run.pk)
        StampRun.objects.filter(pk=run.pk).update(
            status=StampRun.Status.FAILED, pin_secret=b"", finished_at=timezone.now()
        )
        if progress_id:
            progress_fail(
                progress_id=progress_id,
                message=_("The stamps could not be made: %(error)s") % {"error": error},
            )
        raise
    run.refresh_from_db()
    if progress_id:
        progress_finish(
            progress_id=progress_id,
            message=_("%(count)s stamps are ready to print.") % {"count": run.quantity},
            result_url=stamp_run_url(run),
        )
    return run


def stamp_runs_resume(*, stale_after: datetime.timedelta = STALE_AFTER) -> list[int]:
    """Queue again every unfinished run whose worker has gone quiet; returns their ids.

    A run is orphaned when its heartbeat is older than ``stale_after`` or it never started and
    its task is no longer waiting in the queue (a queue emptied, a task lost with its worker).
    The worker calls this when it starts and then every half minute
    (:func:`stamp_runs_resume_check`).
    """
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from banso.stamps.tasks import stamp_run_task

    now = timezone.now()
    unfinished = StampRun.objects.exclude(
        status__in=[StampRun.Status.READY, StampRun.Status.FAILED]
    ).filter(Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - stale_after))
    resumed = []
    for run in unfinished.select_related("progress", "product"):
        task_id = run.progress.task_result_id if run.progress else ""
        if task_id:
            tasks = DBTaskResult.objects.filter(pk=task_id)
            if tasks.filter(status=TaskResultStatus.READY).exists():
                continue  # still waiting in the queue
            # The task of a killed worker stays "running" in the queue for ever otherwise.
            DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED, finished_at=now
            )
        progress = run.progress or progress_create(
            title=_("%(count)s stamps for %(product)s")
            % {"count": run.quantity, "product": run.product.name},
            owner=run.created_by,
        )
        if run.progress is None:
            StampRun.objects.filter(pk=run.pk).update(progress=progress)
        # Marks the run as picked up, so a second call does not queue it twice.
        StampRun.objects.filter(pk=run.pk).update(heartbeat_at=now)
        with transaction.atomic():
            progress_enqueue(progress=progress, task=stamp_run_task, run_id=run.pk)
        resumed.append(run.pk)
    return resumed


def stamp_run_give_up(*, run_id: int, progress_id: int | None = None) -> None:
    """Fail a run whose task was lost with its worker too often (``banso.jobs.resume``): a run
    that kills its worker each time must not be queued for ever."""
    StampRun.objects.filter(pk=run_id).exclude(
        status__in=[StampRun.Status.READY, StampRun.Status.FAILED]
    ).update(status=StampRun.Status.FAILED, pin_secret=b"", finished_at=timezone.now())


def stamp_runs_resume_check() -> None:
    """The worker's periodic check (registered in ``StampsConfig.ready()``)."""
    stale_after = datetime.timedelta(seconds=settings.STAMP_RUN_STALE_SECONDS)
    resumed = stamp_runs_resume(stale_after=stale_after)
    if resumed:
        logger.warning("stamp runs queued again: %s", resumed)
