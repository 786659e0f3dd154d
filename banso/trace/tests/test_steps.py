"""The steps a co-operative records: the EPCIS events they build and what gets stored."""

import copy
import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from banso.orgs.services import certificate_add
from banso.orgs.tests.factories import png_upload
from banso.trace.models import EventEvidence, Lot, TraceEvent
from banso.trace.services import products as product_services
from banso.trace.services import steps
from banso.trace.services.steps import Place

STANDARD = Path(steps.__file__).resolve().parent.parent / "epcis" / "standard"
SCHEMA = json.loads((STANDARD / "EPCIS-JSON-Schema.json").read_text())
WHEN = datetime.datetime(2025, 11, 21, 8, 30, tzinfo=datetime.UTC)


def _document(*events) -> dict:
    return {
        "@context": steps.STEP_CONTEXT,
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": "2025-11-21T09:00:00+07:00",
        "epcisBody": {"eventList": list(events)},
    }


def _assert_valid(*events) -> None:
    validator = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_document(*events))
    ]
    assert errors == []


@pytest.fixture
def place(lot):
    return Place(unit=lot.harvest_unit)


@pytest.fixture
def certificate(superuser, coop, product):
    certificate = certificate_add(
        actor=superuser,
        organisation=coop,
        kind="vietgap",
        issuer="Trung tâm Chứng nhận Phù hợp",
        number="VietGAP-TT-24-0031",
        valid_from=datetime.date(2024, 3, 1),
    )
    product.certificates.add(certificate)
    return certificate


# Builders -------------------------------------------------------------------------------------


def test_lot_class_is_its_digital_link(lot):
    assert steps.lot_class_uri(lot) == "https://id.gs1.org/01/00209890000019/10/MK2025-11"
    lot.code = "A/B%1"
    assert steps.lot_class_uri(lot).endswith("/10/A%2FB%251")


def test_harvest_is_commissioning_with_lot_master_data(lot, place, settings):
    event = steps.build_harvest(lot=lot, time=WHEN, place=place)
    _assert_valid(event)
    assert event["type"] == "ObjectEvent"
    assert (event["action"], event["bizStep"], event["disposition"]) == (
        "ADD",
        "commissioning",
        "active",
    )
    assert event["eventTime"] == "2025-11-21T15:30:00+07:00"
    assert event["eventTimeZoneOffset"] == "+07:00"
    assert event["eventID"].startswith("urn:uuid:")
    assert event["quantityList"] == [
        {"epcClass": steps.lot_class_uri(lot), "quantity": 1200, "uom": "KGM"}
    ]
    assert event["ilmd"]["cbvmda:harvestStartDate"] == "2025-11-20"
    assert event["ilmd"]["cbvmda:countryOfOrigin"] == "VN"
    assert event["ilmd"]["cbvmda:lotNumber"] == "MK2025-11"
    assert event["readPoint"]["id"] == f"{settings.SITE_URL}/places/u/02761"
    assert event["banso:organisation"].endswith(f"/orgs/{lot.product.organisation.slug}/")


def test_units_map_to_un_cefact_codes(lot, place):
    for unit, code in [("g", "GRM"), ("t", "TNE"), ("l", "LTR"), ("ml", "MLT"), ("piece", "H87")]:
        event = steps.build_harvest(lot=lot, time=WHEN, place=place, quantity=3, unit=unit)
        assert event["quantityList"][0]["uom"] == code


def test_processing_is_a_transformation(lot, place):
    event = steps.build_process(
        inputs=[(lot, 1200, "kg")], output=(lot, "1100.5", "kg"), time=WHEN, place=place
    )
    _assert_valid(event)
    assert event["type"] == "TransformationEvent"
    assert "action" not in event
    assert event["inputQuantityList"][0]["quantity"] == 1200
    assert event["outputQuantityList"][0] == {
        "epcClass": steps.lot_class_uri(lot),
        "quantity": 1100.5,
        "uom": "KGM",
    }


def test_packing_check_ship_receive_shapes(lot, place, certificate, bac_ha):
    pack = steps.build_pack(lot=lot, time=WHEN, place=place, packages=240)
    check = steps.build_check(
        lot=lot, time=WHEN, place=place, conformant=False, certificate=certificate
    )
    ship = steps.build_ship(lot=lot, time=WHEN, place=place, destination=Place(unit=bac_ha))
    receive = steps.build_receive(lot=lot, time=WHEN, place=Place(unit=bac_ha), source=place)
    _assert_valid(pack, check, ship, receive)
    assert (pack["action"], pack["bizStep"], pack["disposition"]) == (
        "OBSERVE",
        "packing",
        "in_progress",
    )
    assert pack["quantityList"] == [{"epcClass": steps.lot_class_uri(lot), "quantity": 240}]
    assert (check["bizStep"], check["disposition"]) == ("inspecting", "non_conformant")
    assert check["certificationInfo"].endswith(f"#certificate-{certificate.pk}")
    assert (ship["bizStep"], ship["disposition"]) == ("shipping", "in_transit")
    assert "bizLocation" not in ship
    assert ship["destinationList"] == [{"type": "location", "destination": Place(unit=bac_ha).uri}]
    assert (receive["bizStep"], receive["disposition"]) == ("receiving", "in_progress")
    assert receive["sourceList"] == [{"type": "location", "source": place.uri}]


def test_correction_declares_the_wrong_event_and_copies_it_corrected(lot, place):
    wrong = steps.build_pack(lot=lot, time=WHEN, place=place, packages=24)
    original = copy.deepcopy(wrong)
    declaration, corrective = steps.build_correction(
        wrong=wrong, declaration_time=WHEN + datetime.timedelta(days=1), quantity=240
    )
    _assert_valid(declaration, corrective)
    assert wrong == original
    assert declaration["eventID"] == wrong["eventID"]
    assert declaration["errorDeclaration"]["reason"] == "incorrect_data"
    assert declaration["errorDeclaration"]["correctiveEventIDs"] == [corrective["eventID"]]
    assert corrective["eventID"] != wrong["eventID"]
    assert corrective["quantityList"][0]["quantity"] == 240
    assert "errorDeclaration" not in corrective


# Stored through the capture service -------------------------------------------------------------


def _events(lot) -> list[TraceEvent]:
    return list(TraceEvent.objects.filter(lot=lot).order_by("pk"))


def test_harvest_process_pack_are_stored_as_a_chain(coop_member, lot, certificate):
    harvest = steps.step_harvest(actor=coop_member, lot=lot, time=WHEN, photos=[png_upload()])
    process = steps.step_process(
        actor=coop_member, lot=lot, output_quantity=1100, output_unit="kg", time=WHEN
    )
    pack = steps.step_pack(actor=coop_member, lot=lot, packages=220, time=WHEN)
    check = steps.step_check(actor=coop_member, lot=lot, conformant=True, certificate=certificate)
    ship = steps.step_ship(actor=coop_member, lot=lot)
    receive = steps.step_receive(actor=coop_member, lot=lot)
    stored = _events(lot)
    assert stored == [harvest, process, pack, check, ship, receive]
    assert [(e.event_type, e.biz_step) for e in stored] == [
        ("ObjectEvent", "commissioning"),
        ("TransformationEvent", "commissioning"),
        ("ObjectEvent", "packing"),
        ("ObjectEvent", "inspecting"),
        ("ObjectEvent", "shipping"),
        ("ObjectEvent", "receiving"),
    ]
    assert [e.disposition for e in stored[3:]] == ["conformant", "in_transit", "in_progress"]
    assert all(e.recorded_by == coop_member for e in stored)
    assert all(e.organisation == lot.product.organisation for e in stored)
    assert stored[0].previous_hash == ""
    assert [e.previous_hash for e in stored[1:]] == [e.event_hash for e in stored[:-1]]
    assert EventEvidence.objects.get().event == harvest


def test_processing_into_another_product_creates_the_output_lot(coop_member, coop, lot):
    dried = product_services.product_create(
        actor=coop_member, organisation=coop, name="Quýt sấy", category="processed_food", unit="bag"
    )
    event = steps.step_process(
        actor=coop_member,
        lot=lot,
        output_product=dried,
        output_code="MK2025-11S",
        output_quantity=300,
        output_unit="kg",
        time=WHEN,
    )
    output = Lot.objects.get(product=dried, code="MK2025-11S")
    assert output.harvest_unit == lot.harvest_unit
    assert output.harvest_date == lot.harvest_date
    assert event.lot == output
    assert set(event.epcs.values_list("lot_id", flat=True)) == {lot.pk, output.pk}


def test_the_same_step_sent_twice_is_stored_once(coop_member, lot):
    first = steps.step_pack(actor=coop_member, lot=lot, packages=10, time=WHEN)
    again = steps.step_pack(actor=coop_member, lot=lot, packages=10, time=WHEN)
    assert again == first
    assert TraceEvent.objects.count() == 1


def test_other_coops_member_records_nothing(other_coop_member, lot):
    with pytest.raises(PermissionDenied):
        steps.step_harvest(actor=other_coop_member, lot=lot, time=WHEN)
    with pytest.raises(PermissionDenied):
        steps.step_pack(actor=other_coop_member, lot=lot, packages=3)
    assert not TraceEvent.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"time": timezone.now() + datetime.timedelta(hours=2)}, "time"),
        ({"photos": [SimpleUploadedFile("x.jpg", b"no", content_type="image/jpeg")]}, "photos"),
    ],
)
def test_bad_step_input_stores_nothing(coop_member, lot, changes, field):
    with pytest.raises(ValidationError) as error:
        steps.step_harvest(actor=coop_member, lot=lot, **changes)
    assert field in error.value.message_dict
    assert not TraceEvent.objects.exists()


def test_place_must_be_a_current_commune(coop_member, lot, lao_cai, bac_ha, village):
    with pytest.raises(ValidationError):
        steps.step_pack(actor=coop_member, lot=lot, packages=1, unit=lao_cai)
    with pytest.raises(ValidationError):
        steps.step_pack(actor=coop_member, lot=lot, packages=1, unit=bac_ha, village=village)
    assert not TraceEvent.objects.exists()


def test_correction_never_edits_the_wrong_event(coop_member, lot):
    wrong = steps.step_pack(actor=coop_member, lot=lot, packages=24, time=WHEN)
    before = TraceEvent.objects.filter(pk=wrong.pk).values().get()
    declaration, corrective = steps.step_correct(
        actor=coop_member, lot=lot, wrong=wrong, quantity=240
    )
    assert TraceEvent.objects.filter(pk=wrong.pk).values().get() == before
    assert declaration.is_error_declaration
    assert declaration.event_id == wrong.event_id
    assert declaration.document["errorDeclaration"]["correctiveEventIDs"] == [corrective.event_id]
    assert not corrective.is_error_declaration
    assert corrective.document["quantityList"][0]["quantity"] == 240
    assert TraceEvent.objects.count() == 3
    # A step already corrected, or a declaration, cannot be corrected again.
    for event in (wrong, declaration):
        with pytest.raises(ValidationError):
            steps.step_correct(actor=coop_member, lot=lot, wrong=event, quantity=1)
    assert TraceEvent.objects.count() == 3


def test_other_coops_member_cannot_correct(coop_member, other_coop_member, lot):
    wrong = steps.step_pack(actor=coop_member, lot=lot, packages=24, time=WHEN)
    with pytest.raises(PermissionDenied):
        steps.step_correct(actor=other_coop_member, lot=lot, wrong=wrong, quantity=1)
    assert TraceEvent.objects.count() == 1
