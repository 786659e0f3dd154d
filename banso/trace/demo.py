"""Traceability demo data: products of the demo co-operatives, and lots with their whole journey
(harvest → processing → packing → check → shipping) recorded through the step services.

Every product and lot is looked up first and a lot's journey is recorded only while it has no
events, so seeding twice adds nothing.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from banso.lingo.services import translation_write
from banso.orgs.models import Certificate, Organisation
from banso.orgs.selectors import organisation_owner
from banso.places.models import Village
from banso.trace.models import Lot, Product
from banso.trace.services import products as product_services
from banso.trace.services import steps
from banso.trace.services.steps import lot_digital_link

HANOI_TIME = ZoneInfo("Asia/Ho_Chi_Minh")

PRODUCTS = [
    # (organisation key, key, name, English name, category, unit, net content, its unit)
    (
        "quyt-muong-khuong",
        "quyt",
        "Quýt Mường Khương",
        "Mường Khương tangerine",
        "fruit",
        "box",
        5,
        "kg",
    ),
    ("man-che-bac-ha", "man", "Mận tam hoa Bắc Hà", "Bắc Hà Tam Hoa plum", "fruit", "box", 3, "kg"),
    (
        "man-che-bac-ha",
        "che-tuoi",
        "Chè shan tuyết tươi Bắc Hà",
        "Bắc Hà fresh Shan Tuyết tea leaves",
        "tea",
        "kg",
        None,
        "",
    ),
    (
        "man-che-bac-ha",
        "che",
        "Chè shan tuyết Bắc Hà",
        "Bắc Hà Shan Tuyết tea",
        "tea",
        "pack",
        200,
        "g",
    ),
    (
        "muong-hoa",
        "tho-cam",
        "Khăn thổ cẩm H'Mông Sa Pa",
        "Sa Pa H'Mông brocade scarf",
        "handicraft",
        "piece",
        None,
        "",
    ),
    ("hoa-dao", "rau", "Rau cải mèo Sa Pa", "Sa Pa mustard greens", "vegetable", "bag", 500, "g"),
]

# The certificates (by number, see banso.web.demo) that cover each product: a certificate
# names the products it covers, never every product of its holder.
PRODUCT_CERTIFICATES = {
    "quyt": ["OCOP-LC-2024-031"],
    "man": ["VietGAP-TT-22-1120"],
    "che": ["OCOP-LC-2024-052"],
    "tho-cam": ["OCOP-LC-2023-118"],
    "rau": ["VietGAP-TT-21-0457"],
}

LOTS = [
    # (product key, code, harvest day, village name or "", quantity, unit, households)
    (
        "quyt",
        "MK2025-11A",
        datetime.date(2025, 11, 20),
        "Mã Tuyển",
        1200,
        "kg",
        "Tẩn Văn Sử\nLù Văn Páo\nSần Thị Mai",
    ),
    ("man", "BH2025-06M", datetime.date(2025, 6, 14), "Na Hối", 800, "kg", "Lồ Thị Dín"),
    ("che-tuoi", "BH2025-04C", datetime.date(2025, 4, 8), "Bản Phố", 500, "kg", ""),
    ("tho-cam", "MH2025-10", datetime.date(2025, 10, 2), "Lao Chải", 120, "piece", "Sùng Thị Lan"),
    ("rau", "HD2025-12-01", datetime.date(2025, 12, 1), "Cát Cát", 300, "kg", ""),
]

# Journeys: (process into (product key, lot code, quantity, unit) or None, packages, ship to).
JOURNEYS = {
    "MK2025-11A": (None, 1150, 230, "02839"),
    "BH2025-06M": (None, 780, 260, "03006"),
    "BH2025-04C": (("che", "BH2025-04K"), 100, 500, "03006"),
    "MH2025-10": (None, 120, 120, "03037"),
    "HD2025-12-01": (None, 280, 560, "02761"),
}


def _at(day: datetime.date, hours: float) -> datetime.datetime:
    start = datetime.datetime(day.year, day.month, day.day, tzinfo=HANOI_TIME)
    return start + datetime.timedelta(hours=hours)


def _owner(organisation: Organisation, fallback):
    return organisation_owner(organisation) or fallback


def _product(actor, organisation, spec, *, admin) -> Product:
    """The product of ``spec``, its English name a reviewed translation (by the demo's
    administrator): the English site shows it, the Chinese one the Vietnamese name, marked."""
    _org, key, name, name_en, category, unit, net_content, net_unit = spec
    product = Product.objects.filter(organisation=organisation, name=name).first()
    if product is None:
        product = product_services.product_create(
            actor=actor,
            organisation=organisation,
            name=name,
            category=category,
            unit=unit,
            net_content=net_content,
            net_content_unit=net_unit,
            certificates=list(
                Certificate.objects.filter(
                    organisation=organisation, number__in=PRODUCT_CERTIFICATES.get(key, [])
                )
            ),
        )
    translation_write(actor=admin, instance=product, field="name", language="en", text=name_en)
    return product


def _journey(actor, lot: Lot, products: dict[str, Product], communes: dict) -> Lot:
    """Record the lot's journey; return the lot that reaches the buyer."""
    process_into, output_quantity, packages, ship_to = JOURNEYS[lot.code]
    day = lot.harvest_date
    steps.step_harvest(actor=actor, lot=lot, time=_at(day, 7), note="")
    if process_into is not None:
        product_key, output_code = process_into
        steps.step_process(
            actor=actor,
            lot=lot,
            output_product=products[product_key],
            output_code=output_code,
            output_quantity=output_quantity,
            output_unit="kg",
            time=_at(day, 30),
        )
        final = Lot.objects.get(product=products[product_key], code=output_code)
    else:
        steps.step_process(
            actor=actor,
            lot=lot,
            output_quantity=output_quantity,
            output_unit=lot.quantity_unit,
            time=_at(day, 12),
        )
        final = lot
    steps.step_pack(actor=actor, lot=final, packages=packages, time=_at(day, 34))
    certificate = final.product.certificates.first()
    steps.step_check(
        actor=actor, lot=final, conformant=True, certificate=certificate, time=_at(day, 36)
    )
    steps.step_ship(
        actor=actor,
        lot=final,
        time=_at(day, 48),
        unit=lot.harvest_unit,
        destination_unit=communes.get(ship_to),
    )
    return final


def trace_demo_seed(*, admin, organisations: dict[str, Organisation], communes: dict) -> list[str]:
    """Products, lots and journeys of the demo co-operatives; returns trace page URLs."""
    products: dict[str, Product] = {}
    for spec in PRODUCTS:
        organisation = organisations[spec[0]]
        products[spec[1]] = _product(_owner(organisation, admin), organisation, spec, admin=admin)
    urls = []
    for product_key, code, day, village_name, quantity, unit, households in LOTS:
        product = products[product_key]
        organisation = product.organisation
        actor = _owner(organisation, admin)
        lot = Lot.objects.filter(product=product, code=code).first()
        if lot is None:
            village = Village.objects.filter(name=village_name).first() if village_name else None
            lot = product_services.lot_create(
                actor=actor,
                product=product,
                code=code,
                harvest_unit=village.commune if village else organisation.unit,
                harvest_village=village,
                harvest_date=day,
                quantity=quantity,
                quantity_unit=unit,
                producer_households=households,
                latitude=village.latitude if village else None,
                longitude=village.longitude if village else None,
            )
        if not lot.events.exists():
            final = _journey(actor, lot, products, communes)
        else:
            final = _final_lot(lot, products)
        urls.append(lot_digital_link(final, base=settings.SITE_URL))
    return urls


def _final_lot(lot: Lot, products: dict[str, Product]) -> Lot:
    process_into = JOURNEYS[lot.code][0]
    if process_into is None:
        return lot
    product_key, output_code = process_into
    return Lot.objects.get(product=products[product_key], code=output_code)
