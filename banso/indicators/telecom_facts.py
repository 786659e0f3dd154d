"""Monthly facts of telecom support (Circular 14/2022/TT-BTTTT), counted from
``banso.households``' enrolments and the providers' monthly traffic reports.

A month's facts are counted by the household's commune today (``Household.unit``), with one
grouped query a month (never one a household): households whose enrolment runs on any day of
the month (``telecom.enrolled``), those of them with a supported subscription (a smartphone or
a subscription: the money instead of a smartphone is paid once and has no traffic to report,
``telecom.subscriptions``), those whose support is active in the month or suspended in it (the
status the latest report before the month left, ``telecom_selectors.enrolments_in_month``), and
those with a subscription whose traffic was reported for the month (``telecom.reported``) and
was found (``telecom.with_traffic``). Each is broken down by the form of support
(``support:smartphone``, ``support:subscription``, ``support:cash``). A household has one
enrolment at a time; one whose support ended in a month and began again in the same month
under another form counts under each.

The periods are months, ``YYYYMM`` as DHIS2 writes them. A commune's month is counted once a
report of that month has been recorded for one of its households: until then its traffic is
not known, and every supported household would read as one without traffic. So the month under
way, whose reports come after it, appears when its first report does.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from banso.households.models import TelecomActivity, TelecomStatus
from banso.households.telecom_selectors import SUBSCRIPTION_KINDS, enrolments_in_month
from banso.indicators.facts import TOTAL, Fact

CODES = {
    "telecom.enrolled": _("Households enrolled in telecom support in the month"),
    "telecom.subscriptions": _("Households with a supported subscription in the month"),
    "telecom.active": _("Households whose telecom support is active in the month"),
    "telecom.suspended": _("Households whose telecom support is suspended in the month"),
    "telecom.reported": _("Households whose subscription's traffic was reported for the month"),
    "telecom.with_traffic": _("Households whose supported subscription had traffic in the month"),
}


def period_of_month(month: datetime.date) -> str:
    """DHIS2's monthly period: ``202303`` for March 2023."""
    return f"{month:%Y%m}"


def reported_months(*, year: int | None) -> list[datetime.date]:
    """The months (their first day) for which any traffic report is recorded, of ``year`` (of
    every year when None): one query."""
    reports = TelecomActivity.objects.all()
    if year is not None:
        reports = reports.filter(
            month__gte=datetime.date(year, 1, 1), month__lte=datetime.date(year, 12, 31)
        )
    return sorted(reports.values_list("month", flat=True).distinct().order_by())


def _codes_of(row: Mapping[str, Any]) -> list[str]:
    """The facts a group of households (same commune, form of support, status in the month,
    report and traffic) counts in."""
    codes = ["telecom.enrolled"]
    if row["status_in_month"] == TelecomStatus.SUSPENDED:
        codes.append("telecom.suspended")
    else:
        codes.append("telecom.active")
    if row["kind"] in SUBSCRIPTION_KINDS:
        codes.append("telecom.subscriptions")
        if row["traffic"] is not None:
            codes.append("telecom.reported")
        if row["traffic"]:
            codes.append("telecom.with_traffic")
    return codes


def _month_counts(month: datetime.date) -> dict[int, dict[tuple[str, str], int]]:
    """{commune: {(fact code, form of support or ""): households}} in ``month``: one query,
    grouped by commune, form of support, status in the month and the month's report (``traffic``:
    None when not reported), so that each subquery runs once an enrolment."""
    report = TelecomActivity.objects.filter(enrolment=OuterRef("pk"), month=month)
    rows = (
        enrolments_in_month(month)
        .annotate(traffic=Subquery(report.values("has_traffic")[:1]))
        .values("household__unit_id", "kind", "status_in_month", "traffic")
        .annotate(households=Count("household_id", distinct=True))
        .order_by()
    )
    counts: dict[int, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        by_fact = counts[row["household__unit_id"]]
        for code in _codes_of(row):
            by_fact[(code, TOTAL)] += row["households"]
            by_fact[(code, row["kind"])] += row["households"]
    return counts


class TelecomFacts:
    name = "telecom"

    def codes(self) -> dict[str, str]:
        return {code: str(label) for code, label in CODES.items()}

    def facts(self, *, year: int | None) -> Iterable[Fact]:
        """The facts of every reported month of ``year`` (of every year when None): one query
        for the months, then one a month, twelve a year at most."""
        for month in reported_months(year=year):
            period = period_of_month(month)
            for unit_id, counts in _month_counts(month).items():
                if not counts.get(("telecom.reported", TOTAL)):
                    continue  # no report of the month in this commune yet
                for (code, kind), value in counts.items():
                    yield Fact(
                        code=code,
                        period=period,
                        value=value,
                        unit_id=unit_id,
                        disaggregation=f"support:{kind}" if kind else TOTAL,
                    )


telecom_facts = TelecomFacts()
