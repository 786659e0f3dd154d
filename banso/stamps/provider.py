"""The stamps' link provider: the resolver knows a serial when a stamp carries it.

``/01/{gtin}/10/{lot}/21/{serial}`` resolves (307) to the stamp's page ``/s/{serial}/``: the lot's
trace page with the stamp's panel. A serial is known only for the product of its run and, when
the URI names a lot, for the lot the stamp is bound to (the lot it was activated for, else its
run's). Anything else is the resolver's plain 404, which does not say whether the serial exists
elsewhere. A serial that fails its keyed tag is turned away before any query, so guessing
serials costs the database nothing.
"""

from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from banso.stamps.models import Stamp
from banso.stamps.serials import serial_is_wellformed
from banso.trace.models import Lot, Product
from banso.trace.resolver import DEFAULT_LINK, Link


def stamp_path(serial: str) -> str:
    return reverse("stamps_public:stamp", args=[serial])


class StampLinkProvider:
    """Registered from ``StampsConfig.ready()``."""

    def serial_links(self, *, product: Product, lot: Lot | None, serial: str) -> list[Link] | None:
        """The stamp page's link for one of our serials, None for any other: one query, the
        resolver's only question to us for a serial-level URI."""
        if not serial_is_wellformed(serial):
            return None
        stamps = Stamp.objects.filter(serial=serial, run__product=product)
        if lot is not None:
            stamps = stamps.filter(Q(lot=lot) | Q(lot__isnull=True, run__lot=lot))
        if not stamps.exists():
            return None
        return [Link(DEFAULT_LINK, stamp_path(serial), _("Check this stamp"))]

    def knows_serial(self, *, product: Product, lot: Lot | None, serial: str) -> bool:
        return self.serial_links(product=product, lot=lot, serial=serial) is not None

    def links(self, *, product: Product, lot: Lot | None, serial: str | None) -> Iterable[Link]:
        # Another provider may know this serial: link to a stamp page only for our own.
        if serial is None:
            return []
        return self.serial_links(product=product, lot=lot, serial=serial) or []


provider = StampLinkProvider()
