"""What happens to stamps after their run: printed, activated on a lot at packing, voided.

issued → printed → activated (bound to a lot) → voided. Only an activated stamp shows as
genuine. Each write takes whole ranges or lists of stamps at once and is all or nothing: when
one stamp cannot change, nothing changes and the error names every stamp that stood in the way
(up to :data:`ERRORS_SHOWN` of them). Stamps change with one ``UPDATE`` per range, so packing
50,000 stamps costs a handful of queries, not 50,000 saves.

A serial of an organisation the person may not change reads as unknown: the co-op pages must
not tell anyone which serials exist elsewhere.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banso.stamps.models import Stamp, StampRun, StampStatus
from banso.trace.models import Lot

ERRORS_SHOWN = 50
# SQLite allows 32,766 parameters a query; other databases fewer. Serial lists go in chunks.
CHUNK = 900
MAX_SERIALS = 20_000
ACTIVATABLE = (StampStatus.ISSUED, StampStatus.PRINTED)


class VoidReason(models.TextChoices):
    LOST = "lost", gettext_lazy("Lost")
    DAMAGED = "damaged", gettext_lazy("Damaged")
    RECALLED = "recalled", gettext_lazy("Recalled")


def _require_change(actor, organisation) -> None:
    if not actor.has_perm("orgs.change_organisation", organisation):
        raise PermissionDenied


# Reading what was scanned ----------------------------------------------------------------------


def serial_from_scan(text: str) -> str:
    """The serial in one scanned or typed line: the serial itself, or a GS1 Digital Link URI
    (``https://…/01/{gtin}/10/{lot}/21/{serial}``, with or without the host) whose AI 21
    part is the serial."""
    text = text.strip()
    if "/21/" not in text:
        return text
    path = urlsplit(text).path if "://" in text else text.split("?", 1)[0].split("#", 1)[0]
    segments = path.split("/")
    for index in range(len(segments) - 2, -1, -1):
        if segments[index] == "21":
            return unquote(segments[index + 1])
    return text


def serials_from_text(text: str) -> list[str]:
    """Serials from a pasted or scanned list: one a line (or separated by spaces), URIs or
    bare serials, in order, each once."""
    seen: dict[str, None] = {}
    for token in text.split():
        serial = serial_from_scan(token)
        if serial:
            seen.setdefault(serial, None)
    return list(seen)


# Selecting the stamps --------------------------------------------------------------------------


@dataclass
class _Selection:
    """The stamps a write is about: a queryset (one run's range, or rows by primary key) and
    the errors found while choosing them."""

    queryset: QuerySet[Stamp]
    expected: int
    errors: list[ValidationError]


def _stamp_error(stamp_label: str, message: str, code: str) -> ValidationError:
    return ValidationError(
        "%(stamp)s: %(problem)s", code=code, params={"stamp": stamp_label, "problem": message}
    )


def _by_range(actor, run: StampRun, number_from, number_to) -> _Selection:
    _require_change(actor, run.organisation)
    if number_from is None or number_to is None:
        raise ValidationError(_("Give the first and the last number."), code="range")
    if not 1 <= number_from <= number_to <= run.issued_count:
        raise ValidationError(
            _("The numbers of this run go from 1 to %(last)d, the first one first."),
            code="range",
            params={"last": run.issued_count},
        )
    queryset = Stamp.objects.filter(run=run, number__gte=number_from, number__lte=number_to)
    return _Selection(queryset=queryset, expected=number_to - number_from + 1, errors=[])


def _by_serials(actor, serials: Iterable[str]) -> tuple[_Selection, list[Stamp]]:
    wanted = list(dict.fromkeys(serial_from_scan(s) for s in serials if s and s.strip()))
    if not wanted:
        raise ValidationError(_("Scan or paste at least one stamp."), code="empty")
    if len(wanted) > MAX_SERIALS:
        raise ValidationError(
            _("At most %(count)d stamps at a time; use a number range for more."),
            code="too_many",
            params={"count": MAX_SERIALS},
        )
    found: dict[str, Stamp] = {}
    for start in range(0, len(wanted), CHUNK):
        for stamp in Stamp.objects.filter(serial__in=wanted[start : start + CHUNK]).select_related(
            "run__organisation"
        ):
            found[stamp.serial] = stamp
    allowed = {
        organisation.pk
        for organisation in {stamp.run.organisation for stamp in found.values()}
        if actor.has_perm("orgs.change_organisation", organisation)
    }
    errors, stamps = [], []
    for serial in wanted:
        known = found.get(serial)
        if known is None or known.run.organisation_id not in allowed:
            errors.append(_stamp_error(serial, _("no such stamp"), "unknown"))
        else:
            stamps.append(known)
    queryset = Stamp.objects.filter(pk__in=[stamp.pk for stamp in stamps])
    return _Selection(queryset=queryset, expected=len(stamps), errors=errors), stamps


def _select(actor, *, serials, run, number_from, number_to) -> tuple[_Selection, list | None]:
    if serials is not None and run is not None:
        raise ValueError("Give serials or a run's range, not both.")
    if serials is not None:
        return _by_serials(actor, serials)
    if run is None:
        raise ValueError("Give serials or a run's range.")
    return _by_range(actor, run, number_from, number_to), None


def _raise_if(errors: list[ValidationError], extra: int = 0) -> None:
    if not errors:
        return
    shown = errors[:ERRORS_SHOWN]
    hidden = len(errors) - len(shown) + extra
    if hidden:
        shown.append(
            ValidationError(
                _("… and %(count)d more stamps."), code="more", params={"count": hidden}
            )
        )
    raise ValidationError(shown)


def _chunks(stamps: list[Stamp] | None) -> list[list[int]] | None:
    if stamps is None:
        return None
    ids = [stamp.pk for stamp in stamps]
    return [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]


def _blockers(
    queryset: QuerySet[Stamp], chunks, ok: models.Q, limit: int
) -> tuple[list[dict], int]:
    """Up to ``limit`` stamps of the selection that fail ``ok``, and how many in all."""
    fields = ("number", "serial", "status", "lot_id", "run_id", "run__lot_id", "run__product_id")
    if chunks is None:
        bad = queryset.exclude(ok)
        rows = list(bad.order_by("number").values(*fields)[:limit])
        total = len(rows) if len(rows) < limit else bad.count()
        return rows, total
    rows = []
    for chunk in chunks:
        rows += list(Stamp.objects.filter(pk__in=chunk).exclude(ok).values(*fields))
    return rows[:limit], len(rows)


# Writes ----------------------------------------------------------------------------------------


@transaction.atomic
def stamps_mark_printed(*, actor, run: StampRun) -> int:
    """The run's sheets came back from the printer: its issued stamps become printed.

    Returns how many changed (a second call changes none)."""
    _require_change(actor, run.organisation)
    if run.status != StampRun.Status.READY:
        raise ValidationError(_("The print files of this run are not ready yet."), code="not_ready")
    return Stamp.objects.filter(run=run, status=StampStatus.ISSUED).update(
        status=StampStatus.PRINTED
    )


def _activation_problem(row: dict, lot: Lot) -> tuple[str, str]:
    if row["status"] == StampStatus.VOIDED:
        return _("voided, it cannot be used"), "voided"
    if row["run__product_id"] != lot.product_id:
        return _("made for another product"), "other_product"
    if row["run__lot_id"] is not None and row["run__lot_id"] != lot.pk:
        return _("printed for another lot"), "other_lot"
    if row["status"] == StampStatus.ACTIVATED:
        return _("already activated on another lot"), "activated"
    return _("cannot be activated"), "status"


@transaction.atomic
def stamps_activate(
    *,
    actor,
    lot: Lot,
    serials: Iterable[str] | None = None,
    run: StampRun | None = None,
    number_from: int | None = None,
    number_to: int | None = None,
) -> int:
    """Bind stamps to the lot they are stuck on, at packing: a list of scanned serials (bare
    or as Digital Link URIs) or the numbers ``number_from``–``number_to`` of ``run``.

    Stamps must be of the lot's product (and, when their run was ordered for a lot, of that
    lot), issued or printed. Stamps already activated on this same lot are left as they are, so
    scanning a box twice does no harm. Returns how many stamps were activated.
    """
    _require_change(actor, lot.product.organisation)
    selection, stamps = _select(
        actor, serials=serials, run=run, number_from=number_from, number_to=number_to
    )
    chunks = _chunks(stamps)
    ok = (
        models.Q(status__in=ACTIVATABLE)
        & models.Q(run__product_id=lot.product_id)
        & (models.Q(run__lot__isnull=True) | models.Q(run__lot_id=lot.pk))
    ) | models.Q(status=StampStatus.ACTIVATED, lot_id=lot.pk)
    rows, total = _blockers(selection.queryset, chunks, ok, ERRORS_SHOWN)
    errors = list(selection.errors)
    for row in rows:
        problem, code = _activation_problem(row, lot)
        errors.append(_stamp_error(_stamp_name(row), problem, code))
    _raise_if(errors, extra=total - len(rows))
    if stamps is None:
        _require_complete(selection)
    values = _activation_values(lot)
    if chunks is None:
        return selection.queryset.filter(status__in=ACTIVATABLE).update(**values)
    return sum(
        Stamp.objects.filter(pk__in=chunk, status__in=ACTIVATABLE).update(**values)
        for chunk in chunks
    )


def _activation_values(lot: Lot) -> dict:
    return {"status": StampStatus.ACTIVATED, "lot": lot, "activated_at": timezone.now()}


def _stamp_name(row: dict) -> str:
    return f"#{row['number']} {row['serial']}"


def _require_complete(selection: _Selection) -> None:
    """A range of a run whose serials are not all issued yet cannot be used."""
    if selection.queryset.count() != selection.expected:
        raise ValidationError(_("Some stamps of this range are not issued yet."), code="incomplete")


@transaction.atomic
def stamps_void(
    *,
    actor,
    reason: str,
    serials: Iterable[str] | None = None,
    run: StampRun | None = None,
    number_from: int | None = None,
    number_to: int | None = None,
) -> int:
    """Void stamps that were lost, damaged or recalled: from then on their page says the
    stamp is void. Stamps voided already stay as they were (their first reason is kept).
    Returns how many stamps were voided."""
    if reason not in VoidReason.values:
        raise ValidationError(_("Choose why the stamps are voided."), code="reason")
    selection, stamps = _select(
        actor, serials=serials, run=run, number_from=number_from, number_to=number_to
    )
    _raise_if(selection.errors)
    if stamps is None:
        _require_complete(selection)
    values = {"status": StampStatus.VOIDED, "voided_at": timezone.now(), "void_reason": reason}
    chunks = _chunks(stamps)
    if chunks is None:
        return selection.queryset.exclude(status=StampStatus.VOIDED).update(**values)
    return sum(
        Stamp.objects.filter(pk__in=chunk).exclude(status=StampStatus.VOIDED).update(**values)
        for chunk in chunks
    )
