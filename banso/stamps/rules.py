"""Stamp runs and their stamps belong to an organisation: whoever may change the organisation
may order runs and print, activate and void its stamps. Stamps are never deleted (a printed
stamp that disappeared from the database would read as a forgery), and scans are facts."""

import rules

from banso.orgs.rules import can_edit as can_edit_organisation


def _organisation_of(obj):
    """The organisation that owns ``obj``: a run, a stamp, a scan or an organisation."""
    if obj is None:
        return None
    for path in ("organisation", "run.organisation", "stamp.run.organisation"):
        value = obj
        try:
            for name in path.split("."):
                value = getattr(value, name)
        except AttributeError:
            continue
        if value is not None:
            return value
    return obj if obj.__class__.__name__ == "Organisation" else None


@rules.predicate
def can_edit(user, obj) -> bool:
    organisation = _organisation_of(obj)
    if organisation is None:
        return False
    return can_edit_organisation.test(user, organisation)


rules.add_perm("stamps.view_stamprun", can_edit)
rules.add_perm("stamps.add_stamprun", can_edit)
rules.add_perm("stamps.view_stamp", can_edit)
rules.add_perm("stamps.change_stamp", can_edit)
rules.add_perm("stamps.view_scan", can_edit)
