"""Products and lots as a person may see them: on the co-operative pages, those of the
organisations they may change; on an officer's read-only pages, those of the organisations of
the communes or province they serve (``action="oversee"``, see ``organisations_for_user``)."""

from typing import Literal

from django.db.models import Count, Prefetch, Q, QuerySet

from banso.orgs.selectors import organisations_for_user
from banso.trace.models import Lot, Product, ProductPhoto, TraceEvent

ProductAction = Literal["change", "oversee"]


def products_for_user(user, *, action: ProductAction = "change") -> QuerySet[Product]:
    """Products of every organisation ``user`` may change (or oversees as an officer), with
    their lot count."""
    if not getattr(user, "is_authenticated", False):
        return Product.objects.none()
    organisations = organisations_for_user(user, action=action)
    return (
        Product.objects.filter(organisation__in=organisations.values("pk"))
        .select_related("organisation")
        .annotate(lot_count=Count("lots"))
        .order_by("organisation__name_sort", "name_sort")
    )


def product_for_user(user, pk: int) -> Product:
    """One product ``user`` may change, with its photos; ``Product.DoesNotExist`` otherwise."""
    return (
        products_for_user(user)
        .prefetch_related(
            Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "pk")),
            "certificates",
        )
        .get(pk=pk)
    )


def lots_for_user(user, *, action: ProductAction = "change") -> QuerySet[Lot]:
    """Lots of the products ``user`` may change (or oversees as an officer)."""
    if not getattr(user, "is_authenticated", False):
        return Lot.objects.none()
    organisations = organisations_for_user(user, action=action)
    return Lot.objects.filter(product__organisation__in=organisations.values("pk")).select_related(
        "product__organisation", "harvest_unit", "harvest_village"
    )


def lots_of_product(product: Product) -> QuerySet[Lot]:
    return (
        Lot.objects.filter(product=product)
        .select_related("harvest_unit", "harvest_village")
        .annotate(event_count=Count("events"))
        .order_by("-harvest_date", "code")
    )


def lot_events(lot: Lot) -> list[TraceEvent]:
    """The events stored for ``lot``, oldest first, with their photos."""
    return list(
        TraceEvent.objects.filter(Q(lot=lot) | Q(epcs__lot=lot))
        .distinct()
        .prefetch_related("evidence")
        .select_related("recorded_by")
        .order_by("event_time", "pk")
    )
