"""Excel import of lots: one row a lot. A file with any error imports nothing; every error
names its row and column so the person can fix the file and upload it again."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from banso.common.imports import ImportReport, ImportResult, RowError, read_date, read_text
from banso.common.text import fold
from banso.common.workbooks import WorkbookLimits, workbook_rows
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.trace.gs1 import gtin_normalize, validate_lot_code
from banso.trace.models import Lot, MeasureUnit
from banso.trace.selectors.products import products_for_user
from banso.trace.services.products import lot_create

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 5000
LOT_IMPORT_LIMITS = WorkbookLimits(rows=MAX_ROWS)
UNIT_WORDS = {
    "g": "g",
    "gram": "g",
    "kg": "kg",
    "kilogram": "kg",
    "t": "t",
    "tan": "t",
    "tonne": "t",
    "ml": "ml",
    "l": "l",
    "lit": "l",
    "litre": "l",
    "piece": "piece",
    "cai": "piece",
    "qua": "piece",
    "chiec": "piece",
}


def _columns() -> list[str]:
    return [
        _("Product GTIN"),
        _("Lot code"),
        _("Harvest date"),
        _("Commune code"),
        _("Village"),
        _("Quantity"),
        _("Unit"),
        _("Producer households"),
    ]


def template_workbook() -> Workbook:
    """An empty workbook with the header row and one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Lots")[:31]
    sheet.append(_columns())
    sheet.append(
        [
            "00209890000019",
            "MK2025-11",
            datetime.date(2025, 11, 20),
            "02761",
            "Mã Tuyển",
            1200,
            "kg",
            "Tẩn Văn Sử; Lù Thị Mai",
        ]
    )
    return workbook


def lots_import(*, actor, upload, report: ImportReport | None = None) -> ImportResult:
    """Create lots from a workbook; any error and nothing is written.

    Columns, under a header row: product GTIN, lot code, harvest date (dd/mm/yyyy or a date
    cell), commune or ward code, village name (optional), quantity, unit (kg, g, t, l, ml,
    piece), producer households (optional, separated by ";"). The workbook is read and
    every row checked before the lots are written in one transaction.
    """
    report = report or ImportReport()
    rows = workbook_rows(upload, limits=LOT_IMPORT_LIMITS)
    if len(rows) < 2:
        raise ValidationError(_("The workbook has no rows under its header."), code="empty")
    report.percent(10, _("Checking the rows"))
    columns = _columns()
    products = {p.gtin: p for p in products_for_user(actor)}
    communes = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(is_current=True, level=UnitLevel.COMMUNE)
    }
    result = ImportResult()
    planned: list[tuple[int, dict[str, Any]]] = []
    seen = set()
    for number, row in enumerate(rows[1:], start=2):
        values = (list(row) + [None] * 8)[:8]
        if all(read_text(v) == "" for v in values):
            continue
        errors_before = len(result.errors)

        def error(column: int, message: str, number=number) -> None:
            result.errors.append(RowError(number, columns[column], message))

        gtin_text, code, harvest, commune_code, village_name, quantity, unit, households = values
        product = None
        try:
            gtin = gtin_normalize(read_text(gtin_text))
        except ValidationError as problem:
            error(0, problem.messages[0])
        else:
            product = products.get(gtin)
            if product is None:
                error(0, _("None of your products has this GTIN."))
        code = read_text(code)
        try:
            validate_lot_code(code)
        except ValidationError as problem:
            error(1, problem.messages[0])
        try:
            harvest_date = read_date(harvest)
        except ValueError:
            error(2, _("Write the date as dd/mm/yyyy."))
            harvest_date = None
        commune_code = read_text(commune_code)
        commune = communes.get(commune_code.zfill(5)) if commune_code else None
        if commune is None:
            error(3, _("No current commune or ward has code “%(code)s”.") % {"code": commune_code})
        village = None
        if read_text(village_name) and commune is not None:
            village = Village.objects.filter(
                commune=commune, name_folded=fold(read_text(village_name))
            ).first()
            if village is None:
                error(4, _("This commune has no village of that name."))
        try:
            amount = Decimal(read_text(quantity).replace(",", "."))
            if amount < 0 or not amount.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            error(5, _("The quantity must be a number, 0 or more."))
            amount = None
        unit_value = UNIT_WORDS.get(fold(read_text(unit)))
        if unit_value not in MeasureUnit.values:
            error(6, _("The unit must be kg, g, t, l, ml or piece."))
        if product is not None and code:
            key = (product.pk, code)
            if key in seen:
                error(1, _("This lot appears twice in the file."))
            elif Lot.objects.filter(product=product, code=code).exists():
                error(1, _("This product already has a lot with this code."))
            seen.add(key)
        if len(result.errors) == errors_before:
            planned.append(
                (
                    number,
                    dict(
                        product=product,
                        code=code,
                        harvest_date=harvest_date,
                        harvest_unit=commune,
                        harvest_village=village,
                        quantity=amount,
                        quantity_unit=unit_value,
                        producer_households="\n".join(
                            part.strip()
                            for part in read_text(households).split(";")
                            if part.strip()
                        ),
                    ),
                )
            )
    if result.errors:
        return result
    report.percent(50, _("Writing"))
    with transaction.atomic():
        for number, fields in planned:
            try:
                lot_create(actor=actor, **fields)
            except ValidationError as problem:
                # A rule only the service knows: report it on its row and write nothing.
                for name, messages in problem.message_dict.items():
                    result.errors.append(RowError(number, name, "; ".join(messages)))
            else:
                result.created += 1
        if result.errors:
            transaction.set_rollback(True)
            result.created = 0
        else:
            report.done(result)
    return result


def lots_import_summary(result: ImportResult) -> str:
    return _("%(count)d lots were imported.") % {"count": result.created}
