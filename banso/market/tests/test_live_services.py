"""Live sessions and pins: links that lead where they say, times that make sense, pins of the
shop's own products at a price in whole đồng, states over time, and who may change what."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from banso.market.models import Cart, ListingStatus, LivePin, LiveSession, ShopStatus
from banso.market.selectors import live as selectors
from banso.market.selectors.live import live_price_for, live_session_state
from banso.market.services import live as services
from banso.market.services.cart import cart_add

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
FACEBOOK = "https://www.facebook.com/htxquytmuongkhuong/videos/123456789"


def session_make(shop, *, starts_in=HOUR, hours=2, **fields) -> LiveSession:
    """A session straight in the table: any times, also past ones the services refuse."""
    starts_at = timezone.now() + starts_in
    values = {
        "title": "Quýt Mường Khương tại vườn",
        "platform": "facebook",
        "stream_url": FACEBOOK,
        **fields,
    }
    return LiveSession.objects.create(
        shop=shop, starts_at=starts_at, ends_at=starts_at + hours * HOUR, **values
    )


def _create(actor, shop, **changes) -> LiveSession:
    start = timezone.now() + HOUR
    values = {
        "title": "Quýt Mường Khương tại vườn",
        "starts_at": start,
        "ends_at": start + 2 * HOUR,
        "platform": "facebook",
        "stream_url": FACEBOOK,
        **changes,
    }
    return services.live_session_create(actor=actor, shop=shop, **values)


def _pins():
    return list(
        LivePin.objects.order_by("pk").values_list("session_id", "variant_id", "live_price_vnd")
    )


def _sessions():
    return list(
        LiveSession.objects.order_by("pk").values_list(
            "title", "starts_at", "ends_at", "platform", "stream_url", "is_cancelled"
        )
    )


# Links and platforms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("facebook", FACEBOOK),
        ("facebook", "https://facebook.com/watch/live/?v=1"),
        ("facebook", "https://m.facebook.com/story.php?id=1"),
        ("facebook", "https://fb.watch/abcDEF12/"),
        ("tiktok", "https://www.tiktok.com/@htxquyt/live"),
        ("tiktok", "https://vt.tiktok.com/ZSabc/"),
        ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("youtube", "https://m.youtube.com/live/abc"),
        ("youtube", "https://youtu.be/dQw4w9WgXcQ"),
        ("youtube", "HTTPS://WWW.YOUTUBE.COM/live/abc"),
    ],
)
def test_a_link_to_the_chosen_platform_is_accepted(shop, coop_member, platform, url):
    session = _create(coop_member, shop, platform=platform, stream_url=url)
    session.refresh_from_db()
    assert (session.platform, session.stream_url) == (platform, url)


@pytest.mark.parametrize(
    ("platform", "url", "code"),
    [
        ("facebook", "http://www.facebook.com/htx/videos/1", "stream_url_https"),
        ("facebook", "www.facebook.com/htx/videos/1", "stream_url_https"),
        ("facebook", "javascript:alert(1)", "stream_url_https"),
        ("facebook", "ftp://facebook.com/x", "stream_url_https"),
        ("facebook", "", "stream_url_https"),
        ("facebook", "https://", "stream_url_https"),
        ("facebook", "https://notfacebook.com/htx", "stream_url_platform"),
        ("facebook", "https://facebook.com.example.net/htx", "stream_url_platform"),
        ("facebook", "https://facebook.com@example.net/htx", "stream_url_platform"),
        ("facebook", "https://user:pw@www.facebook.com/htx", "stream_url_platform"),
        ("facebook", "https://www.youtube.com/watch?v=1", "stream_url_platform"),
        ("tiktok", FACEBOOK, "stream_url_platform"),
        ("youtube", "https://www.tiktok.com/@htx/live", "stream_url_platform"),
        ("youtube", "https://youtu.be.example.com/x", "stream_url_platform"),
    ],
)
def test_a_link_elsewhere_or_without_https_is_refused(shop, coop_member, platform, url, code):
    with pytest.raises(ValidationError) as error:
        _create(coop_member, shop, platform=platform, stream_url=url)
    assert "stream_url" in error.value.error_dict
    assert error.value.error_dict["stream_url"][0].code == code
    assert not LiveSession.objects.exists()


def test_an_unknown_platform_is_refused(shop, coop_member):
    with pytest.raises(ValidationError) as error:
        _create(coop_member, shop, platform="zalo", stream_url="https://zalo.me/x")
    assert "platform" in error.value.error_dict
    assert not LiveSession.objects.exists()


# Times -----------------------------------------------------------------------------------------


def test_a_session_may_start_now(shop, coop_member):
    now = timezone.now()
    session = _create(coop_member, shop, starts_at=now - datetime.timedelta(minutes=1))
    assert live_session_state(session) == "live"


@pytest.mark.parametrize(
    ("starts_in", "lasts", "message"),
    [
        (HOUR, -HOUR, "The session must end after it starts."),
        (HOUR, datetime.timedelta(0), "The session must end after it starts."),
        (-3 * HOUR, HOUR, "This time has already passed."),
        (HOUR, 13 * HOUR, "A session lasts at most 12 hours."),
    ],
)
def test_times_that_make_no_sense_are_refused(shop, coop_member, starts_in, lasts, message):
    start = timezone.now() + starts_in
    with pytest.raises(ValidationError) as error:
        _create(coop_member, shop, starts_at=start, ends_at=start + lasts)
    assert error.value.message_dict["ends_at"] == [message]
    assert not LiveSession.objects.exists()


def test_the_title_is_tidied_and_required(shop, coop_member):
    assert _create(coop_member, shop, title="  Quýt   chín \n").title == "Quýt chín"
    with pytest.raises(ValidationError) as error:
        _create(coop_member, shop, title="   ")
    assert "title" in error.value.error_dict


def test_update_changes_the_allowed_fields_only(shop, coop_member):
    session = _create(coop_member, shop)
    services.live_session_update(
        actor=coop_member,
        session=session,
        title="Mận và quýt",
        platform="youtube",
        stream_url="https://youtu.be/abc",
    )
    session.refresh_from_db()
    assert (session.title, session.platform) == ("Mận và quýt", "youtube")
    with pytest.raises(TypeError):
        services.live_session_update(actor=coop_member, session=session, shop_id=99)


def test_update_keeps_the_link_matching_the_platform(shop, coop_member):
    session = _create(coop_member, shop)
    with pytest.raises(ValidationError):
        services.live_session_update(actor=coop_member, session=session, platform="tiktok")
    session.refresh_from_db()
    assert session.platform == "facebook"


def test_an_ended_or_cancelled_session_is_not_changed(shop, coop_member):
    ended = session_make(shop, starts_in=-3 * HOUR)
    cancelled = session_make(shop, is_cancelled=True)
    before = _sessions()
    for session in (ended, cancelled):
        with pytest.raises(ValidationError):
            services.live_session_update(actor=coop_member, session=session, title="Khác")
    with pytest.raises(ValidationError) as error:
        services.live_session_cancel(actor=coop_member, session=ended)
    assert error.value.code == "ended"
    assert _sessions() == before


def test_cancel_is_idempotent(shop, coop_member):
    session = _create(coop_member, shop)
    services.live_session_cancel(actor=coop_member, session=session)
    services.live_session_cancel(actor=coop_member, session=session)
    session.refresh_from_db()
    assert session.is_cancelled
    assert live_session_state(session) == "cancelled"


# States over time ------------------------------------------------------------------------------


def test_states_follow_the_clock(shop):
    session = session_make(shop)
    start, end = session.starts_at, session.ends_at
    second = datetime.timedelta(seconds=1)
    assert live_session_state(session, now=start - second) == "scheduled"
    assert live_session_state(session, now=start) == "live"
    assert live_session_state(session, now=end - second) == "live"
    assert live_session_state(session, now=end) == "ended"
    assert live_session_state(session, now=end + 30 * 24 * HOUR) == "ended"
    assert live_session_state(session) == "scheduled"
    session.is_cancelled = True
    assert live_session_state(session, now=start) == "cancelled"
    assert live_session_state(session, now=start - second) == "cancelled"


def test_the_live_price_holds_only_while_live(shop, coop_member, listing):
    session = _create(coop_member, shop)
    pin = services.live_pin_add(
        actor=coop_member, session=session, variant=listing.variants.first(), live_price_vnd=199000
    )
    start, end = session.starts_at, session.ends_at
    assert live_price_for(pin=pin, now=start - HOUR / 2) is None
    assert live_price_for(pin=pin, now=start) == 199000
    assert live_price_for(pin=pin, now=end - HOUR / 2) == 199000
    assert live_price_for(pin=pin, now=end) is None
    session.is_cancelled = True
    assert live_price_for(pin=pin, now=start) is None


# Pins ------------------------------------------------------------------------------------------


def test_pins_take_the_shops_variants_in_order(shop, coop_member, listing):
    session = _create(coop_member, shop)
    box5, box10 = listing.variants.all()
    first = services.live_pin_add(
        actor=coop_member, session=session, variant=box5, live_price_vnd=199000
    )
    second = services.live_pin_add(
        actor=coop_member, session=session, variant=box10, live_price_vnd=390000
    )
    assert (first.position, second.position) == (0, 1)
    # Pinning again sets the price; it does not pin twice.
    again = services.live_pin_add(
        actor=coop_member, session=session, variant=box5, live_price_vnd=189000
    )
    assert again.pk == first.pk
    assert _pins() == [(session.pk, box5.pk, 189000), (session.pk, box10.pk, 390000)]


def test_a_live_price_above_the_normal_price_is_allowed(shop, coop_member, listing):
    session = _create(coop_member, shop)
    variant = listing.variants.first()
    pin = services.live_pin_add(
        actor=coop_member, session=session, variant=variant, live_price_vnd=variant.price_vnd + 1
    )
    assert pin.live_price_vnd == 250001


@pytest.mark.parametrize("price", [0, -1000, 1.5, 199000.0, "199000", True, None])
def test_a_live_price_is_whole_dong_above_zero(shop, coop_member, listing, price):
    session = _create(coop_member, shop)
    with pytest.raises(ValidationError) as error:
        services.live_pin_add(
            actor=coop_member,
            session=session,
            variant=listing.variants.first(),
            live_price_vnd=price,
        )
    assert "live_price_vnd" in error.value.error_dict
    assert _pins() == []


def test_another_shops_variant_cannot_be_pinned(shop, coop_member, other_listing):
    session = _create(coop_member, shop)
    with pytest.raises(ValidationError) as error:
        services.live_pin_add(
            actor=coop_member,
            session=session,
            variant=other_listing.variants.first(),
            live_price_vnd=50000,
        )
    assert error.value.error_dict["variant"][0].code == "other_shop"
    assert _pins() == []


def test_a_variant_not_on_sale_cannot_be_pinned(shop, coop_member, listing):
    session = _create(coop_member, shop)
    box5, box10 = listing.variants.all()
    box5.is_active = False
    box5.save()
    with pytest.raises(ValidationError) as error:
        services.live_pin_add(actor=coop_member, session=session, variant=box5, live_price_vnd=1000)
    assert error.value.error_dict["variant"][0].code == "not_on_sale"
    listing.status = ListingStatus.HIDDEN
    listing.save()
    box10.refresh_from_db()
    with pytest.raises(ValidationError):
        services.live_pin_add(
            actor=coop_member, session=session, variant=box10, live_price_vnd=1000
        )
    assert _pins() == []


def test_an_ended_or_cancelled_session_takes_no_pins(shop, coop_member, listing):
    variant = listing.variants.first()
    ended = session_make(shop, starts_in=-3 * HOUR)
    cancelled = session_make(shop, is_cancelled=True)
    for session in (ended, cancelled):
        with pytest.raises(ValidationError):
            services.live_pin_add(
                actor=coop_member, session=session, variant=variant, live_price_vnd=1000
            )
    assert _pins() == []


def test_pins_are_added_and_removed_while_live(shop, coop_member, listing):
    session = session_make(shop, starts_in=-HOUR / 2)
    pin = services.live_pin_add(
        actor=coop_member, session=session, variant=listing.variants.first(), live_price_vnd=1000
    )
    services.live_pin_remove(actor=coop_member, pin=pin)
    assert _pins() == []


def test_pins_move_up_and_down(shop, coop_member, listing, product):
    from banso.market.tests.makers import listing_make

    more = listing_make(shop, product, title="Quýt túi lưới", variants=[("3 kg", 120000, 5)])
    session = _create(coop_member, shop)
    variants = [*listing.variants.all(), more.variants.first()]
    pins = [
        services.live_pin_add(actor=coop_member, session=session, variant=v, live_price_vnd=1000)
        for v in variants
    ]
    services.live_pin_move(actor=coop_member, pin=pins[2], offset=-1)
    assert list(session.pins.values_list("pk", flat=True)) == [pins[0].pk, pins[2].pk, pins[1].pk]
    services.live_pin_move(actor=coop_member, pin=pins[2], offset=-5)
    assert list(session.pins.values_list("pk", flat=True)) == [pins[2].pk, pins[0].pk, pins[1].pk]
    services.live_pin_move(actor=coop_member, pin=pins[2], offset=1)
    assert list(session.pins.values_list("position", flat=True)) == [0, 1, 2]
    assert list(session.pins.values_list("pk", flat=True)) == [pins[0].pk, pins[2].pk, pins[1].pk]


# Who may ---------------------------------------------------------------------------------------


def test_people_of_another_shop_and_anonymous_change_nothing(
    shop, coop_member, other_coop_member, listing
):
    session = _create(coop_member, shop)
    pin = services.live_pin_add(
        actor=coop_member, session=session, variant=listing.variants.first(), live_price_vnd=1000
    )
    before = (_sessions(), _pins())
    variant = listing.variants.last()
    for actor in (other_coop_member, AnonymousUser(), None):
        with pytest.raises(PermissionDenied):
            _create(actor, shop)
        with pytest.raises(PermissionDenied):
            services.live_session_update(actor=actor, session=session, title="Của tôi")
        with pytest.raises(PermissionDenied):
            services.live_session_cancel(actor=actor, session=session)
        with pytest.raises(PermissionDenied):
            services.live_pin_add(actor=actor, session=session, variant=variant, live_price_vnd=1)
        with pytest.raises(PermissionDenied):
            services.live_pin_remove(actor=actor, pin=pin)
        with pytest.raises(PermissionDenied):
            services.live_pin_move(actor=actor, pin=pin, offset=1)
    assert (_sessions(), _pins()) == before


def test_the_province_officer_may_manage_a_shops_sessions(shop, province_officer, listing):
    session = _create(province_officer, shop)
    services.live_pin_add(
        actor=province_officer,
        session=session,
        variant=listing.variants.first(),
        live_price_vnd=1000,
    )
    assert LivePin.objects.filter(session=session).count() == 1


# Selectors -------------------------------------------------------------------------------------


def test_the_public_list_shows_live_and_coming_sessions_of_open_shops(
    shop, other_shop, django_assert_num_queries
):
    live = session_make(shop, starts_in=-HOUR / 2)
    later = session_make(other_shop, starts_in=5 * HOUR)
    soon = session_make(shop, starts_in=HOUR)
    session_make(shop, starts_in=-5 * HOUR)  # ended
    session_make(shop, is_cancelled=True)
    other_shop.status = ShopStatus.SUSPENDED
    other_shop.save()
    with django_assert_num_queries(1):
        sessions = selectors.live_sessions_upcoming()
        names = [(s.pk, s.shop.name, s.shop.unit.name) for s in sessions]
    assert [pk for pk, *_ in names] == [live.pk, soon.pk]
    assert later.pk not in [pk for pk, *_ in names]
    with pytest.raises(LiveSession.DoesNotExist):
        selectors.live_session_public(later.pk)


def test_the_public_session_lists_only_pins_on_sale(shop, coop_member, listing):
    session = _create(coop_member, shop)
    box5, box10 = listing.variants.all()
    for variant in (box5, box10):
        services.live_pin_add(
            actor=coop_member, session=session, variant=variant, live_price_vnd=1000
        )
    box10.is_active = False
    box10.save()
    public = selectors.live_session_public(session.pk)
    assert [pin.variant_id for pin in public.pins.all()] == [box5.pk]


def test_a_shop_sees_only_its_own_sessions(shop, other_shop, coop_member, other_coop_member):
    mine = session_make(shop)
    theirs = session_make(other_shop)
    assert list(selectors.live_sessions_for_user(coop_member)) == [mine]
    assert list(selectors.live_sessions_for_user(other_coop_member)) == [theirs]
    assert list(selectors.live_sessions_for_user(AnonymousUser())) == []
    with pytest.raises(LiveSession.DoesNotExist):
        selectors.live_session_for_user(other_coop_member, mine.pk)


# With the cart ---------------------------------------------------------------------------------


def test_the_cart_keeps_the_pin_only_while_live(shop, coop_member, listing):
    variant = listing.variants.first()
    live = session_make(shop, starts_in=-HOUR / 2)
    coming = session_make(shop, starts_in=HOUR)
    live_pin = services.live_pin_add(
        actor=coop_member, session=live, variant=variant, live_price_vnd=199000
    )
    coming_pin = services.live_pin_add(
        actor=coop_member, session=coming, variant=variant, live_price_vnd=150000
    )
    item = cart_add(cart=Cart.objects.create(), variant=variant, quantity=1, live_pin=live_pin)
    assert item.live_pin == live_pin
    item = cart_add(cart=Cart.objects.create(), variant=variant, quantity=1, live_pin=coming_pin)
    assert item.live_pin is None


def test_checkout_takes_the_live_price_and_session_only_while_live(shop, coop_member, listing):
    from banso.market.services.checkout import checkout

    shop.offers_pickup = True
    shop.save()
    box5, box10 = listing.variants.all()
    session = session_make(shop, starts_in=-HOUR / 2)
    pins = [
        services.live_pin_add(actor=coop_member, session=session, variant=v, live_price_vnd=p)
        for v, p in ((box5, 199000), (box10, 390000))
    ]
    buyer = {
        "buyer_name": "Nguyễn Thị Mai",
        "buyer_phone": "0912345678",
        "delivery_method": "pickup",
        "payment_method": "cod",
    }
    live_cart = Cart.objects.create()
    cart_add(cart=live_cart, variant=box5, quantity=2, live_pin=pins[0])
    late_cart = Cart.objects.create()
    cart_add(cart=late_cart, variant=box10, quantity=1, live_pin=pins[1])

    (order,) = checkout(cart=live_cart, **buyer)
    assert order.live_session == session
    assert list(order.lines.values_list("unit_price_vnd", "quantity")) == [(199000, 2)]

    # The session ends before the second buyer checks out: the normal price, no session.
    LiveSession.objects.filter(pk=session.pk).update(ends_at=timezone.now())
    (order,) = checkout(cart=late_cart, **buyer)
    assert order.live_session is None
    assert list(order.lines.values_list("unit_price_vnd", "quantity")) == [(450000, 1)]
