"""Who may do what in tourism.

A stay and a tour belong to their organisation: whoever may change the organisation manages
them (its people, the province's officers), as for a shop. Approving them is the province
officers' work. Places to visit and festivals belong to the province: its officers, and the
commune officers of the place's commune, write them; only a province officer publishes a place.
The services check the officer's place on the object's commune again (``officer_covers_unit``).
"""

import rules

from banso.accounts.rules import is_officer, is_province_officer
from banso.orgs.rules import can_edit_owner

can_manage = can_edit_owner(
    "organisation",
    "lodging.organisation",
    "tour.organisation",
)
is_tourism_officer = rules.is_superuser | is_province_officer
is_place_writer = rules.is_superuser | is_officer

rules.add_perm("tourism.change_lodging", can_manage)
rules.add_perm("tourism.approve_lodging", is_tourism_officer)
rules.add_perm("tourism.change_roomtype", can_manage)
rules.add_perm("tourism.change_tour", can_manage)
rules.add_perm("tourism.approve_tour", is_tourism_officer)
rules.add_perm("tourism.change_tourdeparture", can_manage)
rules.add_perm("tourism.change_place", is_place_writer)
rules.add_perm("tourism.publish_place", is_tourism_officer)
rules.add_perm("tourism.change_festival", is_place_writer)
rules.add_perm("tourism.view_dashboard", is_tourism_officer)
