"""Telecom support counted by hand, for the tests of the monthly indicators.

Poor households of 2023 enrolled in telecom support, with the providers' reports (T traffic,
F none, · no report):

| household | commune | form | from | Jan | Feb | Mar | Apr | note |
|---|---|---|---|---|---|---|---|---|
| MK1 | Mường Khương | subscription | 5 Jan | T | T | T | T | |
| MK2 | Mường Khương | subscription | 5 Jan | F | F | F | T | suspended in Mar, Apr; resumed |
| MK3 | Mường Khương | smartphone | 5 Jan | T | T | T | T | |
| MK4 | Mường Khương | smartphone | 5 Jan | T | F | T | F | never two empty months |
| MK5 | Mường Khương | subscription | 5 Jan | T | T | · | T | |
| MK6 | Mường Khương | cash | 5 Jan | · | · | · | · | no subscription to report on |
| MK7 | Mường Khương | subscription | 5 Jan | T | T | | | ended on 15 Feb |
| BH1 | Bắc Hà | subscription | 1 Mar | | | · | T | |
| BH2 | Bắc Hà | subscription | 1 Mar | | | · | · | |

Mường Khương, by month (enrolled, with a subscription, active, suspended, reported, traffic):
Jan 7, 6, 7, 0, 6, 5 · Feb 7, 6, 7, 0, 6, 4 · Mar 6, 5, 5, 1, 4, 3 · Apr 6, 5, 5, 1, 5, 4.
Bắc Hà: nothing reported in March, so no March; Apr 2, 2, 2, 0, 1, 1. No month has a report
after April: May is not counted. Province in April: 8, 7, 7, 1, 6, 5 (traffic share 71.4 %).
"""

import datetime

from banso.households.models import TelecomProvider, TelecomSupportKind
from banso.households.services import assessment_record, household_create
from banso.households.telecom_services import activity_record, enrolment_create, enrolment_end
from banso.indicators.tests.conftest import answers
from banso.places.models import Village

SUBSCRIPTION, SMARTPHONE, CASH = (
    TelecomSupportKind.SUBSCRIPTION,
    TelecomSupportKind.SMARTPHONE,
    TelecomSupportKind.CASH,
)
T, F, N = True, False, None  # traffic, none, no report
SUPPORTED, SHARE, SUSPENDED = (
    "telecom-households-supported",
    "telecom-traffic-share",
    "telecom-households-suspended",
)
FACTS = ("enrolled", "subscriptions", "active", "suspended", "reported", "with_traffic")
BY_HAND = {
    # (commune code, period): the facts in FACTS' order
    ("02761", "202301"): (7, 6, 7, 0, 6, 5),
    ("02761", "202302"): (7, 6, 7, 0, 6, 4),
    ("02761", "202303"): (6, 5, 5, 1, 4, 3),
    ("02761", "202304"): (6, 5, 5, 1, 5, 4),
    ("02839", "202304"): (2, 2, 2, 0, 1, 1),
}


def _household(actor, village, code):
    household = household_create(actor=actor, village=village, head_name=code, ethnicity="08")
    assessment_record(
        actor=actor,
        household=household,
        year=2023,
        answers=answers("telecom", "water", "sanitation"),
        income_per_capita_vnd=1_000_000,
    )
    return household


def _enrol(actor, village, code, kind, started_on, reports):
    enrolment = enrolment_create(
        actor=actor,
        household=_household(actor, village, code),
        kind=kind,
        provider=TelecomProvider.VIETTEL,
        started_on=started_on,
        subscriber_number="" if kind == CASH else "0912 345 678",
    )
    for month, has_traffic in enumerate(reports, start=1):
        if has_traffic is not None:
            activity_record(
                actor=actor,
                enrolment=enrolment,
                month=datetime.date(2023, month, 1),
                has_traffic=has_traffic,
            )
    return enrolment


def telecom_support_by_hand(actor, village, bac_ha) -> None:
    """The enrolments and reports of the table above (``village`` is in Mường Khương)."""
    na_hoi = Village(commune=bac_ha, name="Na Hối", kind="thon")
    na_hoi.full_clean()
    na_hoi.save()
    january, march = datetime.date(2023, 1, 5), datetime.date(2023, 3, 1)
    _enrol(actor, village, "MK1", SUBSCRIPTION, january, [T, T, T, T])
    _enrol(actor, village, "MK2", SUBSCRIPTION, january, [F, F, F, T])
    _enrol(actor, village, "MK3", SMARTPHONE, january, [T, T, T, T])
    _enrol(actor, village, "MK4", SMARTPHONE, january, [T, F, T, F])
    _enrol(actor, village, "MK5", SUBSCRIPTION, january, [T, T, N, T])
    _enrol(actor, village, "MK6", CASH, january, [])
    ended = _enrol(actor, village, "MK7", SUBSCRIPTION, january, [T, T])
    enrolment_end(actor=actor, enrolment=ended, ended_on=datetime.date(2023, 2, 15))
    _enrol(actor, na_hoi, "BH1", SUBSCRIPTION, march, [N, N, N, T])
    _enrol(actor, na_hoi, "BH2", SUBSCRIPTION, march, [])
