"""``manage.py trace_verify`` passes on untouched events and catches altered or removed rows."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from banso.trace.models import EventEpc, TraceEvent
from banso.trace.services.capture import epcis_events_capture
from banso.trace.tests.test_epcis_capture import harvest_event


@pytest.fixture
def journey(coop_member, lot):
    """A lot's harvest, packing and shipping, plus an event on no lot of ours."""
    events = [
        harvest_event(lot),
        harvest_event(
            lot, eventTime="2025-11-21T08:00:00.000+07:00", bizStep="packing", action="OBSERVE"
        ),
        harvest_event(
            lot, eventTime="2025-11-22T08:00:00.000+07:00", bizStep="shipping", action="OBSERVE"
        ),
    ]
    unrelated = harvest_event(lot)
    unrelated["quantityList"][0]["epcClass"] = "https://id.gs1.org/01/04012345123456/10/X1"
    epcis_events_capture(events=[*events, unrelated], actor=coop_member)
    return list(TraceEvent.objects.filter(lot=lot).order_by("pk"))


def run_verify():
    """(exit status, stdout, stderr) of the command."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("trace_verify", stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_a_clean_database_passes(journey):
    status, out, err = run_verify()

    assert status == 0
    assert "4 events checked, 1 lots' chains walked, 0 problems." in out
    assert err == ""


@pytest.mark.django_db
def test_an_altered_event_is_reported(journey):
    packing = journey[1]
    document = dict(packing.document, bizStep="shipping")
    TraceEvent.objects.filter(pk=packing.pk).update(document=document)

    status, _out, err = run_verify()

    assert status == 1
    assert f"Event {packing.pk} was altered" in err
    assert "1 problems." in err


@pytest.mark.django_db
def test_a_deleted_event_is_reported(journey):
    packing = journey[1]
    EventEpc.objects.filter(event=packing).delete()
    TraceEvent.objects.filter(pk=packing.pk).delete()

    status, _out, err = run_verify()

    assert status == 1
    assert f"event {journey[2].pk} follows {packing.event_hash}" in err
    assert "removed or inserted" in err
    assert "3 events checked" in err


@pytest.mark.django_db
def test_an_inserted_event_is_reported(journey, lot):
    forged = TraceEvent.objects.create(
        event_hash="ni:///sha-256;forged?ver=CBV2.0",
        event_type="ObjectEvent",
        event_time=journey[2].event_time,
        event_time_zone_offset="+07:00",
        document=journey[2].document,
        lot=lot,
        previous_hash=journey[0].event_hash,
    )

    status, _out, err = run_verify()

    assert status == 1
    assert f"Event {forged.pk} was altered" in err
    assert f"Lot {lot.pk}: event {forged.pk} follows" in err
