"""The producer's dashboard as an Excel workbook: daily scans, top places, flagged stamps.

Rows go through ``banso.common.exports``: a product name cannot become a formula."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from banso.common.exports import sheet_append
from banso.orgs.models import Organisation
from banso.stamps.selectors import dashboard

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(workbook: Workbook, title: str, header: list[str], rows) -> None:
    sheet = workbook.create_sheet(title)
    sheet_append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet_append(sheet, row)
    sheet.freeze_panes = "A2"


def dashboard_workbook(organisation: Organisation) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Daily scans"),
        [_("Day"), _("Scans")],
        ((point.day, point.count) for point in dashboard.dashboard_scans_per_day(organisation)),
    )
    _sheet(
        workbook,
        _("Top places"),
        [_("Place"), _("Code"), _("Scans")],
        (
            (place.label, place.code, place.count)
            for place in dashboard.dashboard_top_places(organisation)
        ),
    )
    flagged = dashboard.dashboard_flagged_stamps(organisation)[: dashboard.FLAGGED_SHOWN]
    _sheet(
        workbook,
        _("Flagged stamps"),
        [_("Serial"), _("Number"), _("Product"), _("Lot"), _("Scans"), _("Why")],
        (
            (
                stamp.serial,
                stamp.number,
                stamp.run.product.name,
                stamp.lot.code if stamp.lot else "",
                stamp.scan_count,
                "; ".join(dashboard.flag_titles(stamp)),
            )
            for stamp in flagged
        ),
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
