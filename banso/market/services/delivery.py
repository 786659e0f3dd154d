"""What delivery costs, and where a shop's goods can go.

A shop sets a flat fee for every province, its own fee for some provinces
(:class:`~banso.market.models.ShopDeliveryRate`), and an amount from which delivery is free. A
shop that does not deliver nationwide goes only to the provinces it lists. Collecting at the
shop is free.

Carriers. Today the shop delivers (or hands the parcel to a carrier itself) at its own fee. A
carrier's live price (GHN, Viettel Post, VNPost …) can be plugged in later without touching
checkout: write a class that follows :class:`Carrier` — a ``code``, a ``name`` and
``quote(*, shop, province, commune, subtotal_vnd, weight_grams) -> int | None`` (None: the
carrier does not serve that address) — and register it with :func:`carrier_register`. It is
asked by :func:`carrier_quote`; the adapter alone talks to the carrier's API, reads its keys
from settings and is off until configured, and its tests run against a recorded or local
server, never the network.
"""

from typing import Protocol

from banso.market.models import Shop, ShopDeliveryRate
from banso.places.models import AdministrativeUnit


class Carrier(Protocol):
    code: str
    name: str

    def quote(
        self,
        *,
        shop: Shop,
        province: AdministrativeUnit,
        commune: AdministrativeUnit,
        subtotal_vnd: int,
        weight_grams: int,
    ) -> int | None: ...


CARRIERS: dict[str, Carrier] = {}


def carrier_register(carrier: Carrier) -> Carrier:
    """Make ``carrier`` available by its code (a later registration with the code replaces it)."""
    CARRIERS[carrier.code] = carrier
    return carrier


def carrier_quote(
    *,
    code: str,
    shop: Shop,
    province: AdministrativeUnit,
    commune: AdministrativeUnit,
    subtotal_vnd: int,
    weight_grams: int = 0,
) -> int | None:
    """The registered carrier's fee for this parcel; None when it is unknown or does not serve
    the address."""
    carrier = CARRIERS.get(code)
    if carrier is None:
        return None
    return carrier.quote(
        shop=shop,
        province=province,
        commune=commune,
        subtotal_vnd=subtotal_vnd,
        weight_grams=weight_grams,
    )


def delivery_fee(
    *, shop: Shop, province: AdministrativeUnit | None, subtotal_vnd: int
) -> int | None:
    """The shop's fee to deliver ``subtotal_vnd`` of goods into ``province``; None when the shop
    does not deliver there (or does not deliver at all)."""
    if not shop.offers_delivery or province is None:
        return None
    rate = ShopDeliveryRate.objects.filter(shop=shop, province=province).first()
    if rate is None and not shop.delivers_nationwide:
        return None
    if shop.free_delivery_above_vnd is not None and subtotal_vnd >= shop.free_delivery_above_vnd:
        return 0
    return rate.fee_vnd if rate is not None else shop.delivery_fee_vnd
