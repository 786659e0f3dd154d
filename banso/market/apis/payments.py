"""The VietQR payload of an order, for the shop's own tools (a till, a printer of payment
slips): ``GET /api/market/orders/{code}/vietqr``. Only people who manage the order's shop get
it; another shop's order reads as unknown."""

from django.http import Http404
from ninja import Router, Schema

from banso.market.selectors.orders import order_for_manager
from banso.market.selectors.payments import order_vietqr_payload, order_vietqr_purpose

router = Router(tags=["market"])


class OrderVietQROut(Schema):
    code: str
    amount_vnd: int
    purpose: str
    payload: str


@router.get(
    "/orders/{code}/vietqr",
    response=OrderVietQROut,
    summary="The VietQR payload paying an order into its shop's account",
)
def order_vietqr(request, code: str):
    order = order_for_manager(user=request.auth, code=code)
    if order is None:
        raise Http404
    payload = order_vietqr_payload(order)
    if payload is None:
        raise Http404
    return {
        "code": order.code,
        "amount_vnd": order.total_vnd,
        "purpose": order_vietqr_purpose(order),
        "payload": payload,
    }
