"""A teams' report as an Excel workbook, laid out as the indicators' export is: a sheet of the
figures, one of the help given by kind and by month, one of the communes or villages."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from banso.common.exports import sheet_append
from banso.teams.reports import TeamReport


def report_workbook(report: TeamReport) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Report")[:31]
    sheet_append(sheet, [_("Report on the digital technology teams")])
    sheet_append(sheet, [_("Unit") if report.team is None else _("Team"), report.title])
    sheet_append(sheet, [_("Year"), report.year])
    sheet_append(sheet, [])
    for label, value in (
        (_("Villages"), report.villages),
        (_("Villages with an active team"), report.villages_with_team),
        (_("Coverage (%)"), report.coverage),
        (_("Active teams"), report.teams_active),
        (_("Active members"), report.members),
        *((label, count) for _code, label, count in report.members_by_position),
        (_("Help given"), report.help_records),
        (_("Households reached"), report.households_reached),
        (_("Follow-ups open"), report.follow_ups_open),
    ):
        sheet_append(sheet, [label, value])
    sheet.column_dimensions["A"].width = 40

    help_sheet = workbook.create_sheet(_("Help given")[:31])
    sheet_append(help_sheet, [_("Kind of help"), _("Help given")])
    for _code, label, count in report.help_by_kind:
        sheet_append(help_sheet, [label, count])
    sheet_append(help_sheet, [])
    sheet_append(help_sheet, [_("Month"), _("Help given")])
    for month, count in report.help_by_month:
        sheet_append(help_sheet, [date_format(datetime.date(2000, month, 1), "F"), count])
    help_sheet.column_dimensions["A"].width = 40

    if report.parts:
        parts = workbook.create_sheet(_("By unit")[:31])
        sheet_append(
            parts,
            [
                _("Commune or ward")
                if report.unit and report.unit.level == "province"
                else _("Village"),
                _("Villages"),
                _("Villages with an active team"),
                _("Coverage (%)"),
                _("Active members"),
                _("Help given"),
                _("Households reached"),
                _("Follow-ups open"),
            ],
        )
        for part in report.parts:
            sheet_append(
                parts,
                [
                    part.label,
                    part.villages,
                    part.villages_with_team,
                    part.coverage,
                    part.members,
                    part.help_records,
                    part.households_reached,
                    part.follow_ups_open,
                ],
            )
        parts.column_dimensions["A"].width = 30
    return workbook
