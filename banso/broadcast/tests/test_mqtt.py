"""Publishing to MQTT, against a real Mosquitto broker (the one at 127.0.0.1:1883, or one the
tests start where none answers there): writes through the services, a subscriber made with
paho, the messages it receives.

Each test publishes under a topic prefix of its own, so that parallel test processes (and
the retained messages the broker keeps from earlier runs) never meet. A test knows it has
heard everything when its own last message comes back: the publisher's messages were
acknowledged by the broker before it (``mqtt_flush``), and one broker delivers in order.
"""

import datetime
import json
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import paho.mqtt.client as paho
import pytest
from django.core.checks import run_checks
from django.utils import timezone

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.broadcast.models import Bulletin, BulletinState, ScheduleVersion
from banso.broadcast.mqtt import (
    MqttMessage,
    mqtt_flush,
    mqtt_publish,
    mqtt_publishers_stop,
    mqtt_target_parse,
)
from banso.broadcast.selectors.emergencies import emergencies_by_commune
from banso.broadcast.selectors.playlist import LOCAL
from banso.broadcast.services.bulletins import bulletin_approve, bulletin_submit
from banso.broadcast.services.schedule import slot_add, slot_update
from banso.broadcast.tests.makers import bulletin_make, speaker_make

pytestmark = pytest.mark.django_db

BROKER = ("127.0.0.1", 1883)
WAIT_SECONDS = 30.0


def _answers(address: tuple[str, int]) -> bool:
    try:
        socket.create_connection(address, timeout=2).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="session")
def broker(tmp_path_factory) -> Iterator[tuple[str, int]]:
    """The development machines' and CI's Mosquitto at 127.0.0.1:1883; where none answers
    there, one of our own on a free port (``make test`` installs Debian's mosquitto), so the
    tests never skip. Yields the broker's address."""
    if _answers(BROKER):
        yield BROKER
        return
    program = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not Path(program).exists():
        pytest.fail("The MQTT tests need Debian's mosquitto: `make test` installs it.")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path_factory.mktemp("mosquitto") / "mosquitto.conf"
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    process = subprocess.Popen(  # noqa: S603 (our own arguments)
        [program, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not _answers(("127.0.0.1", port)):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"mosquitto did not start on 127.0.0.1:{port}")
            time.sleep(0.1)
        yield ("127.0.0.1", port)
    finally:
        process.terminate()
        process.wait(10)


class Listener:
    """A subscriber to every topic under ``prefix``, recording (topic, payload, retained)."""

    def __init__(self, prefix: str, broker: tuple[str, int]) -> None:
        self.prefix = prefix
        self.broker = broker
        self.messages: list[tuple[str, dict | None, bool]] = []
        self._lock = threading.Lock()
        subscribed = threading.Event()
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2, protocol=paho.MQTTv311)
        self.client.on_subscribe = lambda *args: subscribed.set()
        self.client.on_message = self._received
        self.client.connect(*broker)
        self.client.loop_start()
        self.client.subscribe(f"{prefix}/#", qos=1)
        assert subscribed.wait(WAIT_SECONDS)

    def _received(self, client, userdata, message) -> None:
        payload = json.loads(message.payload) if message.payload else None
        with self._lock:
            self.messages.append((message.topic, payload, bool(message.retain)))

    def until(self, found: Callable[[list], bool]) -> list[tuple[str, dict | None, bool]]:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            with self._lock:
                messages = list(self.messages)
            if found(messages):
                return messages
            time.sleep(0.05)
        raise AssertionError(f"not received; got {messages}")

    def everything(self) -> list[tuple[str, dict | None, bool]]:
        """All that the publisher sent so far, once the broker acknowledged it: ends with a
        message of our own, taken off again."""
        assert mqtt_flush()
        mark = f"{self.prefix}/end/{uuid.uuid4().hex}"
        self.client.publish(mark, b"{}", qos=1).wait_for_publish(WAIT_SECONDS)
        messages = self.until(lambda got: any(topic == mark for topic, _, _ in got))
        return [m for m in messages if not m[0].startswith(f"{self.prefix}/end/")]

    def close(self) -> None:
        """Disconnect, and clear the retained messages under the prefix from the broker."""
        with self._lock:
            retained = {topic for topic, payload, _ in self.messages if payload}
        for topic in retained:
            self.client.publish(topic, b"", qos=1, retain=True).wait_for_publish(WAIT_SECONDS)
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def prefix() -> str:
    return f"banso-test/{uuid.uuid4().hex}"


@pytest.fixture
def listener(broker, prefix, settings) -> Iterator[Listener]:
    settings.BROADCAST_MQTT_URL = f"mqtt://{broker[0]}:{broker[1]}/{prefix}"
    heard = Listener(prefix, broker)
    yield heard
    mqtt_publishers_stop()
    heard.close()


def _topic(prefix: str, commune, kind: str) -> str:
    return f"{prefix}/communes/{commune.code}/{kind}"


def _numbers(commune) -> tuple[int, int]:
    row = ScheduleVersion.objects.get(pk=commune.pk)
    return row.number, row.emergency_number


def test_an_approved_bulletin_tells_its_commune_only_and_stays_for_late_subscribers(
    listener,
    prefix,
    settings,
    editor,
    approver,
    muong_khuong,
    bac_ha,
    django_capture_on_commit_callbacks,
):
    bulletin = bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    bulletin_submit(actor=editor, bulletin=bulletin)
    with django_capture_on_commit_callbacks(execute=True):
        bulletin_approve(actor=approver, bulletin=bulletin)

    heard = listener.everything()

    playlist = _topic(prefix, muong_khuong, "playlist")
    assert [topic for topic, _, _ in heard] == [playlist]
    payload = heard[0][1]
    assert payload is not None
    assert payload == {
        "version": 1,
        "kind": "playlist",
        "commune": muong_khuong.code,
        "schedule": _numbers(muong_khuong)[0],
        "changed_at": payload["changed_at"],
        "fetch": settings.SITE_URL + "/api/broadcast/device/playlist",
    }
    changed_at = datetime.datetime.fromisoformat(payload["changed_at"])
    assert changed_at.utcoffset() == datetime.timedelta(hours=7)
    assert abs(timezone.now() - changed_at) < datetime.timedelta(minutes=5)
    assert not any(bac_ha.code in topic for topic, _, _ in heard)

    late = Listener(prefix, listener.broker)
    try:
        kept = late.until(lambda got: any(topic == playlist for topic, _, _ in got))
        assert (playlist, payload, True) in kept
    finally:
        late.client.disconnect()
        late.client.loop_stop()


def test_each_change_of_a_slot_publishes_the_new_schedule_number(
    listener, prefix, editor, muong_khuong, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        slot = slot_add(
            actor=editor, commune=muong_khuong, starts_at=datetime.time(6), length_minutes=30
        )
    first = listener.everything()
    with django_capture_on_commit_callbacks(execute=True):
        slot_update(
            actor=editor,
            slot=slot,
            starts_at=datetime.time(17),
            length_minutes=30,
            weekdays=slot.weekdays,
        )
    both = listener.everything()

    numbers = [payload["schedule"] for _, payload, _ in both if payload]
    assert [payload["schedule"] for _, payload, _ in first if payload] == numbers[:1]
    assert len(numbers) == 2 and numbers[0] < numbers[1] == _numbers(muong_khuong)[0]
    assert {topic for topic, _, _ in both} == {_topic(prefix, muong_khuong, "playlist")}


def test_an_emergency_for_one_village_is_published_to_its_commune(
    listener,
    prefix,
    settings,
    duty_approver,
    muong_khuong,
    bac_ha,
    sang_chai,
    django_capture_on_commit_callbacks,
):
    role_grant(user=duty_approver, role=PlaceRole.BROADCAST_EDITOR, unit=muong_khuong)
    now = timezone.now()
    flood = bulletin_make(
        duty_approver,
        muong_khuong,
        title="Cảnh báo lũ quét ở Sảng Chải",
        priority="emergency",
        target_villages=(sang_chai,),
        valid_from=now - datetime.timedelta(minutes=5),
        valid_until=now + datetime.timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        flood = bulletin_approve(actor=duty_approver, bulletin=flood)

    heard = listener.everything()

    by_topic = {topic: (payload, retained) for topic, payload, retained in heard}
    assert set(by_topic) == {
        _topic(prefix, muong_khuong, "playlist"),
        _topic(prefix, muong_khuong, "emergency"),
    }
    payload, retained = by_topic[_topic(prefix, muong_khuong, "emergency")]
    assert not retained
    assert payload is not None
    assert payload == {
        "version": 1,
        "kind": "emergency",
        "commune": muong_khuong.code,
        "emergency_schedule": _numbers(muong_khuong)[1],
        "changed_at": payload["changed_at"],
        "fetch": settings.SITE_URL + "/api/broadcast/device/emergency",
        "emergencies": [
            {
                "bulletin": flood.pk,
                "title": "Cảnh báo lũ quét ở Sảng Chải",
                "priority": "emergency",
                "starts_at": flood.decided_at.astimezone(LOCAL).isoformat(),
                "ends_at": flood.valid_until.astimezone(LOCAL).isoformat(),
            }
        ],
    }
    assert "text" not in json.dumps(payload)


def test_a_province_emergency_reaches_every_commune_with_speakers(
    make_user, province_editor, lao_cai, muong_khuong, bac_ha, village, na_hoi
):
    duty = make_user("Trực tỉnh")
    role_grant(user=duty, role=PlaceRole.BROADCAST_DUTY_APPROVER, unit=lao_cai)
    role_grant(user=duty, role=PlaceRole.BROADCAST_EDITOR, unit=lao_cai)
    speaker_make(province_editor, muong_khuong, "Cụm loa Mã Tuyển", village=village)
    speaker_make(province_editor, bac_ha, "Cụm loa Na Hối", village=na_hoi)
    now = timezone.now()
    cold = bulletin_make(
        duty,
        lao_cai,
        title="Rét hại",
        priority="emergency",
        is_province_wide=True,
        valid_from=now + datetime.timedelta(hours=2),
        valid_until=now + datetime.timedelta(days=1),
    )
    local = bulletin_make(
        duty, lao_cai, title="Sạt lở", priority="emergency", target_villages=(na_hoi,)
    )
    bulletin_approve(actor=duty, bulletin=cold)
    bulletin_approve(actor=duty, bulletin=local)
    cold.refresh_from_db()

    found = emergencies_by_commune({muong_khuong.pk, bac_ha.pk}, now=now)

    assert [e.id for e in found[muong_khuong.pk]] == [cold.pk]
    assert [e.id for e in found[bac_ha.pk]] == [local.pk, cold.pk]
    assert found[muong_khuong.pk][0].starts_at == cold.valid_from  # later than its approval


def test_without_a_broker_configured_nothing_is_published(
    listener, settings, editor, approver, muong_khuong, django_capture_on_commit_callbacks
):
    settings.BROADCAST_MQTT_URL = ""
    bulletin = bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    bulletin_submit(actor=editor, bulletin=bulletin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        bulletin_approve(actor=approver, bulletin=bulletin)

    assert listener.everything() == []
    assert not any("mqtt" in getattr(c, "__module__", "") for c in callbacks)


def test_a_broker_that_refuses_leaves_the_write_done_and_the_failure_logged(
    broker, settings, caplog, editor, approver, muong_khuong, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:  # a port where nothing listens: connections are refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.BROADCAST_MQTT_URL = f"mqtt://127.0.0.1:{port}/banso-test/{uuid.uuid4().hex}"
    bulletin = bulletin_make(editor, muong_khuong, target_communes=(muong_khuong,))
    bulletin_submit(actor=editor, bulletin=bulletin)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            bulletin_approve(actor=approver, bulletin=bulletin)

        assert Bulletin.objects.get(pk=bulletin.pk).state == BulletinState.APPROVED
        deadline = time.monotonic() + WAIT_SECONDS
        failures: list = []
        while not failures and time.monotonic() < deadline:
            failures = [
                record
                for record in list(caplog.records)
                if getattr(record, "event", "") == "broadcast_mqtt_publish_failed"
            ]
            time.sleep(0.05)
        assert failures, "the failure was not logged"
        assert failures[0].broker == f"127.0.0.1:{port}"
        prefix = mqtt_target_parse(settings.BROADCAST_MQTT_URL).prefix
        assert failures[0].topics == [f"{prefix}/communes/{muong_khuong.code}/playlist"]
        assert failures[0].retry_in_seconds > 0
    finally:
        mqtt_publishers_stop()


def test_a_topic_gets_each_number_once_and_never_an_older_one_after_a_newer(broker, prefix):
    target = mqtt_target_parse(f"mqtt://{broker[0]}:{broker[1]}/{prefix}")
    heard = Listener(prefix, broker)
    topic = f"{prefix}/communes/00001/playlist"
    try:
        mqtt_publish(target, [MqttMessage(topic, b'{"schedule":5}', retain=True, rank=5)])
        mqtt_publish(target, [MqttMessage(topic, b'{"schedule":3}', retain=True, rank=3)])
        assert mqtt_flush()
        mqtt_publish(target, [MqttMessage(topic, b'{"schedule":5}', retain=True, rank=5)])
        got = heard.everything()
    finally:
        mqtt_publishers_stop()
        heard.close()

    assert got == [(topic, {"schedule": 5}, False)]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://127.0.0.1:1883", "mqtt:// or mqtts://"),
        ("mqtt://", "host is missing"),
        ("mqtt://broker:99999/banso", "not an address"),
        ("mqtt://broker/banso/+/x", "may not hold"),
        ("mqtt://broker/banso//x", "may not hold"),
        ("mqtt://broker/banso?qos=2", "not understood"),
    ],
)
def test_a_malformed_address_is_reported_by_the_checks(settings, url, problem):
    settings.BROADCAST_MQTT_URL = url

    errors = {m.id: m.msg for m in run_checks() if m.id and m.id.startswith("broadcast.")}

    assert problem in errors["broadcast.E001"]


def test_well_formed_addresses_and_none_pass_the_checks(settings):
    for url in ["", "mqtt://127.0.0.1:1883/banso", "mqtts://radio%40ubnd:p%2Fw@mqtt.example.vn"]:
        settings.BROADCAST_MQTT_URL = url
        assert not [m for m in run_checks() if m.id == "broadcast.E001"], url

    target = mqtt_target_parse("mqtts://radio%40ubnd:p%2Fw@mqtt.example.vn")
    assert (target.host, target.port, target.tls) == ("mqtt.example.vn", 8883, True)
    assert (target.username, target.password, target.prefix) == ("radio@ubnd", "p/w", "banso")
    target = mqtt_target_parse("mqtt://127.0.0.1/lao-cai/loa/")
    assert (target.port, target.tls, target.prefix) == (1883, False, "lao-cai/loa")
