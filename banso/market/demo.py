"""Marketplace demo data: each demo co-operative's shop, approved by the province officer, with
its traced products on sale (OCOP badges where the co-operative holds the certificate), and two
orders placed through the real checkout: one delivered and reviewed, one waiting for its bank
transfer, so the shops' back office and review page have something to show.

The demo shops and listings get pictures drawn for the demo (``data/demo-*.webp``, made by
``scripts/demo_pictures.py``), added through the same photo services as an upload, so the
marketplace looks like a shop. The lot on sale of each listing is its product's newest lot.

Every step looks its rows up first, so seeding twice adds nothing.
"""

from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.urls import reverse

from banso.accounts.models import PlaceRole, RoleGrant
from banso.lingo.services import translation_write
from banso.market.models import Cart, FeedFile, Listing, Order, OrderStatus, Shop, ShopStatus
from banso.market.services.cart import cart_add
from banso.market.services.checkout import checkout
from banso.market.services.feeds import feed_categories_default, feeds_regenerate
from banso.market.services.listings import listing_create, listing_photo_add
from banso.market.services.orders import order_transition
from banso.market.services.reviews import review_create
from banso.market.services.shops import shop_approve, shop_create, shop_photo_add
from banso.orgs.models import Certificate, CertificateKind
from banso.places.models import AdministrativeUnit, UnitLevel
from banso.trace.models import Lot, Product

PICTURES = Path(__file__).resolve().parent / "data"

# organisation key: (picture, caption)
SHOP_PHOTOS = {
    "quyt-muong-khuong": ("demo-shop-muong-khuong.webp", "Núi đá Mường Khương"),
    "man-che-bac-ha": ("demo-shop-bac-ha.webp", "Cao nguyên Bắc Hà"),
    "muong-hoa": ("demo-shop-muong-hoa.webp", "Ruộng bậc thang thung lũng Mường Hoa"),
    "hoa-dao": ("demo-shop-hoa-dao.webp", "Sa Pa trong sương"),
}

# product name: (picture, caption)
LISTING_PHOTOS = {
    "Quýt Mường Khương": ("demo-quyt.webp", "Quýt chín cây"),
    "Mận tam hoa Bắc Hà": ("demo-man.webp", "Mận tam hoa vừa hái"),
    "Chè shan tuyết Bắc Hà": ("demo-che.webp", "Lá chè shan tuyết và chén trà"),
    "Khăn thổ cẩm H'Mông Sa Pa": ("demo-tho-cam.webp", "Hoa văn thổ cẩm"),
    "Rau cải mèo Sa Pa": ("demo-cai-meo.webp", "Rau cải mèo"),
}


def _picture(name: str) -> File:
    """A demo picture as the photo services take an upload."""
    return File((PICTURES / name).open("rb"), name=name)


SHOPS = {
    # organisation key: (slug, story, delivery fee, free from)
    "quyt-muong-khuong": (
        "quyt-muong-khuong",
        "Quýt được trồng trên sườn núi đá vôi Mường Khương, chín cây, hái buổi sáng và gửi đi "
        "trong ngày. Mỗi hộp có tem QR để xem hành trình từ vườn tới tay người mua.",
        30000,
        500000,
    ),
    "man-che-bac-ha": (
        "man-che-bac-ha",
        "Mận tam hoa và chè shan tuyết cổ thụ trên cao nguyên Bắc Hà, do các hộ Tày, Nùng, "
        "H'Mông trong hợp tác xã chăm sóc.",
        35000,
        400000,
    ),
    "muong-hoa": (
        "tho-cam-muong-hoa",
        "Khăn, túi thổ cẩm do phụ nữ H'Mông thung lũng Mường Hoa dệt tay, nhuộm chàm.",
        25000,
        None,
    ),
    "hoa-dao": (
        "rau-sa-pa-hoa-dao",
        "Rau cải mèo, dược liệu Sa Pa trồng theo VietGAP.",
        30000,
        300000,
    ),
}

# Reviewed English of a few shops' stories and listings' titles, so the English marketplace
# shows translated content and the rest waits for the translators (the Chinese site shows the
# Vietnamese, marked).
SHOP_STORIES_EN = {
    "quyt-muong-khuong": (
        "Our tangerines grow on the limestone slopes of Mường Khương, ripen on the tree, are "
        "picked in the morning and sent the same day. Every box has a QR stamp showing its "
        "journey from the orchard to the buyer."
    ),
    "man-che-bac-ha": (
        "Tam Hoa plums and old Shan Tuyết tea trees on the Bắc Hà plateau, tended by the Tày, "
        "Nung and H'Mông households of the co-operative."
    ),
}
LISTING_TITLES_EN = {
    "Quýt Mường Khương": "Mường Khương sugar tangerines",
    "Mận tam hoa Bắc Hà": "Bắc Hà Tam Hoa plums",
}

# (product name, title or "", OCOP certificate number or "", OCOP group, variants)
LISTINGS = [
    (
        "Quýt Mường Khương",
        "Quýt đường Mường Khương",
        "OCOP-LC-2024-031",
        "food",
        [("Hộp 5 kg", 250000, 40, 5200), ("Thùng 10 kg", 460000, 12, 10400)],
    ),
    ("Mận tam hoa Bắc Hà", "", "", "", [("Hộp 3 kg", 180000, 25, 3200)]),
    (
        "Chè shan tuyết Bắc Hà",
        "",
        "OCOP-LC-2024-052",
        "beverage",
        [("Gói 200 g", 120000, 60, 220), ("Hộp quà 2 gói", 260000, 15, 500)],
    ),
    (
        "Khăn thổ cẩm H'Mông Sa Pa",
        "",
        "OCOP-LC-2023-118",
        "textile",
        [("Khăn 40 × 160 cm", 350000, 8, 200)],
    ),
    ("Rau cải mèo Sa Pa", "", "", "", [("Túi 500 g", 25000, 100, 520)]),
]


def _province_officer(fallback):
    assignment = (
        RoleGrant.objects.filter(role=PlaceRole.PROVINCE_OFFICER).select_related("user").first()
    )
    return assignment.user if assignment else fallback


def market_demo_seed(*, admin, organisations: dict) -> list[str]:
    """Open and approve the shops, list the products; returns the addresses to print."""
    officer = _province_officer(admin)
    shops = {}
    for key, (slug, story, fee, free_from) in SHOPS.items():
        organisation = organisations[key]
        shop = Shop.objects.filter(organisation=organisation).first()
        if shop is None:
            shop = shop_create(
                actor=admin,
                organisation=organisation,
                name=organisation.name,
                slug=slug,
                story=story,
                phone=organisation.phone,
                delivery_fee_vnd=fee,
                free_delivery_above_vnd=free_from,
            )
        if shop.status != ShopStatus.APPROVED:
            shop = shop_approve(actor=officer, shop=shop)
        if not shop.photos.exists():
            picture, caption = SHOP_PHOTOS[key]
            with _picture(picture) as image:
                shop_photo_add(actor=admin, shop=shop, image=image, caption=caption)
        shops[organisation.pk] = shop
        if key in SHOP_STORIES_EN:
            translation_write(
                actor=admin, instance=shop, field="story", language="en", text=SHOP_STORIES_EN[key]
            )
    for name, title, certificate_number, group, variants in LISTINGS:
        product = Product.objects.filter(name=name).select_related("organisation").first()
        if product is None:
            continue
        listing = Listing.objects.filter(product=product).first()
        if listing is None:
            listing = _demo_listing(
                admin, shops, product, title, certificate_number, group, variants
            )
        if name in LISTING_TITLES_EN:
            translation_write(
                actor=admin,
                instance=listing,
                field="title",
                language="en",
                text=LISTING_TITLES_EN[name],
            )
        if not listing.photos.exists():
            picture, caption = LISTING_PHOTOS[name]
            with _picture(picture) as image:
                listing_photo_add(actor=admin, listing=listing, image=image, caption=caption)
    feed_categories_default()
    if not FeedFile.objects.exists():
        feeds_regenerate()
    if not Order.objects.exists():
        _demo_orders(admin)
    return [settings.SITE_URL.rstrip("/") + reverse("market:home")]


def _demo_listing(admin, shops, product, title, certificate_number, group, variants) -> Listing:
    certificate = (
        Certificate.objects.filter(
            organisation=product.organisation,
            kind=CertificateKind.OCOP,
            number=certificate_number,
        ).first()
        if certificate_number
        else None
    )
    return listing_create(
        actor=admin,
        shop=shops[product.organisation_id],
        product=product,
        title=title,
        ocop_certificate=certificate,
        ocop_group=group if certificate else "",
        push_to_feeds=True,
        lot_on_sale=Lot.objects.filter(product=product).order_by("-harvest_date", "-pk").first(),
        status="active",
        variants=[
            {"label": label, "price_vnd": price, "stock": stock, "weight_grams": grams}
            for label, price, stock, grams in variants
        ],
    )


# (product name, buyer, phone, payment, the steps the shop has taken, review or None)
ORDERS = [
    (
        "Quýt Mường Khương",
        "Hoàng Thị Thu",
        "0912 345 678",
        "cod",
        [OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.DELIVERED],
        (5, "Quýt ngọt, vỏ mỏng, giao tới nhà vẫn còn tươi. Quét tem thấy cả ngày hái."),
    ),
    ("Chè shan tuyết Bắc Hà", "Trần Văn Nam", "0987 654 321", "vietqr", [], None),
]


def _demo_orders(admin) -> None:
    """Place the demo orders through the checkout, as a buyer would, and move them on as the
    shop would."""
    province = AdministrativeUnit.objects.get(is_current=True, level=UnitLevel.PROVINCE, code="15")
    commune = (
        AdministrativeUnit.objects.filter(is_current=True, parent=province)
        .order_by("name_sort")
        .first()
    )
    for name, buyer, phone, payment, steps, review in ORDERS:
        listing = Listing.objects.filter(product__name=name).first()
        variant = listing.variants.order_by("pk").first() if listing else None
        if listing is None or variant is None:
            continue
        cart = Cart.objects.create()
        cart_add(cart=cart, variant=variant, quantity=1)
        (order,) = checkout(
            cart=cart,
            buyer_name=buyer,
            buyer_phone=phone,
            delivery_method="delivery",
            province=province,
            commune=commune,
            street_address="Số 12, đường Hoàng Liên",
            payment_method=payment,
        )
        for step in steps:
            order = order_transition(actor=admin, order=order, to=step)
        if review is not None:
            rating, text = review
            review_create(order=order, listing=listing, rating=rating, text=text, author_name=buyer)
