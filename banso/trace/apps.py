from typing import TYPE_CHECKING, cast

from django.apps import AppConfig
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from banso.trace.models import Lot, Product


class TraceConfig(AppConfig):
    name = "banso.trace"
    verbose_name = _("Traceability")

    def ready(self) -> None:
        from banso.accounts.account_page import account_action_register, area_page_register
        from banso.jobs.imports import import_register
        from banso.jobs.resume import task_resumable_register
        from banso.trace import public_cache  # noqa: F401 (connects the cache invalidation)
        from banso.trace.imports import lots_import, lots_import_summary
        from banso.trace.services.capture_jobs import capture_job_give_up
        from banso.trace.tasks import capture_job_task

        task_resumable_register(capture_job_task, give_up=capture_job_give_up)
        _translatables_register()
        import_register(
            name="trace.lots",
            function=lots_import,
            summary=lots_import_summary,
            next_url=lambda options: reverse("trace:product-list"),
        )
        account_action_register(
            label=_("My products"),
            url_name="trace:product-list",
            order=20,
            shown=lambda user, page: bool(page.get("memberships")),
        )
        area_page_register(
            label=_("Products in your area"),
            url_name="trace:area-products",
            order=71,
        )


def _product_url(product: models.Model) -> str:
    return reverse("trace_public:product", args=[cast("Product", product).gtin])


def _lot_url(lot: models.Model) -> str:
    lot = cast("Lot", lot)
    return reverse("trace_public:lot", args=[lot.product.gtin, lot.code])


def _lot_pages_forget(lot_id: int) -> None:
    from banso.trace.public_cache import lot_pages_forget

    lot_pages_forget([lot_id])


def _translatables_register() -> None:
    """A product's name and story and a lot's notes for buyers reach visitors in their
    language; the organisation's translators review them. The trace pages are cached per lot
    and language (``public_cache``), and the marketplace shows product names in its listings
    and search (``"market"`` pages)."""
    from banso.lingo.registry import translatable_register
    from banso.trace.models import Lot, Product
    from banso.trace.public_cache import product_pages_forget

    translatable_register(
        Product,
        fields=("name", "description"),
        organisation="organisation_id",
        unit_path="organisation__unit__path",
        page_versions=("market",),
        url=_product_url,
        forget=product_pages_forget,
    )
    translatable_register(
        Lot,
        fields=("public_notes",),
        organisation="product__organisation_id",
        unit_path="product__organisation__unit__path",
        url=_lot_url,
        forget=_lot_pages_forget,
    )
