"""Orders for the shop's people: a scoped list, one order, and moving it on."""

import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from banso.common.pagination import BoundedLimitOffsetPagination
from banso.market.models import OrderStatus
from banso.market.selectors.orders import order_for_manager, orders_for_user
from banso.market.services.orders import order_transition

router = Router(tags=["market"])


class OrderLineOut(Schema):
    title: str
    variant_label: str
    unit_price_vnd: int
    quantity: int
    line_total_vnd: int


class OrderEventOut(Schema):
    created_at: datetime.datetime
    status_from: str
    status_to: str
    note: str


class OrderOut(Schema):
    code: str
    shop: str
    status: str
    buyer_name: str
    buyer_phone: str
    delivery_method: str
    payment_method: str
    subtotal_vnd: int
    delivery_fee_vnd: int
    total_vnd: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_shop(order) -> str:
        return order.shop.slug


class OrderDetailOut(OrderOut):
    buyer_email: str
    street_address: str
    province: str | None = None
    commune: str | None = None
    note: str
    lines: list[OrderLineOut]
    events: list[OrderEventOut]

    @staticmethod
    def resolve_province(order) -> str | None:
        return order.province.name if order.province_id else None

    @staticmethod
    def resolve_commune(order) -> str | None:
        return order.commune.name if order.commune_id else None

    @staticmethod
    def resolve_lines(order) -> list:
        return list(order.lines.all())

    @staticmethod
    def resolve_events(order) -> list:
        return list(order.events.all())


class OrderFilters(Schema):
    status: OrderStatus | None = None


class TransitionIn(Schema):
    to: OrderStatus
    note: str = Field("", max_length=300)


class Pages(BoundedLimitOffsetPagination):
    """At most 100 orders a page (and the platform's bounded offset)."""

    class Input(BoundedLimitOffsetPagination.Input):
        limit: int = Field(30, ge=1, le=100)


def _order(request, code: str):
    order = order_for_manager(user=request.user, code=code)
    if order is None:
        raise Http404
    return order


@router.get("/orders", response=list[OrderOut], summary="Orders of the shops you manage")
@paginate(Pages)
def order_list(request, filters: Query[OrderFilters]):
    return orders_for_user(request.user, status=filters.status or "")


@router.get("/orders/{code}", response=OrderDetailOut, summary="One order of your shops")
def order_detail(request, code: str):
    return _order(request, code)


@router.post(
    "/orders/{code}/transition",
    response=OrderDetailOut,
    summary="Move an order on (confirm, ship, deliver, cancel …)",
)
def order_transition_api(request, code: str, payload: TransitionIn):
    order = _order(request, code)
    order_transition(
        actor=request.user, order=order, to=payload.to.value, note=payload.note, source="api"
    )
    return _order(request, code)
