"""Demo telecom support: 3,000 of the poor households of 2023 in the communes that took over
the former Bắc Hà district are enrolled, so that the article's "about 3,000 of 9,000 poor
households supported in Bắc Hà" is a computed row (``coverage_of_former_district``).

The households are read from the database (the households demo writes them); without any,
nothing is done. Running it again enrols only what is missing up to 3,000. Every enrolment
with a subscription gets the provider's reports for the twelve months of 2023, so the monthly
indicators have believable figures: most households use their subscription every month, a few
miss a month now and then (one empty month changes nothing), some stop for two or three months
and come back (suspended, then resumed), a few stop for good (suspended). The first enrolment
is suspended after two empty months, the second suspended and then resumed. The reports are
written in bulk, their statuses by the services' own rule (``statuses_after``): recording 35,000
reports one by one through ``activity_record`` would take minutes.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from banso.households.models import (
    Household,
    LivingStandard,
    TelecomActivity,
    TelecomEnrolment,
    TelecomProvider,
    TelecomStatus,
    TelecomSupportKind,
)
from banso.households.telecom_selectors import SUBSCRIPTION_KINDS, former_district_communes
from banso.households.telecom_services import enrolment_create, statuses_after
from banso.places.models import AdministrativeUnit, UnitLevel

BAC_HA_DISTRICT = "085"  # Huyện Bắc Hà, abolished on 1 July 2025
YEAR = 2023
SUPPORTED = 3_000
PROVIDERS = [TelecomProvider.VIETTEL, TelecomProvider.VINAPHONE, TelecomProvider.MOBIFONE]
MONTHS = [datetime.date(YEAR, month, 1) for month in range(1, 13)]
# Traffic, January to December 2023, of the first two enrolments.
PATTERNS = [
    [True, True, True] + [False] * 9,  # stopped in April: suspended from June
    [True, False, False] + [True] * 9,  # away in February and March: suspended in April only
]


def _kind(position: int) -> str:
    if position % 10 == 0:
        return TelecomSupportKind.SMARTPHONE
    if position % 25 == 13:
        return TelecomSupportKind.CASH
    return TelecomSupportKind.SUBSCRIPTION


def _traffic(position: int) -> list[bool]:
    """The months of 2023 with traffic of the ``position``-th enrolment, the same on every run."""
    if position < len(PATTERNS):
        return PATTERNS[position]
    draw = random.Random(position)  # noqa: S311 (demo figures, not a secret)
    months = [True] * len(MONTHS)
    habit = draw.random()
    if habit < 0.04:  # stopped using it for good
        start = draw.randrange(2, len(MONTHS))
        months[start:] = [False] * (len(MONTHS) - start)
    elif habit < 0.09:  # away for two or three months, then back
        start, length = draw.randrange(1, 9), draw.choice((2, 3))
        months[start : start + length] = [False] * length
    else:  # a quiet month now and then
        months = [draw.random() >= 0.04 for _month in MONTHS]
    return months


def _reports_write(enrolments: list[TelecomEnrolment]) -> int:
    """The twelve monthly reports of each enrolment (in the demo's order), with the status each
    leaves and the enrolment's status after the last, in bulk."""
    now = timezone.now()
    activities: list[TelecomActivity] = []
    suspended: list[int] = []
    for position, enrolment in enumerate(enrolments):
        traffic = _traffic(position)
        statuses = statuses_after(list(zip(MONTHS, traffic, strict=True)))
        activities += [
            TelecomActivity(
                enrolment=enrolment,
                month=month,
                has_traffic=has_traffic,
                status_after=status,
                source="Demo",
                made_at=now,
            )
            for month, has_traffic, status in zip(MONTHS, traffic, statuses, strict=True)
        ]
        if statuses[-1] == TelecomStatus.SUSPENDED:
            suspended.append(enrolment.pk)
    TelecomActivity.objects.bulk_create(activities, batch_size=2000)
    TelecomEnrolment.objects.filter(pk__in=suspended).update(
        status=TelecomStatus.SUSPENDED, updated_at=now
    )
    return len(activities)


@transaction.atomic
def telecom_demo_seed(actor=None, *, supported: int = SUPPORTED) -> int:
    """Enrol poor households of the former Bắc Hà district up to ``supported`` (3,000); return
    how many were enrolled now. ``actor`` defaults to the first superuser (the demo's
    administrator)."""
    district = AdministrativeUnit.objects.filter(
        is_current=False, level=UnitLevel.DISTRICT, code=BAC_HA_DISTRICT
    ).first()
    if actor is None:
        actor = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if district is None or actor is None:
        return 0
    communes = former_district_communes(district)
    households = Household.objects.filter(
        unit__in=communes,
        assessments__year=YEAR,
        assessments__living_standard=LivingStandard.POOR,
    )
    open_enrolments = TelecomEnrolment.objects.filter(household__in=households).exclude(
        status=TelecomStatus.ENDED
    )
    missing = supported - open_enrolments.count()
    made = 0
    if missing > 0:
        chosen = households.exclude(pk__in=open_enrolments.values("household")).order_by("code")
        for position, household in enumerate(chosen[:missing]):
            kind = _kind(position)
            enrolment_create(
                actor=actor,
                household=household,
                kind=kind,
                provider=PROVIDERS[position % len(PROVIDERS)],
                started_on=datetime.date(YEAR, 1, 1),
                subscriber_number="" if kind == TelecomSupportKind.CASH else f"0912{position:06d}",
            )
            made += 1
    unreported = (
        TelecomEnrolment.objects.filter(
            household__in=households, kind__in=SUBSCRIPTION_KINDS, activities__isnull=True
        )
        .exclude(status=TelecomStatus.ENDED)
        .order_by("household__code")
    )
    _reports_write(list(unreported))
    return made
