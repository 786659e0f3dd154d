"""Products and lots as a person may see them on the co-operative pages: those of the
organisations they may change."""

from django.db.models import Count, Prefetch, Q, QuerySet

from banso.orgs.selectors import organisations_for_user
from banso.trace.models import Lot, Product, ProductPhoto, TraceEvent


def products_for_user(user) -> QuerySet[Product]:
    """Products of every organisation ``user`` may change, with their lot count."""
    if not getattr(user, "is_authenticated", False):
        return Product.objects.none()
    return (
        Product.objects.filter(organisation__in=organisations_for_user(user).values("pk"))
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


def lots_for_user(user) -> QuerySet[Lot]:
    """Lots of the products ``user`` may change."""
    if not getattr(user, "is_authenticated", False):
        return Lot.objects.none()
    return Lot.objects.filter(
        product__organisation__in=organisations_for_user(user).values("pk")
    ).select_related("product__organisation", "harvest_unit", "harvest_village")


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
