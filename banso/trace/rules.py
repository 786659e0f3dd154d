"""Products, lots and their events belong to an organisation: whoever may change the
organisation may change them (its members, its province's officers, the administrators)."""

import rules

from banso.orgs.rules import can_edit as can_edit_organisation


def _organisation_of(obj):
    """The organisation that owns ``obj`` (an organisation, a product, a lot or an event)."""
    if obj is None:
        return None
    for path in ("organisation", "product.organisation", "lot.product.organisation"):
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


for model in ("product", "productphoto", "lot"):
    rules.add_perm(f"trace.view_{model}", can_edit)
    rules.add_perm(f"trace.add_{model}", can_edit)
    rules.add_perm(f"trace.change_{model}", can_edit)
# Products and lots named by events are never deleted (the journey must stay readable).
rules.add_perm("trace.delete_productphoto", can_edit)
rules.add_perm("trace.view_traceevent", can_edit)
rules.add_perm("trace.add_traceevent", can_edit)
rules.add_perm("trace.view_eventevidence", can_edit)
