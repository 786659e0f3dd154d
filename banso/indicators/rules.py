"""Who sees what of the indicators. The public sees aggregated figures only, each with at
least 5 households behind it (``selectors``); officers see every figure of the units they
serve, villages included, and set those units' targets."""

import rules

from banso.accounts.rules import officer_covers_unit, province_officer_covers_unit


@rules.predicate
def covers_unit(user, unit) -> bool:
    return unit is not None and officer_covers_unit(user, unit)


@rules.predicate
def province_officer_covers(user, unit) -> bool:
    return unit is not None and province_officer_covers_unit(user, unit)


rules.add_perm("indicators.view_detail", rules.is_superuser | covers_unit)
rules.add_perm("indicators.change_target", rules.is_superuser | covers_unit)
rules.add_perm("indicators.add_recordedfact", rules.is_superuser | covers_unit)
# A province's rankings are recorded by its officers (of today's province, for an edition that
# ranked the province before 1 July 2025).
rules.add_perm("indicators.add_rankingedition", rules.is_superuser | province_officer_covers)
