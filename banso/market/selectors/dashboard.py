"""The province's marketplace figures for its officers, and the same as an Excel workbook."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from banso.accounts.models import PlaceRole
from banso.accounts.selectors import place_scope_for_user
from banso.common.exports import sheet_append
from banso.market.models import Listing, Order, OrderStatus, ShopStatus
from banso.market.selectors.listings import listings_public
from banso.market.selectors.shops import shops_for_user
from banso.orgs.models import CertificateKind
from banso.orgs.selectors import certificates_in_force
from banso.trace.models import Product


@dataclass
class DashboardFigures:
    shops_by_status: dict[str, int]
    listings_on_sale: int
    orders_by_status: dict[str, int]
    orders_by_status_30_days: dict[str, int]
    revenue_vnd: int
    revenue_30_days_vnd: int
    ocop_products: int
    ocop_products_listed: int
    ocop_not_listed: list[Product] = field(default_factory=list)

    @property
    def ocop_share(self) -> float | None:
        """Listed OCOP products ÷ all OCOP products (None when the province has none)."""
        return self.ocop_products_listed / self.ocop_products if self.ocop_products else None

    @property
    def ocop_share_percent(self) -> int | None:
        share = self.ocop_share
        return None if share is None else round(share * 100)


def _unit_filter(user, field_path: str) -> Q:
    if getattr(user, "is_superuser", False):
        return Q()
    scope = place_scope_for_user(user, roles=(PlaceRole.PROVINCE_OFFICER,))
    return scope.unit_q(field_path)


def ocop_products(user, *, today: datetime.date | None = None):
    """The OCOP products of the officer's province, each annotated ``is_listed``.

    An *OCOP product* is a traceability product (``trace.Product``, active) of an organisation
    in the province that carries an OCOP certificate in force today: either among the
    product's own certificates, or as the OCOP certificate of one of its listings. It is
    *listed* when a listing of it is on sale in an approved shop. Expired certificates do not
    count: the product is then no longer OCOP.
    """
    day = today or timezone.localdate()
    valid = certificates_in_force(on=day, kind=CertificateKind.OCOP)
    certified_itself = Exists(valid.filter(products=OuterRef("pk")))
    certified_listing = Exists(
        Listing.objects.filter(product=OuterRef("pk"), ocop_certificate__in=valid.values("pk"))
    )
    listed = Exists(listings_public().filter(product=OuterRef("pk")))
    return (
        Product.objects.filter(is_active=True)
        .filter(_unit_filter(user, "organisation__unit__path"))
        .filter(certified_itself | certified_listing)
        .annotate(is_listed=listed)
        .select_related("organisation")
        .order_by("organisation__name_sort", "name_sort")
    )


def _by_status(rows) -> dict[str, int]:
    return {row["status"]: row["count"] for row in rows}


def dashboard_figures(user, *, today: datetime.date | None = None) -> DashboardFigures:
    """Figures of the province(s) the officer covers (everything for a superuser)."""
    now = timezone.now()
    since = now - datetime.timedelta(days=30)
    shops = shops_for_user(user, action="review").order_by()
    orders = Order.objects.filter(shop__in=shops.values("pk"))
    recent = Q(created_at__gte=since)
    delivered = Q(status=OrderStatus.DELIVERED)
    revenue = orders.aggregate(
        all=Sum("total_vnd", filter=delivered),
        recent=Sum("total_vnd", filter=delivered & Q(delivered_at__gte=since)),
    )
    products = list(ocop_products(user, today=today))
    return DashboardFigures(
        shops_by_status=_by_status(
            shops.select_related(None).values("status").annotate(count=Count("pk"))
        ),
        listings_on_sale=listings_public().filter(shop__in=shops.values("pk")).count(),
        orders_by_status=_by_status(orders.order_by().values("status").annotate(count=Count("pk"))),
        orders_by_status_30_days=_by_status(
            orders.filter(recent).order_by().values("status").annotate(count=Count("pk"))
        ),
        revenue_vnd=revenue["all"] or 0,
        revenue_30_days_vnd=revenue["recent"] or 0,
        ocop_products=len(products),
        ocop_products_listed=sum(1 for p in products if p.is_listed),
        ocop_not_listed=[p for p in products if not p.is_listed],
    )


def dashboard_rows(
    figures: DashboardFigures,
) -> list[tuple[str, list[tuple[str, int | None, int]]]]:
    """The figures as labelled rows (label, last 30 days, all time), for the page and Excel."""
    shops: list[tuple[str, int | None, int]] = [
        (str(label), None, figures.shops_by_status.get(value, 0))
        for value, label in ShopStatus.choices
    ]
    orders: list[tuple[str, int | None, int]] = [
        (
            str(label),
            figures.orders_by_status_30_days.get(value, 0),
            figures.orders_by_status.get(value, 0),
        )
        for value, label in OrderStatus.choices
    ]
    return [(_("Shops"), shops), (_("Orders"), orders)]


def dashboard_workbook(figures: DashboardFigures) -> Workbook:
    """The dashboard as Excel; names of organisations and products cannot become formulas
    (``banso.common.exports``)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Marketplace")[:31]
    sheet_append(sheet, [_("Figure"), _("Last 30 days"), _("All time")])
    for heading, rows in dashboard_rows(figures):
        sheet_append(sheet, [heading])
        for label, recent, total in rows:
            sheet_append(sheet, [label, recent, total])
    sheet_append(sheet, [_("Products on sale"), None, figures.listings_on_sale])
    sheet_append(
        sheet,
        [_("Revenue of delivered orders (₫)"), figures.revenue_30_days_vnd, figures.revenue_vnd],
    )
    sheet_append(sheet, [_("OCOP products"), None, figures.ocop_products])
    sheet_append(sheet, [_("OCOP products listed"), None, figures.ocop_products_listed])
    sheet_append(sheet, [_("Share of OCOP products listed (%)"), None, figures.ocop_share_percent])
    sheet.column_dimensions["A"].width = 40
    missing = workbook.create_sheet(_("OCOP not listed")[:31])
    sheet_append(missing, [_("Organisation"), _("Product"), _("GTIN")])
    for product in figures.ocop_not_listed:
        sheet_append(missing, [product.organisation.name, product.name, product.gtin])
    missing.column_dimensions["A"].width = 40
    missing.column_dimensions["B"].width = 40
    missing.column_dimensions["C"].width = 18
    return workbook
