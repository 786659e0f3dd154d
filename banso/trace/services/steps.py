"""The steps a co-operative records on a phone, each turned into one EPCIS 2.0 event (CBV 2.0
vocabulary, JSON-LD) and stored through the capture service, like any other client's events.

Shapes (one ``build_*`` function each, pure: no database writes):

- harvest: ``ObjectEvent`` ADD, bizStep ``commissioning``, disposition ``active``, the lot's class
  in ``quantityList`` and its master data in ``ilmd`` (CBV 2.0 ``cbvmda:`` attributes:
  ``harvestStartDate``, ``harvestEndDate``, ``countryOfOrigin``, ``lotNumber``).
- processing (sơ chế): ``TransformationEvent``, bizStep ``commissioning``, input lot quantities
  → output lot quantity.
- packing: ``ObjectEvent`` OBSERVE, bizStep ``packing``, disposition ``in_progress``, the number
  of packages as a count (no unit) of the lot's class.
- check: ``ObjectEvent`` OBSERVE, bizStep ``inspecting``, disposition ``conformant`` or
  ``non_conformant``; a certificate goes in ``certificationInfo``.
- shipping / receiving: ``ObjectEvent`` OBSERVE, bizStep ``shipping`` (disposition
  ``in_transit``, no bizLocation while on the road) / ``receiving`` (``in_progress``), with a
  destination / source location when given.
- correction: an error declaration (a copy of the wrong event with ``errorDeclaration``: reason
  ``incorrect_data`` and the corrective event's id) and the corrective event, captured together.
  The wrong event is never changed or removed.

Identifiers: a lot is the class ``https://id.gs1.org/01/{gtin}/10/{lot}`` (GS1 Digital Link,
canonical host). Places are URIs of our administrative units and villages
(``{SITE_URL}/places/u/{commune code}`` and ``…/v/{village id}``): the co-operatives have no GLN
of their own, so no SGLN can be made for them. Every event has a ``urn:uuid:`` eventID, so a
correction can name it.

Who: the organisation is named in the event (``banso:organisation``, the URI of its page); the
person who recorded it is ``TraceEvent.recorded_by`` only. An event can never be changed or
removed, and a person's name is personal data that must be removable, so it stays out of the
event.
"""

import copy
import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banso.common.uploads import validate_image
from banso.orgs.models import Certificate, Organisation
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.trace.models import EventEvidence, Lot, Product, TraceEvent
from banso.trace.services.products import lot_create

EPCIS_CONTEXT_URL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
BANSO_NAMESPACE = "https://banso.vn/epcis/"
STEP_CONTEXT: list = [EPCIS_CONTEXT_URL, {"banso": BANSO_NAMESPACE}]
COUNTRY_OF_ORIGIN = "VN"
# UN/CEFACT Recommendation 20 codes of our measure units.
UOM = {"g": "GRM", "kg": "KGM", "t": "TNE", "ml": "MLT", "l": "LTR", "piece": "H87"}
NOTE_MAX_LENGTH = 500


class StepKind:
    HARVEST = "harvest"
    PROCESS = "process"
    PACK = "pack"
    CHECK = "check"
    SHIP = "ship"
    RECEIVE = "receive"
    CORRECT = "correct"


# Identifiers ---------------------------------------------------------------------------------


def lot_class_uri(lot: Lot) -> str:
    """The lot's GS1 Digital Link class URI (AI 01 + AI 10), its lot code percent-encoded."""
    return f"https://id.gs1.org/01/{lot.product.gtin}/10/{quote(lot.code, safe='')}"


def lot_digital_link(lot: Lot, *, base: str = "") -> str:
    """The lot's GS1 Digital Link on our own resolver (``base`` = site URL, or a path alone)."""
    return f"{base}/01/{lot.product.gtin}/10/{quote(lot.code, safe='')}"


def place_uri(unit: AdministrativeUnit, village: Village | None = None) -> str:
    uri = f"{settings.SITE_URL}/places/u/{unit.code}"
    return f"{uri}/v/{village.pk}" if village is not None else uri


def organisation_uri(organisation: Organisation) -> str:
    return f"{settings.SITE_URL}/orgs/{organisation.slug}/"


def certificate_uri(certificate: Certificate) -> str:
    return f"{organisation_uri(certificate.organisation)}#certificate-{certificate.pk}"


def _number(value: Decimal | int | float) -> int | float:
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def _quantity(lot: Lot, quantity, unit: str | None) -> dict:
    element: dict = {"epcClass": lot_class_uri(lot)}
    if quantity is not None:
        element["quantity"] = _number(quantity)
        if unit:
            element["uom"] = UOM[unit]
    return element


def _time(moment: datetime.datetime) -> tuple[str, str]:
    if timezone.is_naive(moment):
        raise ValueError("Step times must be timezone-aware.")
    local = timezone.localtime(moment)
    offset = local.strftime("%z")
    return local.isoformat(timespec="seconds"), f"{offset[:3]}:{offset[3:]}"


@dataclass(frozen=True)
class Place:
    unit: AdministrativeUnit
    village: Village | None = None

    @property
    def uri(self) -> str:
        return place_uri(self.unit, self.village)


def _event(
    event_type: str,
    *,
    organisation: Organisation,
    time: datetime.datetime,
    place: Place,
    biz_step: str,
    action: str | None = None,
    disposition: str | None = None,
    with_location: bool = True,
    note: str = "",
) -> dict:
    event_time, offset = _time(time)
    event: dict = {
        "type": event_type,
        "eventTime": event_time,
        "eventTimeZoneOffset": offset,
        "eventID": f"urn:uuid:{uuid.uuid4()}",
    }
    if action:
        event["action"] = action
    event["bizStep"] = biz_step
    if disposition:
        event["disposition"] = disposition
    event["readPoint"] = {"id": place.uri}
    if with_location:
        event["bizLocation"] = {"id": place.uri}
    event["banso:organisation"] = organisation_uri(organisation)
    if note.strip():
        event["banso:note"] = note.strip()[:NOTE_MAX_LENGTH]
    return event


# Builders ------------------------------------------------------------------------------------


def build_harvest(
    *,
    lot: Lot,
    time: datetime.datetime,
    place: Place,
    quantity=None,
    unit: str | None = None,
    note: str = "",
) -> dict:
    """Harvest is the commissioning of the lot: CBV has no harvesting step."""
    event = _event(
        "ObjectEvent",
        organisation=lot.product.organisation,
        time=time,
        place=place,
        action="ADD",
        biz_step="commissioning",
        disposition="active",
        note=note,
    )
    event["quantityList"] = [
        _quantity(
            lot,
            lot.quantity if quantity is None else quantity,
            unit or lot.quantity_unit,
        )
    ]
    harvest_day = lot.harvest_date.isoformat()
    event["ilmd"] = {
        "cbvmda:lotNumber": lot.code,
        "cbvmda:harvestStartDate": harvest_day,
        "cbvmda:harvestEndDate": harvest_day,
        "cbvmda:countryOfOrigin": COUNTRY_OF_ORIGIN,
        "banso:harvestPlace": place_uri(lot.harvest_unit, lot.harvest_village),
    }
    if lot.latitude is not None and lot.longitude is not None:
        event["ilmd"]["banso:geo"] = f"geo:{lot.latitude},{lot.longitude}"
    return event


def build_process(
    *,
    inputs: list[tuple[Lot, object, str]],
    output: tuple[Lot, object, str],
    time: datetime.datetime,
    place: Place,
    note: str = "",
) -> dict:
    """Processing (sơ chế): input lots, each ``(lot, quantity, unit)``, become the output lot."""
    output_lot, output_quantity, output_unit = output
    event = _event(
        "TransformationEvent",
        organisation=output_lot.product.organisation,
        time=time,
        place=place,
        biz_step="commissioning",
        disposition="active",
        note=note,
    )
    event["inputQuantityList"] = [_quantity(lot, qty, unit) for lot, qty, unit in inputs]
    event["outputQuantityList"] = [_quantity(output_lot, output_quantity, output_unit)]
    event["ilmd"] = {"cbvmda:lotNumber": output_lot.code}
    return event


def build_pack(
    *, lot: Lot, time: datetime.datetime, place: Place, packages: int, note: str = ""
) -> dict:
    event = _event(
        "ObjectEvent",
        organisation=lot.product.organisation,
        time=time,
        place=place,
        action="OBSERVE",
        biz_step="packing",
        disposition="in_progress",
        note=note,
    )
    event["quantityList"] = [_quantity(lot, packages, None)]
    return event


def build_check(
    *,
    lot: Lot,
    time: datetime.datetime,
    place: Place,
    conformant: bool,
    certificate: Certificate | None = None,
    note: str = "",
) -> dict:
    event = _event(
        "ObjectEvent",
        organisation=lot.product.organisation,
        time=time,
        place=place,
        action="OBSERVE",
        biz_step="inspecting",
        disposition="conformant" if conformant else "non_conformant",
        note=note,
    )
    event["quantityList"] = [_quantity(lot, None, None)]
    if certificate is not None:
        event["certificationInfo"] = certificate_uri(certificate)
        event["banso:certificateNumber"] = certificate.number
    return event


def build_ship(
    *,
    lot: Lot,
    time: datetime.datetime,
    place: Place,
    destination: Place | None = None,
    quantity=None,
    unit: str | None = None,
    note: str = "",
) -> dict:
    organisation = lot.product.organisation
    event = _event(
        "ObjectEvent",
        organisation=organisation,
        time=time,
        place=place,
        action="OBSERVE",
        biz_step="shipping",
        disposition="in_transit",
        with_location=False,
        note=note,
    )
    event["quantityList"] = [_quantity(lot, quantity, unit)]
    event["sourceList"] = [
        {"type": "owning_party", "source": organisation_uri(organisation)},
        {"type": "location", "source": place.uri},
    ]
    if destination is not None:
        event["destinationList"] = [{"type": "location", "destination": destination.uri}]
    return event


def build_receive(
    *,
    lot: Lot,
    time: datetime.datetime,
    place: Place,
    source: Place | None = None,
    quantity=None,
    unit: str | None = None,
    note: str = "",
) -> dict:
    event = _event(
        "ObjectEvent",
        organisation=lot.product.organisation,
        time=time,
        place=place,
        action="OBSERVE",
        biz_step="receiving",
        disposition="in_progress",
        note=note,
    )
    event["quantityList"] = [_quantity(lot, quantity, unit)]
    if source is not None:
        event["sourceList"] = [{"type": "location", "source": source.uri}]
    event["destinationList"] = [{"type": "location", "destination": place.uri}]
    return event


QUANTITY_LISTS = ("quantityList", "outputQuantityList")


def build_correction(
    *,
    wrong: dict,
    declaration_time: datetime.datetime,
    time: datetime.datetime | None = None,
    place: Place | None = None,
    quantity=None,
    disposition: str | None = None,
    note: str = "",
) -> tuple[dict, dict]:
    """The error declaration of ``wrong`` (the event as stored) and its corrective event: a copy
    of ``wrong`` with a new eventID and the corrected time, place, quantity or disposition."""
    corrective = copy.deepcopy(wrong)
    corrective.pop("errorDeclaration", None)
    corrective["eventID"] = f"urn:uuid:{uuid.uuid4()}"
    if time is not None:
        corrective["eventTime"], corrective["eventTimeZoneOffset"] = _time(time)
    if place is not None:
        corrective["readPoint"] = {"id": place.uri}
        if "bizLocation" in corrective:
            corrective["bizLocation"] = {"id": place.uri}
    if quantity is not None:
        for name in QUANTITY_LISTS:
            if corrective.get(name):
                corrective[name][0]["quantity"] = _number(quantity)
                break
    if disposition:
        corrective["disposition"] = disposition
    if note.strip():
        corrective["banso:note"] = note.strip()[:NOTE_MAX_LENGTH]
    declaration = copy.deepcopy(wrong)
    declared_at, _offset = _time(declaration_time)
    declaration["errorDeclaration"] = {
        "declarationTime": declared_at,
        "reason": "incorrect_data",
        "correctiveEventIDs": [corrective["eventID"]],
    }
    return declaration, corrective


# Steps: check, build, capture, link ---------------------------------------------------------


def _require(actor, lot: Lot) -> None:
    if not actor.has_perm("trace.change_lot", lot):
        raise PermissionDenied(_("You may not record steps of this lot."))


def _place(lot: Lot, unit: AdministrativeUnit | None, village: Village | None) -> Place:
    unit = unit or lot.harvest_unit
    if unit is None or not unit.is_current or unit.level != UnitLevel.COMMUNE:
        raise ValidationError({"unit": _("The place must be a current commune or ward.")})
    if village is not None and village.commune_id != unit.pk:
        raise ValidationError({"village": _("This village is not in that commune.")})
    if village is None and unit.pk == lot.harvest_unit_id:
        village = lot.harvest_village
    return Place(unit=unit, village=village)


def _photos_check(photos) -> list:
    photos = [photo for photo in (photos or []) if photo]
    for photo in photos:
        try:
            validate_image(photo)
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}, code=error.code) from error
    return photos


def _time_check(time: datetime.datetime | None) -> datetime.datetime:
    now = timezone.now()
    time = time or now
    if time > now + datetime.timedelta(minutes=5):
        raise ValidationError({"time": _("A step cannot be recorded in the future.")})
    return time


def _capture(
    *, events: list[dict], actor, lot: Lot, photos: list | None = None
) -> list[TraceEvent]:
    """Store ``events`` through the capture service and keep the photos with the last one.
    Returns one row per event, in order: an event already stored (same canonical hash, such as
    a form sent twice) is returned as it was stored."""
    from banso.trace.services.capture import epcis_events_capture

    with transaction.atomic():
        result = epcis_events_capture(events=events, context=STEP_CONTEXT, actor=actor)
        rows = list(result.events)
        fresh = [row.pk for row in result.stored]
        # The capture service links events to their lot; these are our own lot's events.
        TraceEvent.objects.filter(pk__in=fresh, organisation__isnull=True).update(
            organisation=lot.product.organisation
        )
        TraceEvent.objects.filter(pk__in=fresh, recorded_by__isnull=True).update(recorded_by=actor)
        if photos and rows:
            for photo in photos:
                evidence = EventEvidence(event=rows[-1], photo=photo)
                evidence.full_clean()
                evidence.save()
    return [TraceEvent.objects.get(pk=row.pk) for row in rows]


def step_harvest(
    *,
    actor,
    lot: Lot,
    time: datetime.datetime | None = None,
    unit: AdministrativeUnit | None = None,
    village: Village | None = None,
    quantity=None,
    photos=None,
    note: str = "",
) -> TraceEvent:
    _require(actor, lot)
    place, time, photos = _place(lot, unit, village), _time_check(time), _photos_check(photos)
    event = build_harvest(
        lot=lot, time=time, place=place, quantity=quantity, unit=lot.quantity_unit, note=note
    )
    return _capture(events=[event], actor=actor, lot=lot, photos=photos)[-1]


def step_process(
    *,
    actor,
    lot: Lot,
    output_quantity,
    output_unit: str,
    input_quantity=None,
    output_product: Product | None = None,
    output_code: str = "",
    time: datetime.datetime | None = None,
    unit: AdministrativeUnit | None = None,
    village: Village | None = None,
    photos=None,
    note: str = "",
) -> TraceEvent:
    """Processing of ``lot`` into an output lot: ``lot`` itself when no output code and no
    other product are given (graded, washed, dried in place), else the lot ``output_code`` of
    ``output_product``, created here when it does not exist yet (fresh leaves → dried tea)."""
    _require(actor, lot)
    place, time, photos = _place(lot, unit, village), _time_check(time), _photos_check(photos)
    output_product = output_product or lot.product
    if output_product.organisation_id != lot.product.organisation_id:
        raise ValidationError({"output_product": _("Choose one of your own products.")})
    if Decimal(str(output_quantity)) < 0 or (
        input_quantity is not None and Decimal(str(input_quantity)) < 0
    ):
        raise ValidationError({"output_quantity": _("The quantity cannot be negative.")})
    output_code = (output_code or "").strip()
    with transaction.atomic():
        output_lot: Lot | None
        if not output_code and output_product.pk == lot.product_id:
            output_lot = lot
        else:
            output_code = output_code or lot.code
            output_lot = Lot.objects.filter(product=output_product, code=output_code).first()
            if output_lot is None:
                output_lot = lot_create(
                    actor=actor,
                    product=output_product,
                    code=output_code,
                    harvest_unit=lot.harvest_unit,
                    harvest_village=lot.harvest_village,
                    harvest_date=lot.harvest_date,
                    quantity=output_quantity,
                    quantity_unit=output_unit,
                )
        event = build_process(
            inputs=[
                (lot, lot.quantity if input_quantity is None else input_quantity, lot.quantity_unit)
            ],
            output=(output_lot, output_quantity, output_unit),
            time=time,
            place=place,
            note=note,
        )
        return _capture(events=[event], actor=actor, lot=lot, photos=photos)[-1]


def step_pack(
    *,
    actor,
    lot: Lot,
    packages: int,
    time: datetime.datetime | None = None,
    unit: AdministrativeUnit | None = None,
    village: Village | None = None,
    photos=None,
    note: str = "",
) -> TraceEvent:
    _require(actor, lot)
    if packages is None or int(packages) < 1:
        raise ValidationError({"packages": _("Count at least one package.")})
    place, time, photos = _place(lot, unit, village), _time_check(time), _photos_check(photos)
    event = build_pack(lot=lot, time=time, place=place, packages=int(packages), note=note)
    return _capture(events=[event], actor=actor, lot=lot, photos=photos)[-1]


def step_check(
    *,
    actor,
    lot: Lot,
    conformant: bool,
    certificate: Certificate | None = None,
    time: datetime.datetime | None = None,
    unit: AdministrativeUnit | None = None,
    village: Village | None = None,
    photos=None,
    note: str = "",
) -> TraceEvent:
    _require(actor, lot)
    if certificate is not None and not lot.product.certificates.filter(pk=certificate.pk).exists():
        raise ValidationError(
            {"certificate": _("Choose one of the certificates of this lot's product.")}
        )
    place, time, photos = _place(lot, unit, village), _time_check(time), _photos_check(photos)
    event = build_check(
        lot=lot,
        time=time,
        place=place,
        conformant=conformant,
        certificate=certificate,
        note=note,
    )
    return _capture(events=[event], actor=actor, lot=lot, photos=photos)[-1]


def _other_place(unit: AdministrativeUnit | None, village: Village | None) -> Place | None:
    if unit is None:
        return None
    if not unit.is_current or unit.level != UnitLevel.COMMUNE:
        raise ValidationError({"other_unit": _("The place must be a current commune or ward.")})
    if village is not None and village.commune_id != unit.pk:
        raise ValidationError({"other_village": _("This village is not in that commune.")})
    return Place(unit=unit, village=village)


def step_ship(
    *,
    actor,
    lot: Lot,
    time: datetime.datetime | None = None,
    unit: AdministrativeUnit | None = None,
    village: Village | None = None,
    destination_unit: AdministrativeUnit | None = None,
    destination_village: Village | None = None,
    quantity=None,
    photos=None,
    note: str = "",
) -> TraceEvent:
    _require(actor, lot)
    place, time, photos = _place(lot, unit, village), _time_check(time), _photos_check(photos)
    destination = _other_place(destination_unit, destination_village)
    event = build_ship(
        lot=lot,
        time=time,
        place=place,
        destination=destination,
        quantity=quantity,
        unit=lot.quantity_unit if quantity is not None else None,
        note=note,
    )
    return _capture(events=[event], actor=actor, lot=lot, photos=photos)[-1]


def step_receive(
    *,
    actor,
    lot: Lot,
    time: datetime.datetime | None = None,
    unit: AdministrativeUnit | None = None,
    village: Village | None = None,
    source_unit: AdministrativeUnit | None = None,
    source_village: Village | None = None,
    quantity=None,
    photos=None,
    note: str = "",
) -> TraceEvent:
    _require(actor, lot)
    place, time, photos = _place(lot, unit, village), _time_check(time), _photos_check(photos)
    source = _other_place(source_unit, source_village)
    event = build_receive(
        lot=lot,
        time=time,
        place=place,
        source=source,
        quantity=quantity,
        unit=lot.quantity_unit if quantity is not None else None,
        note=note,
    )
    return _capture(events=[event], actor=actor, lot=lot, photos=photos)[-1]


def correctable_events(lot: Lot) -> list[TraceEvent]:
    """The lot's events that a correction may name: not declarations, not yet declared wrong."""
    from banso.trace.selectors.products import lot_events

    events = lot_events(lot)
    declared = {e.event_id for e in events if e.is_error_declaration and e.event_id}
    return [
        e
        for e in events
        if not e.is_error_declaration and (not e.event_id or e.event_id not in declared)
    ]


def step_correct(
    *,
    actor,
    lot: Lot,
    wrong: TraceEvent,
    time: datetime.datetime | None = None,
    unit: AdministrativeUnit | None = None,
    village: Village | None = None,
    quantity=None,
    disposition: str | None = None,
    photos=None,
    note: str = "",
) -> tuple[TraceEvent, TraceEvent]:
    """Declare ``wrong`` an error and record the corrected event instead; ``wrong`` stays as
    it was. Returns (declaration, corrective event)."""
    _require(actor, lot)
    if wrong.pk not in {e.pk for e in correctable_events(lot)}:
        raise ValidationError({"wrong": _("This step cannot be corrected.")})
    photos = _photos_check(photos)
    place = _place(lot, unit, village) if unit is not None else None
    if time is not None:
        time = _time_check(time)
    declaration, corrective = build_correction(
        wrong=wrong.document,
        declaration_time=timezone.now(),
        time=time,
        place=place,
        quantity=quantity,
        disposition=disposition,
        note=note,
    )
    stored = _capture(events=[declaration, corrective], actor=actor, lot=lot, photos=photos)
    return stored[0], stored[-1]
