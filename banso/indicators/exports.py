"""The indicators as files: an Excel workbook in the layout officers report in, and DHIS2's
``dataValueSets`` JSON so a province running DHIS2 can import the figures. Both are built from
the selectors' scoped reads: what a reader may not see is not in their file either."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook

from banso.common.exports import sheet_append
from banso.indicators.facts import TOTAL
from banso.indicators.models import IndicatorValue
from banso.indicators.periods import period_is_month, period_label
from banso.indicators.selectors import Dashboard


def status_label(status: str) -> str:
    return {"on": _("On track"), "near": _("Close to target"), "off": _("Off track")}.get(
        status, ""
    )


def dashboard_workbook(dashboard: Dashboard) -> Workbook:
    """One sheet of the unit's indicators (no., indicator, numerator, denominator, value,
    target, % of target, assessment), one of its parts (communes or villages) by indicator."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indicators")[:31]
    sheet_append(sheet, [_("Report on the indicators")])
    sheet_append(sheet, [_("Unit"), dashboard.unit.name])
    # The period as DHIS2 writes it (202303), and a month by its name beside it.
    period = dashboard.period
    month_name = [period_label(period)] if period_is_month(period) else []
    sheet_append(sheet, [_("Period"), period, *month_name])
    sheet_append(sheet, [_("Hierarchy"), _hierarchy_label(dashboard.hierarchy)])
    sheet_append(sheet, [])
    sheet_append(
        sheet,
        [
            _("No."),
            _("Indicator"),
            _("Numerator"),
            _("Denominator"),
            _("Value"),
            _("Target"),
            _("Percent of target"),
            _("Assessment"),
        ],
    )
    for number, panel in enumerate(dashboard.panels, start=1):
        figure = panel.figure
        sheet_append(
            sheet,
            [
                number,
                panel.indicator.display_name,
                figure.numerator if figure else None,
                figure.denominator if figure else None,
                figure.value if figure else None,
                panel.target,
                panel.percent_of_target,
                status_label(panel.status),
            ],
        )
    sheet.column_dimensions["B"].width = 60
    parts = workbook.create_sheet(_("By unit")[:31])
    sheet_append(parts, [_("Unit"), *(panel.indicator.display_name for panel in dashboard.panels)])
    labels: dict[str, str] = {}
    values: dict[tuple[str, int], float | None] = {}
    for panel in dashboard.panels:
        for part in panel.parts:
            labels.setdefault(part.code, part.label)
            values[(part.code, panel.indicator.pk)] = part.value
    for code, label in labels.items():
        sheet_append(
            parts, [label, *(values.get((code, panel.indicator.pk)) for panel in dashboard.panels)]
        )
    parts.column_dimensions["A"].width = 30
    return workbook


def _hierarchy_label(hierarchy: str) -> str:
    from banso.indicators.models import Hierarchy

    return str(Hierarchy(hierarchy).label)


def data_value_set(values: Iterable[IndicatorValue]) -> dict:
    """DHIS2's ``dataValueSets`` payload: each figure as a data value whose data element,
    organisation unit and category option combination are named by code (import it with
    ``idScheme=CODE``); the total of a figure is DHIS2's ``default`` combination."""
    return {
        "dataElementIdScheme": "CODE",
        "orgUnitIdScheme": "CODE",
        "categoryOptionComboIdScheme": "CODE",
        "dataValues": [
            {
                "dataElement": value.indicator.code,
                "period": value.period,
                "orgUnit": value.unit.code,
                "categoryOptionCombo": value.disaggregation
                if value.disaggregation != TOTAL
                else "default",
                "value": f"{value.value:g}",
            }
            for value in values
        ],
    }
