"""The checkout's address picker: without JavaScript the "Update" button lists a province's
communes and a commune's villages; with it, in Chromium at 360 px, the lists fill as the buyer
chooses, without reloading the page. Either way the server refuses a commune of another
province."""

import pytest
from django.urls import reverse

from banso.market.models import Order, PaymentMethod
from banso.places.models import AdministrativeUnit, UnitLevel

PHONE = {"width": 360, "height": 740}


def _add(client, listing):
    client.post(reverse("market:cart-add"), {"variant": listing.variants.first().pk, "quantity": 1})


def _checkout(client, **fields):
    return client.post(reverse("market:checkout"), fields)


def _hanoi_commune() -> AdministrativeUnit:
    commune = AdministrativeUnit.objects.filter(
        is_current=True, level=UnitLevel.COMMUNE, parent__code="01"
    ).first()
    assert commune is not None
    return commune


# Without JavaScript --------------------------------------------------------------------------


def test_update_lists_the_province_s_communes_and_the_commune_s_villages(
    client, listing, lao_cai, muong_khuong, village
):
    _add(client, listing)
    page = client.get(reverse("market:checkout")).content.decode()
    assert 'name="action" value="update"' in page
    assert f'value="{muong_khuong.code}"' not in page

    page = _checkout(client, action="update", province=lao_cai.code).content.decode()
    assert f'<option value="{muong_khuong.code}">{muong_khuong.name}</option>' in page
    assert f'value="{_hanoi_commune().code}"' not in page
    assert "Mã Tuyển" not in page

    page = _checkout(
        client, action="update", province=lao_cai.code, commune=muong_khuong.code
    ).content.decode()
    assert f'<option value="{muong_khuong.code}" selected>' in page
    assert f'<option value="{village.pk}">Thôn Mã Tuyển</option>' in page


def test_a_commune_of_another_province_is_refused(client, listing, lao_cai):
    _add(client, listing)
    response = _checkout(
        client,
        action="place",
        buyer_name="Nguyễn Thị Mai",
        buyer_phone="0912345678",
        delivery_method="delivery",
        province=lao_cai.code,
        commune=_hanoi_commune().code,
        street_address="Số 5",
        payment_method=PaymentMethod.COD,
    )
    assert response.status_code == 200
    assert "commune" in response.context["form"].errors
    assert not Order.objects.exists()


def test_the_script_is_only_on_the_checkout_page(client, listing):
    _add(client, listing)
    script = 'src="/static/market/checkout.js" defer'
    assert script in client.get(reverse("market:checkout")).content.decode()
    assert script not in client.get(reverse("market:cart")).content.decode()


# In Chromium ---------------------------------------------------------------------------------


def _to_checkout(browser, live_server, listing):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + reverse("market:listing-detail", args=[listing.pk]))
    page.locator("form[action$='/cart/add/'] button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(live_server.url + reverse("market:checkout"))
    page.evaluate("window.sameCheckoutPage = true")
    return context, page


@pytest.mark.browser
def test_the_communes_fill_without_a_reload_and_a_cod_order_is_placed(
    live_server, browser, listing, lao_cai, muong_khuong, village
):
    context, page = _to_checkout(browser, live_server, listing)
    update = page.locator("button[name=action][value=update]")
    assert update.count() == 2
    assert all(not update.nth(index).is_visible() for index in range(2))
    assert page.locator("select[name=commune] option").count() == 1

    page.check("input[name=delivery_method][value=delivery]")
    page.select_option("select[name=province]", lao_cai.code)
    page.locator(f"select[name=commune] option[value='{muong_khuong.code}']").wait_for(
        state="attached"
    )
    assert page.evaluate("window.sameCheckoutPage") is True
    communes = page.locator("select[name=commune] option")
    assert communes.first.get_attribute("value") == ""
    chosen = page.locator(f"select[name=commune] option[value='{muong_khuong.code}']")
    assert chosen.text_content() == muong_khuong.name
    assert communes.count() == 1 + lao_cai.children.filter(is_current=True).count()
    page.locator(".order-shop li", has_text="VND\u00a030,000").wait_for()

    page.select_option("select[name=commune]", muong_khuong.code)
    page.locator(f"select[name=village] option[value='{village.pk}']").wait_for(state="attached")
    chosen = page.locator(f"select[name=village] option[value='{village.pk}']")
    assert chosen.text_content() == str(village) == "Thôn Mã Tuyển"
    page.select_option("select[name=village]", str(village.pk))
    page.fill("input[name=buyer_name]", "Nguyễn Thị Hoa")
    page.fill("input[name=buyer_phone]", "0912 345 678")
    page.fill("input[name=street_address]", "Nhà số 3")
    page.check("input[name=payment_method][value=cod]")
    assert page.evaluate("window.sameCheckoutPage") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("button[name=action][value=place]")
    page.wait_for_url("**/market/checkout/*/")

    order = Order.objects.get()
    assert (order.province, order.commune, order.village) == (lao_cai, muong_khuong, village)
    assert order.payment_method == PaymentMethod.COD
    assert order.code in page.content()
    context.close()


@pytest.mark.browser
def test_a_failed_fetch_leaves_the_form_and_brings_the_button_back(
    live_server, browser, listing, lao_cai, muong_khuong
):
    context, page = _to_checkout(browser, live_server, listing)
    page.route("**/api/places/**", lambda route: route.abort())
    page.select_option("select[name=province]", lao_cai.code)
    update = page.locator("button[name=action][value=update]").first
    update.wait_for(state="visible")
    assert page.locator("select[name=commune] option").count() == 1
    with page.expect_navigation():
        update.click()
    assert page.evaluate("window.sameCheckoutPage") is None
    assert page.locator(f"select[name=commune] option[value='{muong_khuong.code}']").count() == 1
    context.close()
