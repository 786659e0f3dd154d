"""The marketplace's admin: every model is listed; orders cannot be edited there; shops are
approved through the same service as the province's queue."""

import pytest
from django.apps import apps
from django.contrib.admin import site

from banso.market.models import ShopStatus
from banso.market.services.shops import shop_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_every_market_model_is_in_the_admin(admin_client, listing):
    """Each model has its own list, or is edited inline in its parent's page."""
    inline_models = {
        inline.model for model_admin in site._registry.values() for inline in model_admin.inlines
    }
    for model in apps.get_app_config("market").get_models():
        if model in site._registry:
            url = f"/admin/market/{model._meta.model_name}/"
            assert admin_client.get(url).status_code == 200, url
        else:
            assert model in inline_models, model
    assert admin_client.get(f"/admin/market/listing/{listing.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/market/shop/{listing.shop_id}/change/").status_code == 200


def test_orders_and_bank_notifications_are_read_only(admin_client):
    assert admin_client.get("/admin/market/order/add/").status_code == 403
    assert admin_client.get("/admin/market/banknotification/add/").status_code == 403


def test_the_admin_approves_through_the_service(admin_client, superuser, coop, coop_member):
    shop = shop_create(actor=coop_member, organisation=coop, name="Chờ duyệt")
    admin_client.post(
        "/admin/market/shop/",
        {"action": "shop_shop_approve", "_selected_action": [shop.pk]},
    )
    shop.refresh_from_db()
    assert shop.status == ShopStatus.APPROVED
    assert shop.reviewed_by == superuser
