"""Stamp runs and their stamps belong to an organisation: whoever may change the organisation
may order runs and print, activate and void its stamps. Stamps are never deleted (a printed
stamp that disappeared from the database would read as a forgery), and scans are facts."""

import rules

from banso.orgs.rules import can_edit_owner

can_edit = can_edit_owner("organisation", "run.organisation", "stamp.run.organisation")


rules.add_perm("stamps.view_stamprun", can_edit)
rules.add_perm("stamps.add_stamprun", can_edit)
rules.add_perm("stamps.view_stamp", can_edit)
rules.add_perm("stamps.change_stamp", can_edit)
rules.add_perm("stamps.view_scan", can_edit)
