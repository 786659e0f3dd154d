"""Demo telecom support: 3,000 of the poor households of 2023 in the communes that took over
the former Bắc Hà district are enrolled, so that the article's "about 3,000 of 9,000 poor
households supported in Bắc Hà" is a computed row (``coverage_of_former_district``).

The households are read from the database (the households demo writes them); without any,
nothing is done. Running it again enrols only what is missing up to 3,000. A few enrolments get
six months of traffic reports through the services, one of them suspended after two empty
months and one suspended and then resumed.
"""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.db import transaction

from banso.households.models import (
    Household,
    LivingStandard,
    TelecomEnrolment,
    TelecomProvider,
    TelecomStatus,
    TelecomSupportKind,
)
from banso.households.telecom_selectors import former_district_communes
from banso.households.telecom_services import activity_record, enrolment_create
from banso.places.models import AdministrativeUnit, UnitLevel

BAC_HA_DISTRICT = "085"  # Huyện Bắc Hà, abolished on 1 July 2025
YEAR = 2023
SUPPORTED = 3_000
PROVIDERS = [TelecomProvider.VIETTEL, TelecomProvider.VINAPHONE, TelecomProvider.MOBIFONE]
# Traffic, January to June 2023, of the first enrolments: the rest report traffic every month.
PATTERNS = {
    "suspended": [True, True, True, False, False, False],
    "resumed": [True, False, False, True, True, True],
}
REPORTED = 24


def _kind(position: int) -> str:
    if position % 10 == 0:
        return TelecomSupportKind.SMARTPHONE
    if position % 25 == 1:
        return TelecomSupportKind.CASH
    return TelecomSupportKind.SUBSCRIPTION


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
    if missing <= 0:
        return 0
    chosen = households.exclude(pk__in=open_enrolments.values("household")).order_by("code")
    made = []
    for position, household in enumerate(chosen[:missing]):
        kind = _kind(position)
        made.append(
            enrolment_create(
                actor=actor,
                household=household,
                kind=kind,
                provider=PROVIDERS[position % len(PROVIDERS)],
                started_on=datetime.date(YEAR, 1, 1),
                subscriber_number="" if kind == TelecomSupportKind.CASH else f"0912{position:06d}",
            )
        )
    patterns = itertools.chain(PATTERNS.values(), itertools.repeat([True] * 6))
    for enrolment, traffic in zip(made[:REPORTED], patterns, strict=False):
        for month, has_traffic in enumerate(traffic, start=1):
            activity_record(
                actor=actor,
                enrolment=enrolment,
                month=datetime.date(YEAR, month, 1),
                has_traffic=has_traffic,
                source="Demo",
            )
    return len(made)
