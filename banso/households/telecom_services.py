"""Every write of telecom support: enrolments of households and the monthly traffic reports.

The programme is the public-utility telecom programme to 2025 (Chương trình cung cấp dịch vụ
viễn thông công ích đến năm 2025, approved by Decision 2269/QĐ-TTg of 31 December 2021), carried
out under Circular 14/2022/TT-BTTTT of 28 October 2022 (in force 12 December 2022). What we
take from published accounts of the Circular (its article numbers could not be checked against
an official copy):

- who: poor and near-poor households (the Circular names families of people with meritorious
  service and social-policy families too, but supports poor and near-poor households first);
  here a household whose latest yearly assessment is poor or near-poor;
- how: a smartphone together with support for a mobile service; support for one subscription
  (a mobile subscription at 60,000 ₫ a month, or, in extremely difficult communes, a fixed
  broadband subscription at 130,000 ₫ a month), through one provider only; or, for a household
  on the list that bought a smartphone itself from 12 December 2022, money: 500,000 ₫ once.

Not found in any text read: the rule that support stops when the subscription is not used.
The rule here is the one issue 14 states — suspended after two months without traffic,
resumed when traffic returns — with these readings of ours: the months must be consecutive
calendar months both reported without traffic (a month without a report breaks the run and
changes nothing), and a report takes effect from the next month (two empty months M and M+1
suspend support from M+2; traffic in month R resumes it from R+1). The status is recomputed
from all the reports each time one is recorded, so a corrected or late report gives the same
result as reports recorded in order.

Who may write: as for households, the officers of the household's commune and province, and
superusers (``households.change_telecomenrolment``).
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.accounts.phone import phone_normalize
from banso.households.models import (
    Assessment,
    Household,
    LivingStandard,
    TelecomActivity,
    TelecomEnrolment,
    TelecomStatus,
    TelecomSupportKind,
)

MOBILE_SUBSCRIPTION_VND = 60_000
FIXED_BROADBAND_VND = 130_000
CASH_INSTEAD_OF_SMARTPHONE_VND = 500_000
ELIGIBLE = (LivingStandard.POOR, LivingStandard.NEAR_POOR)
VISIBLE_DIGITS = 3


def subscriber_number_mask(raw: str) -> str:
    """The number as the Vietnamese write it, with all but its last three digits hidden:
    "0912 345 678" → "*******678". Only this is stored."""
    raw = raw.strip()
    if not raw:
        return ""
    try:
        e164 = phone_normalize(raw)
    except ValidationError as error:
        raise ValidationError({"subscriber_number": error}) from error
    national = "0" + e164[3:] if e164.startswith("+84") else e164.lstrip("+")
    return "*" * (len(national) - VISIBLE_DIGITS) + national[-VISIBLE_DIGITS:]


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _require(actor, household: Household) -> None:
    if not actor.has_perm("households.change_telecomenrolment", household):
        raise PermissionDenied(
            _("Only an officer of the household's commune or province may manage its support.")
        )


def _refuse(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


@transaction.atomic
def enrolment_create(
    *,
    actor,
    household: Household,
    kind: str,
    provider: str,
    started_on: datetime.date,
    subscriber_number: str = "",
    monthly_support_vnd: int | None = None,
) -> TelecomEnrolment:
    """Enrol ``household`` in telecom support. Only a household whose latest assessment is poor
    or near-poor is enrolled, and only once at a time (an enrolment that is not ended). The
    subscriber number is masked before it is stored; a smartphone or a subscription needs it.
    The monthly support defaults to the mobile package (60,000 ₫); the money instead of a
    smartphone is 500,000 ₫ once."""
    _require(actor, household)
    latest = (
        Assessment.objects.filter(household=household, year__lte=started_on.year)
        .order_by("-year")
        .first()
    )
    if latest is None or latest.living_standard not in ELIGIBLE:
        raise _refuse(
            "household",
            _("Only a poor or near-poor household may be supported."),
            "not_eligible",
        )
    masked = subscriber_number_mask(subscriber_number)
    if kind != TelecomSupportKind.CASH and not masked:
        raise _refuse(
            "subscriber_number",
            _("Give the number of the supported subscription."),
            "number_missing",
        )
    if monthly_support_vnd is None:
        monthly_support_vnd = 0 if kind == TelecomSupportKind.CASH else MOBILE_SUBSCRIPTION_VND
    enrolment = TelecomEnrolment(
        household=household,
        kind=kind,
        provider=provider,
        subscriber_number=masked,
        monthly_support_vnd=monthly_support_vnd,
        one_off_support_vnd=CASH_INSTEAD_OF_SMARTPHONE_VND
        if kind == TelecomSupportKind.CASH
        else 0,
        started_on=started_on,
        status=TelecomStatus.ACTIVE,
        made_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    Household.objects.select_for_update().filter(pk=household.pk).first()
    if household.telecom_enrolments.exclude(status=TelecomStatus.ENDED).exists():
        raise _refuse("household", _("This household is already supported."), "already_enrolled")
    enrolment.full_clean()
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as error:  # enrolled meanwhile by another request
        raise _refuse(
            "household", _("This household is already supported."), "already_enrolled"
        ) from error
    return enrolment


def statuses_after(reports: Sequence[tuple[datetime.date, bool]]) -> list[str]:
    """The status each report leaves (see the module's docstring), for an enrolment's reports
    given as (first day of the month, had traffic) in month order: the one rule that
    ``activity_record`` applies, and that a bulk writer (the demo's) applies too."""
    status: str = TelecomStatus.ACTIVE
    previous: tuple[datetime.date, bool] | None = None
    statuses: list[str] = []
    for month, has_traffic in reports:
        if has_traffic:
            status = TelecomStatus.ACTIVE
        elif previous is not None and not previous[1] and _next_month(previous[0]) == month:
            status = TelecomStatus.SUSPENDED
        statuses.append(status)
        previous = (month, has_traffic)
    return statuses


def _apply_rule(enrolment: TelecomEnrolment) -> None:
    """Recompute each report's ``status_after`` and the enrolment's status from all reports."""
    activities = list(enrolment.activities.order_by("month"))
    statuses = statuses_after([(activity.month, activity.has_traffic) for activity in activities])
    changed = []
    for activity, status in zip(activities, statuses, strict=True):
        if activity.status_after != status:
            activity.status_after = status
            changed.append(activity)
    TelecomActivity.objects.bulk_update(changed, ["status_after"])
    status = statuses[-1] if statuses else TelecomStatus.ACTIVE
    if enrolment.status != TelecomStatus.ENDED and enrolment.status != status:
        enrolment.status = status
        enrolment.save(update_fields=["status", "updated_at"])


@transaction.atomic
def activity_record(
    *,
    actor,
    enrolment: TelecomEnrolment,
    month: datetime.date,
    has_traffic: bool,
    source: str = "",
) -> TelecomActivity:
    """Record whether the supported subscription had traffic in ``month`` (any day of it), or
    correct that month's report: recording the same month again changes that row only. Then
    apply the rule (see the module's docstring) to the enrolment's status."""
    _require(actor, enrolment.household)
    enrolment = TelecomEnrolment.objects.select_for_update().get(pk=enrolment.pk)
    month = month_start(month)
    if month < month_start(enrolment.started_on) or (
        enrolment.ended_on is not None and month > month_start(enrolment.ended_on)
    ):
        raise _refuse(
            "month",
            _("This month is outside the enrolment's support."),
            "month_outside",
        )
    activity, _created = TelecomActivity.objects.update_or_create(
        enrolment=enrolment,
        month=month,
        defaults={
            "has_traffic": has_traffic,
            "source": " ".join(source.split())[:200],
            "made_at": timezone.now(),
        },
    )
    _apply_rule(enrolment)
    activity.refresh_from_db()
    return activity


@transaction.atomic
def enrolment_end(
    *, actor, enrolment: TelecomEnrolment, ended_on: datetime.date
) -> TelecomEnrolment:
    """End the support (the household left the programme, moved, or is no longer poor or
    near-poor). An ended enrolment stays, with its reports, for the figures of its months."""
    _require(actor, enrolment.household)
    enrolment = TelecomEnrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == TelecomStatus.ENDED:
        return enrolment
    enrolment.ended_on = ended_on
    enrolment.status = TelecomStatus.ENDED
    enrolment.full_clean()
    enrolment.save()
    return enrolment
