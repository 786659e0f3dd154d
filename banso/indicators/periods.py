"""Periods as DHIS2 writes them: a year ``2023``, a month ``202303``. The analytics table, the
Excel report and the DHIS2 file keep that form; pages show a month in their language
("tháng 3/2023", "March 2023", "2023年3月": ``YEAR_MONTH_FORMAT`` of the format modules)."""

import datetime

from django.utils.formats import date_format


def period_is_month(period: str) -> bool:
    return len(period) == 6


def period_sort_key(period: str) -> tuple[bool, int]:
    """Years first, then months, each the latest first: the order of the period picker, whose
    first period (the latest year's review) is a dashboard's default."""
    return (period_is_month(period), -int(period))


def period_label(period: str) -> str:
    """``period`` as the page's language writes it: a year as it is, a month by its name or
    number with its year."""
    if not period_is_month(period):
        return period
    try:
        month = datetime.date(int(period[:4]), int(period[4:]), 1)
    except ValueError:
        return period
    return date_format(month, "YEAR_MONTH_FORMAT")
