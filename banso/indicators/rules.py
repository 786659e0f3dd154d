"""Who sees what of the indicators. The public sees aggregated figures only, each with at
least 5 households behind it (``selectors``); officers see every figure of the units they
serve, villages included, and set those units' targets."""

import rules

from banso.accounts.rules import officer_covers_unit


@rules.predicate
def covers_unit(user, unit) -> bool:
    return unit is not None and officer_covers_unit(user, unit)


rules.add_perm("indicators.view_detail", rules.is_superuser | covers_unit)
rules.add_perm("indicators.change_target", rules.is_superuser | covers_unit)
rules.add_perm("indicators.add_recordedfact", rules.is_superuser | covers_unit)
