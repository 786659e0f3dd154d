"""A lot's journey for the public trace page: its EPCIS events as a timeline of steps.

The journey of a lot is every event that names it, and the events of the lots it was made from
(the inputs of the TransformationEvents that output it, a few levels back), in time order. A
mistake is never edited away: the event an error declaration names is shown struck through,
with the reason, and the corrective events it lists are marked as corrections.

An event's place is, first found: an extension field whose local name is ``placeName``
(``"banso:placeName": "Sân phơi thôn Mã Tuyển"``); its bizLocation or readPoint when that is
the URI of one of our communes or villages (``…/places/u/{code}[/v/{village id}]``); for a
harvest, the lot's harvest village and commune; else its organisation's commune.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banso.common.text import names_join
from banso.orgs.models import Certificate
from banso.orgs.selectors import certificate_is_in_force
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.trace.models import EpcRole, EventEpc, EventType, Lot, Product, TraceEvent
from banso.trace.wording import first_step_words

# How many transformations back the journey follows inputs, and how many events it shows.
INPUT_DEPTH = 3
MAX_EVENTS = 200

STEP_KINDS = {
    "commissioning": "harvest",
    "packing": "packing",
    "inspecting": "check",
    "shipping": "shipping",
    "departing": "shipping",
    "receiving": "receiving",
    "arriving": "receiving",
    "accepting": "receiving",
}
STEP_TITLES = {
    "harvest": _("Harvest"),
    "processing": _("Processing"),
    "packing": _("Packing"),
    "check": _("Check"),
    "shipping": _("Shipping"),
    "receiving": _("Receiving"),
    "other": _("Step"),
}
DISPOSITION_TITLES = {
    "conformant": _("Conformant"),
    "non_conformant": _("Not conformant"),
}
EXPIRY_FIELDS = ("itemExpirationDate", "bestBeforeDate", "sellByDate")
PLACE_URI = re.compile(r"/places/u/(?P<code>[0-9]+)(?:/v/(?P<village>[0-9]+))?/?$")


def cbv_local_name(value: str) -> str:
    """``https://ref.gs1.org/cbv/BizStep-packing``, ``urn:epcglobal:cbv:bizstep:packing`` or
    ``packing`` → ``packing``."""
    name = value.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    for prefix in ("BizStep-", "Disp-"):
        name = name.removeprefix(prefix)
    return name


def _local_key(key: str) -> str:
    return key.rsplit(":", 1)[-1].rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass
class JourneyStep:
    """One step of the timeline, from one event (and the error declaration that names it)."""

    event: TraceEvent
    kind: str
    time: datetime.datetime
    place: str
    recorded_by: str
    disposition: str = ""
    from_lot: Lot | None = None
    photos: list = field(default_factory=list)
    is_corrected: bool = False
    correction_reason: str = ""
    corrected_at: str = ""
    is_correction: bool = False
    product_category: str = ""

    @property
    def title(self) -> str:
        if self.kind == "harvest":
            return str(first_step_words(self.product_category).step)
        if self.kind == "other":
            return cbv_local_name(self.event.biz_step).replace("_", " ").capitalize() or str(
                STEP_TITLES["other"]
            )
        return str(STEP_TITLES[self.kind])

    @property
    def disposition_title(self) -> str:
        return str(DISPOSITION_TITLES.get(self.disposition, self.disposition.replace("_", " ")))


@dataclass
class Journey:
    lot: Lot
    steps: list[JourneyStep]
    input_lots: list[Lot]
    expiry: str = ""

    @property
    def packed_at(self) -> datetime.datetime | None:
        return next(
            (s.time for s in self.steps if s.kind == "packing" and not s.is_corrected), None
        )


def lot_public_get(*, gtin: str, code: str) -> Lot:
    """The lot a trace page shows, with what the page needs of its product and producer."""
    return (
        Lot.objects.select_related(
            "product__organisation__unit__parent",
            "product__organisation__village",
            "harvest_unit__parent",
            "harvest_village",
        )
        .prefetch_related("product__photos", "product__certificates")
        .get(
            product__gtin=gtin,
            code=code,
            product__is_active=True,
            product__organisation__is_active=True,
        )
    )


def product_public_get(*, gtin: str, lots: int = 20) -> Product:
    """A product for its public page, with its latest lots (``product.recent_lots``)."""
    return (
        Product.objects.select_related("organisation__unit__parent", "organisation__village")
        .prefetch_related(
            "photos",
            "certificates",
            Prefetch(
                "lots",
                queryset=Lot.objects.select_related("harvest_unit").order_by(
                    "-harvest_date", "code"
                )[:lots],
                to_attr="recent_lots",
            ),
        )
        .get(gtin=gtin, is_active=True, organisation__is_active=True)
    )


def product_certificates(product: Product) -> list[Certificate]:
    """Certificates in force that cover a product: those the product names.

    A producer's other certificates are not the product's: a VietGAP of its plums says nothing
    of its tea, so a product that names none shows none (the organisation's page lists them all).
    """
    today = timezone.localdate()
    return [c for c in product.certificates.all() if certificate_is_in_force(c, on=today)]


def _journey_lot_ids(lot: Lot) -> list[int]:
    """The lot and the lots it was made from, following transformations back a few levels."""
    ids = [lot.pk]
    frontier = [lot.pk]
    for _depth in range(INPUT_DEPTH):
        made_by = EventEpc.objects.filter(
            lot_id__in=frontier,
            role__in=[EpcRole.OUTPUT, EpcRole.OUTPUT_QUANTITY],
            event__event_type=EventType.TRANSFORMATION,
        ).values("event_id")
        frontier = list(
            EventEpc.objects.filter(
                event_id__in=made_by, role__in=[EpcRole.INPUT, EpcRole.INPUT_QUANTITY]
            )
            .exclude(lot_id__isnull=True)
            .exclude(lot_id__in=ids)
            .values_list("lot_id", flat=True)
            .distinct()
        )
        if not frontier:
            break
        ids += frontier
    return ids


def _location_uris(event: TraceEvent) -> list[str]:
    uris = []
    for key in ("bizLocation", "readPoint"):
        value = event.document.get(key)
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            uris.append(value["id"])
    return uris


def _place_names(events: list[TraceEvent]) -> dict[str, str]:
    """Names of the commune and village URIs the events give as places, in two queries."""
    found = {}
    for event in events:
        for uri in _location_uris(event):
            match = PLACE_URI.search(uri)
            if match:
                found[uri] = match
    if not found:
        return {}
    codes = {match["code"] for match in found.values()}
    village_ids = {int(match["village"]) for match in found.values() if match["village"]}
    units = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(
            code__in=codes, level=UnitLevel.COMMUNE, is_current=True
        )
    }
    villages = {village.pk: village for village in Village.objects.filter(pk__in=village_ids)}
    names = {}
    for uri, match in found.items():
        unit = units.get(match["code"])
        village = villages.get(int(match["village"])) if match["village"] else None
        if village is not None or unit is not None:
            names[uri] = names_join(village, unit.name if unit is not None else "")
    return names


def _place(event: TraceEvent, kind: str, lot: Lot, place_names: dict[str, str]) -> str:
    for key, value in event.document.items():
        if _local_key(key) == "placeName" and isinstance(value, str):
            return value
    for uri in _location_uris(event):
        if uri in place_names:
            return place_names[uri]
    if kind == "harvest":
        return names_join(lot.harvest_village, lot.harvest_unit.name)
    if event.organisation is not None:
        return event.organisation.unit.name
    return ""


def _expiry(event: TraceEvent) -> str:
    ilmd = event.document.get("ilmd") or {}
    if not isinstance(ilmd, dict):
        return ""
    for key, value in ilmd.items():
        if _local_key(key) in EXPIRY_FIELDS and isinstance(value, str):
            return value[:10]
    return ""


def lot_journey(lot: Lot) -> Journey:
    """The lot's timeline in a fixed number of queries, however many events it has."""
    ids = _journey_lot_ids(lot)
    lots = {lot.pk: lot}
    if len(ids) > 1:
        for input_lot in Lot.objects.filter(pk__in=ids[1:]).select_related(
            "product", "harvest_unit", "harvest_village"
        ):
            lots[input_lot.pk] = input_lot
    events = list(
        TraceEvent.objects.filter(
            Q(lot_id__in=ids) | Q(pk__in=EventEpc.objects.filter(lot_id__in=ids).values("event_id"))
        )
        .select_related("organisation__unit")
        .prefetch_related("evidence")
        .order_by("event_time", "pk")[:MAX_EVENTS]
    )
    declarations = {e.event_id: e for e in events if e.is_error_declaration and e.event_id}
    place_names = _place_names(events)
    corrective_ids = {
        corrective
        for declaration in declarations.values()
        for corrective in (declaration.document.get("errorDeclaration") or {}).get(
            "correctiveEventIDs", []
        )
    }
    steps = []
    expiry = ""
    for event in events:
        if event.is_error_declaration:
            continue
        step_lot = lots.get(event.lot_id or lot.pk, lot)
        kind = _step_kind(event)
        step = JourneyStep(
            event=event,
            kind=kind,
            time=event.event_time,
            place=_place(event, kind, step_lot, place_names),
            # The organisation that recorded the step, never the person: a buyer needs the
            # producer, and a member's name is personal data that stays off public pages.
            recorded_by=event.organisation.name if event.organisation is not None else "",
            disposition=cbv_local_name(event.disposition) if kind == "check" else "",
            from_lot=step_lot if step_lot.pk != lot.pk else None,
            product_category=step_lot.product.category,
            photos=list(event.evidence.all()),
            is_correction=bool(event.event_id) and event.event_id in corrective_ids,
        )
        declaration = declarations.get(event.event_id) if event.event_id else None
        if declaration is not None:
            detail = declaration.document.get("errorDeclaration") or {}
            step.is_corrected = True
            step.correction_reason = cbv_local_name(str(detail.get("reason", ""))).replace("_", " ")
            step.corrected_at = str(detail.get("declarationTime", ""))[:10]
        if step_lot.pk == lot.pk and not step.is_corrected:
            expiry = expiry or _expiry(event)
        steps.append(step)
    return Journey(lot=lot, steps=steps, input_lots=[lots[i] for i in ids[1:]], expiry=expiry)


def _step_kind(event: TraceEvent) -> str:
    if event.event_type == EventType.TRANSFORMATION:
        return "processing"
    return STEP_KINDS.get(cbv_local_name(event.biz_step), "other")
