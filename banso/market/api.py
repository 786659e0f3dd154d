"""The marketplace's API under /api/market/: each topic's router is mounted here."""

from ninja import Router

from banso.market.apis import listings, orders, payments, search

router = Router(tags=["market"])
router.add_router("", search.router)
router.add_router("", listings.router)
router.add_router("", orders.router)
router.add_router("", payments.router)
