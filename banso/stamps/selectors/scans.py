"""Reads of scans and flagged stamps: for the producer, for the officers of its province.

The rules that flag a stamp are in :mod:`banso.stamps.services.scans`; a flagged stamp's scans
(when, where, which device class) are what a producer or an officer reads to judge a copy.
"""

from django.db.models import Max, QuerySet

from banso.accounts.models import PlaceRole
from banso.accounts.selectors import place_scope_for_user
from banso.orgs.models import Organisation
from banso.orgs.selectors import organisations_for_user
from banso.stamps.models import Scan, Stamp
from banso.stamps.services.scans import FlagCode

SCANS_SHOWN = 200


def stamps_flagged() -> QuerySet[Stamp]:
    """Every flagged stamp, the most recently scanned first (unscoped: callers scope it)."""
    return (
        Stamp.objects.filter(is_flagged=True)
        .select_related("run__product", "run__organisation", "lot", "claimed_unit__parent")
        .annotate(last_scanned_at=Max("scans__scanned_at"))
        .order_by("-last_scanned_at", "-pk")
    )


def stamps_flagged_for_organisation(*, organisation: Organisation) -> QuerySet[Stamp]:
    """The organisation's flagged stamps, the most recently scanned first (the caller checks
    that the person may see the organisation)."""
    return stamps_flagged().filter(run__organisation=organisation)


def stamps_flagged_for_province_officer(*, user) -> QuerySet[Stamp]:
    """The flagged stamps of every organisation in the provinces where ``user`` is a province
    officer; none for anyone else."""
    scope = place_scope_for_user(user, roles=(PlaceRole.PROVINCE_OFFICER,))
    if scope.is_empty:
        return Stamp.objects.none()
    return stamps_flagged().filter(scope.unit_q("run__organisation__unit__path"))


def stamp_scans_for_user(*, user, stamp: Stamp) -> QuerySet[Scan]:
    """A stamp's scans, newest first, for someone who may edit its organisation (its people,
    the province's officers); none for anyone else."""
    if not organisations_for_user(user).filter(pk=stamp.run.organisation_id).exists():
        return Scan.objects.none()
    return (
        Scan.objects.filter(stamp=stamp)
        .select_related("unit__parent")
        .order_by("-scanned_at")[:SCANS_SHOWN]
    )


def stamp_flag_titles(stamp: Stamp) -> list[tuple[str, str]]:
    """The stamp's flag reasons as (code, title), in the order they were raised."""
    return [
        (reason["code"], str(FlagCode(reason["code"]).label))
        for reason in stamp.flag_reasons
        if reason.get("code") in FlagCode.values
    ]
