"""Products, lots and their events belong to an organisation: whoever may change the
organisation may change them (its members, its province's officers, the administrators)."""

import rules

from banso.orgs.rules import can_edit_owner

can_edit = can_edit_owner("organisation", "product.organisation", "lot.product.organisation")


for model in ("product", "productphoto", "lot"):
    rules.add_perm(f"trace.view_{model}", can_edit)
    rules.add_perm(f"trace.add_{model}", can_edit)
    rules.add_perm(f"trace.change_{model}", can_edit)
# Products and lots named by events are never deleted (the journey must stay readable).
rules.add_perm("trace.delete_productphoto", can_edit)
rules.add_perm("trace.view_traceevent", can_edit)
rules.add_perm("trace.add_traceevent", can_edit)
rules.add_perm("trace.view_eventevidence", can_edit)
