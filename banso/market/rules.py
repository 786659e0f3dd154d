"""A shop, its listings, orders and live sessions belong to its organisation: whoever may change
the organisation manages them (its people, the province's officers). Approving shops and
editing the feeds' category mappings is the province officers' work."""

import rules

from banso.accounts.rules import is_province_officer
from banso.orgs.rules import can_edit_owner

can_manage = can_edit_owner(
    "organisation",
    "shop.organisation",
    "listing.shop.organisation",
    "order.shop.organisation",
    "session.shop.organisation",
)
is_market_officer = rules.is_superuser | is_province_officer

rules.add_perm("market.add_shop", rules.is_authenticated)
rules.add_perm("market.change_shop", can_manage)
rules.add_perm("market.approve_shop", is_market_officer)
rules.add_perm("market.add_listing", can_manage)
rules.add_perm("market.change_listing", can_manage)
rules.add_perm("market.view_order", can_manage)
rules.add_perm("market.change_order", can_manage)
rules.add_perm("market.add_livesession", can_manage)
rules.add_perm("market.change_livesession", can_manage)
rules.add_perm("market.view_banknotification", is_market_officer)
rules.add_perm("market.change_banknotification", is_market_officer)
rules.add_perm("market.change_categorymapping", is_market_officer)
rules.add_perm("market.view_dashboard", is_market_officer)
