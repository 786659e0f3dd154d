"""Reads of telecom support: how many of a commune's poor households the programme supports.

Counts only, no names: "about 3,000 of 9,000 poor households in Bắc Hà" as a computed row.
The poor households of a year are those whose assessment of that year is poor; a poor
household is supported in a year when an enrolment of it runs on any day of the year, and in a
month when an enrolment runs on any day of the month and its support is not suspended in that
month (the status the latest report before the month left, ``TelecomActivity.status_after``).
Publishing these figures (small-cell suppression) is the indicators' business.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from banso.households.models import (
    Assessment,
    Household,
    LivingStandard,
    TelecomActivity,
    TelecomEnrolment,
    TelecomStatus,
    TelecomSupportKind,
)
from banso.places.models import AdministrativeUnit, UnitLevel, UnitSuccession


@dataclass(frozen=True)
class CoverageRow:
    unit: AdministrativeUnit
    poor_households: int
    supported_households: int

    @property
    def share(self) -> float | None:
        """Supported poor households over poor households, 0–1 (None without poor ones)."""
        if not self.poor_households:
            return None
        return self.supported_households / self.poor_households

    @property
    def share_percent(self) -> float | None:
        """The share as a percentage to one decimal (``33.3``), as pages write it."""
        share = self.share
        return None if share is None else round(share * 100, 1)


# The forms of support that pay for a subscription month by month: the provider reports their
# traffic. The money instead of a smartphone is paid once and has no subscription to report on.
SUBSCRIPTION_KINDS = (TelecomSupportKind.SMARTPHONE, TelecomSupportKind.SUBSCRIPTION)


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of ``month``'s month."""
    first_day = month.replace(day=1)
    next_month = (first_day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first_day, next_month - datetime.timedelta(days=1)


def enrolments_running(
    first_day: datetime.date, last_day: datetime.date
) -> QuerySet[TelecomEnrolment]:
    """The enrolments that run on any day from ``first_day`` to ``last_day``: started by the
    last day and not ended before the first."""
    return TelecomEnrolment.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=first_day), started_on__lte=last_day
    )


def enrolments_in_month(month: datetime.date) -> QuerySet[TelecomEnrolment]:
    """The enrolments that run on any day of ``month``, each annotated with
    ``status_in_month``: the status the latest report before the month left
    (``TelecomActivity.status_after``), ``active`` when none was reported before it. Support is
    suspended in the month when that status is ``suspended``."""
    first_day, last_day = month_bounds(month)
    last_status = (
        TelecomActivity.objects.filter(enrolment=OuterRef("pk"), month__lt=first_day)
        .order_by("-month")
        .values("status_after")[:1]
    )
    return enrolments_running(first_day, last_day).annotate(
        status_in_month=Coalesce(Subquery(last_status), Value(TelecomStatus.ACTIVE))
    )


def _enrolments_supported(
    first_day: datetime.date, last_day: datetime.date, *, in_month: bool
) -> QuerySet[TelecomEnrolment]:
    """The household's enrolments that support it in the period (for ``Exists``)."""
    if in_month:
        suspended = Q(status_in_month=TelecomStatus.SUSPENDED)
        enrolments = enrolments_in_month(first_day).exclude(suspended)
    else:
        enrolments = enrolments_running(first_day, last_day)
    return enrolments.filter(household=OuterRef("household"))


def _period(year: int | None, month: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    if month is not None:
        return month_bounds(month)
    if year is not None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    raise TypeError("Coverage needs a year or a month.")


def _counts_by_commune(
    communes: QuerySet[AdministrativeUnit], *, year: int | None, month: datetime.date | None
) -> dict[int, tuple[int, int]]:
    first_day, last_day = _period(year, month)
    counts = (
        Assessment.objects.filter(
            year=first_day.year,
            living_standard=LivingStandard.POOR,
            household__unit__in=communes,
        )
        .annotate(
            is_supported=Exists(
                _enrolments_supported(first_day, last_day, in_month=month is not None)
            )
        )
        .values("household__unit")
        .annotate(poor=Count("pk"), supported=Count("pk", filter=Q(is_supported=True)))
        .order_by()
    )
    return {row["household__unit"]: (row["poor"], row["supported"]) for row in counts}


def coverage_by_commune(
    *,
    unit: AdministrativeUnit,
    year: int | None = None,
    month: datetime.date | None = None,
) -> list[CoverageRow]:
    """One row per current commune under ``unit`` (or ``unit`` itself, a commune), in the
    Vietnamese alphabetical order: its poor households of ``year`` (or of ``month``'s year)
    and how many of them were supported that year (or that month). Give a year or a month."""
    communes = AdministrativeUnit.objects.filter(
        path__startswith=unit.path, level=UnitLevel.COMMUNE, is_current=True
    ).order_by("name_sort", "code")
    by_unit = _counts_by_commune(communes, year=year, month=month)
    return [CoverageRow(commune, *by_unit.get(commune.pk, (0, 0))) for commune in communes]


def former_district_communes(district: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """Today's communes that took over the retired communes of a district abolished on
    1 July 2025 (the default successor of each, ``places.UnitSuccession``)."""
    successors = UnitSuccession.objects.filter(retired__parent=district, is_default=True).values(
        "successor"
    )
    return AdministrativeUnit.objects.filter(pk__in=successors, is_current=True).order_by(
        "name_sort", "code"
    )


def coverage_of_former_district(
    *,
    district: AdministrativeUnit,
    year: int | None = None,
    month: datetime.date | None = None,
) -> CoverageRow:
    """The coverage of a former district, summed over the communes that took it over today
    (``former_district_communes``): "3,000 of 9,000 poor households in Bắc Hà"."""
    by_unit = _counts_by_commune(former_district_communes(district), year=year, month=month)
    return CoverageRow(
        district,
        sum(poor for poor, _supported in by_unit.values()),
        sum(supported for _poor, supported in by_unit.values()),
    )


def former_districts_under(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """The districts abolished on 1 July 2025 whose communes went (by their default
    successor) to today's communes under ``unit``: the former districts whose totals an officer
    of ``unit`` reads, as "Bắc Hà" for the province of Lào Cai."""
    districts = UnitSuccession.objects.filter(
        is_default=True,
        successor__path__startswith=unit.path,
        retired__parent__level=UnitLevel.DISTRICT,
    ).values("retired__parent")
    return AdministrativeUnit.objects.filter(pk__in=districts).order_by("name_sort", "code")


def enrolments_of_household(household: Household) -> list[TelecomEnrolment]:
    """A household's enrolments, the latest first, with their monthly reports (for its page;
    the caller has read the household through ``households_for_user``)."""
    return list(
        TelecomEnrolment.objects.filter(household=household)
        .prefetch_related(Prefetch("activities", TelecomActivity.objects.order_by("-month")))
        .order_by("-started_on", "-pk")
    )


def enrolments_suspended(households: QuerySet[Household]) -> QuerySet[TelecomEnrolment]:
    """The telecom support enrolments of ``households`` (already scoped by the caller) whose
    support is suspended now: the provider reported no traffic two months running
    (``telecom_services.statuses_after``). Each with its household, in one query."""
    return (
        TelecomEnrolment.objects.filter(
            status=TelecomStatus.SUSPENDED, household__in=households.values("pk")
        )
        .select_related("household")
        .order_by("household__code")
    )
