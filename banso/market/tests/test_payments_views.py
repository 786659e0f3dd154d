"""Payment pages end to end: the signed webhook (Django client and real HTTP), the unmatched
queue and its forms (anonymous → sign in, a shop → 403, a province officer → works), the
shop's "transfer received" button, and the order's VietQR in the API."""

import json
import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from banso.common.vietqr import decode
from banso.conftest import PASSWORD
from banso.market.models import BankNotification, NotificationStatus
from banso.market.tests.orders_makers import order_place
from banso.market.views.payments import signature_for

SECRET = "test-webhook-secret"


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.MARKET_WEBHOOK_SECRET = SECRET


@pytest.fixture
def order(listing):
    return order_place(listing)


def _post(client, body: bytes, *, provider="casso", signature=None):
    return client.post(
        reverse("market:payment-webhook", args=[provider]),
        data=body,
        content_type="application/json",
        HTTP_X_BANSO_SIGNATURE=signature
        if signature is not None
        else signature_for(body, SECRET, provider=provider),
    )


def _body(order, **fields) -> bytes:
    return json.dumps(
        {"id": "FT9", "amount": order.total_vnd, "description": order.code, **fields}
    ).encode()


@pytest.mark.django_db
def test_webhook_matches_then_reports_duplicate(client, order):
    response = _post(client, _body(order))
    assert response.status_code == 200 and response.json() == {"status": "matched"}
    order.refresh_from_db()
    assert order.status == "paid"
    again = _post(client, _body(order))
    assert again.status_code == 200 and again.json() == {"status": "duplicate"}
    assert BankNotification.objects.count() == 1


@pytest.mark.django_db
def test_webhook_unmatched(client, order):
    response = _post(client, _body(order, amount=1000))
    assert response.json() == {"status": "unmatched"}
    order.refresh_from_db()
    assert order.status == "new"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("signature", "status"),
    [("", 401), ("sha256=" + "0" * 64, 401), ("sha1=abc", 401)],
)
def test_webhook_refuses_bad_signatures(client, order, signature, status):
    response = _post(client, _body(order), signature=signature)
    assert response.status_code == status and "error" in response.json()
    assert not BankNotification.objects.exists()
    order.refresh_from_db()
    assert order.status == "new"


@pytest.mark.django_db
def test_webhook_signed_with_another_secret(client, order):
    body = _body(order)
    response = _post(client, body, signature=signature_for(body, "guess", provider="casso"))
    assert response.status_code == 401
    assert not BankNotification.objects.exists()


@pytest.mark.django_db
def test_webhook_refuses_a_body_replayed_under_another_provider(client, order):
    body = _body(order, amount=1000)
    assert _post(client, body, provider="casso").json() == {"status": "unmatched"}
    replayed = _post(
        client, body, provider="vietqr", signature=signature_for(body, SECRET, provider="casso")
    )
    assert replayed.status_code == 401 and replayed.json()["error"]
    assert BankNotification.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body", [b"{not json", b"\xff\xfe", b'{"id": "A"}', b"[]", b'{"id": "A", "amount": 1.5}']
)
def test_webhook_bad_bodies_are_400(client, body):
    response = _post(client, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json" and response.json()["error"]
    assert not BankNotification.objects.exists()


@pytest.mark.django_db
def test_webhook_closed_without_secret(client, order, settings):
    settings.MARKET_WEBHOOK_SECRET = ""
    response = _post(
        client, _body(order), signature=signature_for(_body(order), "", provider="casso")
    )
    assert response.status_code == 503
    assert not BankNotification.objects.exists()


@pytest.mark.django_db
def test_webhook_is_post_only(client):
    assert client.get(reverse("market:payment-webhook", args=["casso"])).status_code == 405


def _http(url: str, body: bytes, signature: str) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 (the test's own live server)
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "X-Banso-Signature": signature},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.django_db(transaction=True)
def test_webhook_over_real_http(live_server, places, listing):
    """A SePay body over HTTP, as the service sends it, then the same body again."""
    order = order_place(listing)
    body = json.dumps(
        {
            "id": 555001,
            "gateway": "Vietcombank",
            "transactionDate": "2025-11-20 14:02:37",
            "accountNumber": "0011001932418",
            "code": None,
            "content": f"IBFT {order.code}",
            "transferType": "in",
            "transferAmount": order.total_vnd,
            "accumulated": 0,
            "subAccount": None,
            "referenceCode": "FT25324",
            "description": "",
        }
    ).encode()
    url = live_server.url + reverse("market:payment-webhook", args=["sepay"])
    status, refused = _http(url, body, "sha256=bad")
    assert status == 401 and refused["error"]
    assert _http(url, body, signature_for(body, SECRET, provider="sepay")) == (
        200,
        {"status": "matched"},
    )
    assert _http(url, body, signature_for(body, SECRET, provider="sepay")) == (
        200,
        {"status": "duplicate"},
    )
    order.refresh_from_db()
    assert (order.status, order.payment_reference) == ("paid", "FT25324")


# The unmatched queue ---------------------------------------------------------------------


@pytest.fixture
def waiting(order):
    from banso.market.services.payments import bank_notification_receive

    return bank_notification_receive(
        provider="casso",
        payload={"id": "W1", "amount": 123000, "description": "chuyen tien"},
    )


def _login(client, user):
    assert client.login(username=user.phone, password=PASSWORD)


@pytest.mark.django_db
def test_queue_needs_sign_in(client, waiting):
    url = reverse("market:unmatched-payments")
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    settle = client.post(
        reverse("market:unmatched-payment-settle", args=[waiting.pk]),
        {"action": "ignore", "note": "x"},
    )
    assert settle.status_code == 302 and reverse("accounts:login") in settle["Location"]
    waiting.refresh_from_db()
    assert waiting.status == NotificationStatus.UNMATCHED


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["coop_member", "commune_officer"])
def test_queue_is_forbidden_to_shops_and_communes(client, waiting, order, who, request):
    _login(client, request.getfixturevalue(who))
    assert client.get(reverse("market:unmatched-payments")).status_code == 403
    url = reverse("market:unmatched-payment-settle", args=[waiting.pk])
    assert client.post(url, {"action": "match", "order_code": order.code}).status_code == 403
    assert client.post(url, {"action": "ignore", "note": "x"}).status_code == 403
    waiting.refresh_from_db()
    order.refresh_from_db()
    assert (waiting.status, order.status) == (NotificationStatus.UNMATCHED, "new")


@pytest.mark.django_db
def test_officer_sees_the_queue(client, waiting, province_officer, django_assert_max_num_queries):
    from banso.market.services.payments import bank_notification_receive

    for number in range(5):
        bank_notification_receive(
            provider="casso", payload={"id": f"M{number}", "amount": 1000 + number}
        )
    _login(client, province_officer)
    # Session, user, roles for the permission, the queue and the settled list: not one query
    # per row.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("market:unmatched-payments"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "VND\u00a0123,000" in html and "chuyen tien" in html
    assert html.count('name="order_code"') == 6


@pytest.mark.django_db
def test_officer_matches_and_ignores(client, waiting, order, province_officer):
    _login(client, province_officer)
    url = reverse("market:unmatched-payment-settle", args=[waiting.pk])
    wrong = client.post(url, {"action": "match", "order_code": "DH0000000000"}, follow=True)
    assert "No order has this code" in wrong.content.decode()
    response = client.post(url, {"action": "match", "order_code": order.code.lower()})
    assert response.status_code == 302
    waiting.refresh_from_db()
    order.refresh_from_db()
    assert (waiting.status, waiting.order, order.status) == (
        NotificationStatus.RESOLVED,
        order,
        "paid",
    )
    second = client.post(url, {"action": "ignore", "note": "late"}, follow=True)
    assert "already been settled" in second.content.decode()


@pytest.mark.django_db
def test_officer_sets_aside(client, waiting, superuser):
    _login(client, superuser)
    url = reverse("market:unmatched-payment-settle", args=[waiting.pk])
    client.post(url, {"action": "ignore", "note": "  "})
    waiting.refresh_from_db()
    assert waiting.status == NotificationStatus.UNMATCHED
    client.post(url, {"action": "ignore", "note": "Tiền hoàn lại"})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.note) == (NotificationStatus.IGNORED, "Tiền hoàn lại")


# The shop's button -----------------------------------------------------------------------


@pytest.mark.django_db
def test_confirm_button_matrix(client, order, coop_member, other_coop_member):
    url = reverse("market:order-payment-confirm", args=[order.code])
    anonymous = client.post(url, {"reference": "FT1"})
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    _login(client, other_coop_member)
    assert client.post(url, {"reference": "FT1"}).status_code == 404
    order.refresh_from_db()
    assert (order.status, order.payment_reference) == ("new", "")
    client.logout()
    _login(client, coop_member)
    assert client.get(url).status_code == 405
    response = client.post(url, {"reference": "FT1", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response["Location"]
    order.refresh_from_db()
    assert (order.status, order.payment_reference) == ("paid", "FT1")
    again = client.post(url, {"next": "/market/"}, follow=True)
    assert again.redirect_chain[0][0] == "/market/"


# The API ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_vietqr_for_the_shop_only(client, order, coop_member, other_coop_member):
    url = f"/api/market/orders/{order.code}/vietqr"
    assert client.get(url).status_code == 401
    _login(client, other_coop_member)
    assert client.get(url).status_code == 404
    client.logout()
    _login(client, coop_member)
    response = client.get(url)
    assert response.status_code == 200
    data = response.json()
    assert data["code"] == order.code and data["amount_vnd"] == order.total_vnd
    assert decode(data["payload"]).purpose == order.code


@pytest.mark.django_db
def test_order_qr_template_renders(order, rf):
    from django.template.loader import render_to_string

    from banso.market.selectors.payments import order_vietqr

    html = render_to_string(
        "market/payments/order_qr.html", {"order": order, "vietqr": order_vietqr(order)}
    )
    assert "<svg" in html and "Vietcombank" in html and order.code in html
    assert f"VND\u00a0{order.total_vnd:,}" in html
    request = rf.get("/")
    form = render_to_string(
        "market/payments/confirm_form.html", {"order": order, "request": request}
    )
    assert reverse("market:order-payment-confirm", args=[order.code]) in form
