"""Publishing to an MQTT broker, for the smart-radio receivers that listen there
(``BANSO_BROADCAST_MQTT_URL``; unset, nothing is published and HTTP polling is all).

A message is only a nudge: "your playlist changed, fetch it", "an emergency, fetch it". The
devices still fetch over HTTP with their token, which stays the truth, so a lost message costs a
speaker no more than the wait until its next poll. Hence the choices here:

- **After commit, in a thread of the process.** The write's transaction commits first; then the
  messages are handed to a background thread and the request goes on. No task row, no worker:
  an emergency does not wait behind a bulletin being voiced in the worker's queue, and a broker
  that is down costs the write nothing.
- **One connection per batch.** The thread takes everything waiting, connects (``CONNECT_TIMEOUT``
  for the TCP connection and the broker's answer), publishes with QoS 1, waits for the broker's
  acknowledgements, disconnects. Nothing stays open between writes.
- **Only the latest per topic.** What waits is kept by topic, the higher schedule number winning,
  so a broker that is down for an hour leaves one message per commune and topic waiting, not a
  queue of every change; a number already published (two changes in one transaction, read after
  its commit) or an older one (a slower request) is not published again.
- **Retried, then dropped.** A failed batch is logged (``broadcast_mqtt_publish_failed``) and
  tried again after a growing wait (1 s, 2 s, 4 s … at most 30 s) up to ``ATTEMPTS`` times; then
  it is dropped (``broadcast_mqtt_dropped``), and the next change tries again from the start.
- **Lost with the process.** At exit the thread gets ``EXIT_FLUSH_SECONDS`` to finish; what is
  still waiting is lost, which the devices' next poll makes up for.
"""

import atexit
import logging
import os
import threading
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings

from banso.jobs.backoff import backoff_seconds

logger = logging.getLogger(__name__)

# Seconds for the broker's TCP connection, then again for its answer to CONNECT.
CONNECT_TIMEOUT = 5.0
# Seconds for the broker's acknowledgements of a batch (QoS 1).
PUBLISH_TIMEOUT = 10.0
KEEPALIVE_SECONDS = 30
# Tries of one batch before it is dropped, and the cap of the wait between them.
ATTEMPTS = 6
RETRY_CAP_SECONDS = 30.0
EXIT_FLUSH_SECONDS = 2.0
DEFAULT_PREFIX = "banso"
PORTS = {"mqtt": 1883, "mqtts": 8883}


@dataclass(frozen=True)
class MqttTarget:
    """Where to publish: the broker, its credentials, and the prefix of every topic."""

    host: str
    port: int
    tls: bool
    username: str
    password: str
    prefix: str


@dataclass(frozen=True)
class MqttMessage:
    """One message; ``rank`` (a schedule number) decides which of two for a topic is newer."""

    topic: str
    payload: bytes
    retain: bool
    rank: int


def mqtt_target_parse(url: str) -> MqttTarget:
    """``mqtt://user:password@host:1883/prefix`` (``mqtts://`` for TLS, port 8883 by default;
    the prefix ``banso`` by default). Raises ``ValueError`` saying what is wrong."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ValueError(f"not an address: {error}") from error
    if parts.scheme not in PORTS:
        raise ValueError("the scheme must be mqtt:// or mqtts://")
    if not parts.hostname:
        raise ValueError("the broker's host is missing")
    if parts.query or parts.fragment:
        raise ValueError("a query (?…) or fragment (#…) is not understood")
    prefix = parts.path.strip("/") or DEFAULT_PREFIX
    if any(character in prefix for character in "+#\x00") or "" in prefix.split("/"):
        raise ValueError("the topic prefix may not hold +, # or empty levels")
    return MqttTarget(
        host=parts.hostname,
        port=port or PORTS[parts.scheme],
        tls=parts.scheme == "mqtts",
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        prefix=prefix,
    )


def mqtt_target() -> MqttTarget | None:
    """The configured broker, or None when none is (or its address is malformed, which
    ``manage.py check`` reports)."""
    url = str(getattr(settings, "BROADCAST_MQTT_URL", "") or "")
    if not url:
        return None
    try:
        return mqtt_target_parse(url)
    except ValueError as error:
        logger.error(
            "BANSO_BROADCAST_MQTT_URL is malformed: %s",
            error,
            extra={"event": "broadcast_mqtt_misconfigured", "error": str(error)},
        )
        return None


def _send(target: MqttTarget, messages: list[MqttMessage]) -> None:
    """Connect, publish ``messages`` with QoS 1, wait for the broker's acknowledgements,
    disconnect. Raises on any failure."""
    import paho.mqtt.client as paho

    client = paho.Client(paho.CallbackAPIVersion.VERSION2, protocol=paho.MQTTv311)
    client.connect_timeout = CONNECT_TIMEOUT
    if target.username:
        client.username_pw_set(target.username, target.password or None)
    if target.tls:
        client.tls_set()
    answered = threading.Event()
    answers: list = []

    def on_connect(client, userdata, flags, reason_code, properties) -> None:
        answers.append(reason_code)
        answered.set()

    client.on_connect = on_connect
    client.connect(target.host, target.port, keepalive=KEEPALIVE_SECONDS)
    client.loop_start()
    try:
        if not answered.wait(CONNECT_TIMEOUT):
            raise TimeoutError("the broker did not answer the connection")
        if answers[0].is_failure:
            raise ConnectionRefusedError(f"the broker refused the connection: {answers[0]}")
        sent = [
            client.publish(message.topic, message.payload, qos=1, retain=message.retain)
            for message in messages
        ]
        for info in sent:
            info.wait_for_publish(timeout=PUBLISH_TIMEOUT)
            if not info.is_published():
                raise TimeoutError("the broker did not acknowledge a message")
    finally:
        client.disconnect()
        client.loop_stop()


class _Publisher:
    """The background thread of one broker in this process."""

    def __init__(self, target: MqttTarget) -> None:
        self.target = target
        self._condition = threading.Condition()
        self._waiting: dict[str, MqttMessage] = {}
        self._published: dict[str, int] = {}
        self._in_flight: dict[str, int] = {}
        self._sending = False
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="broadcast-mqtt", daemon=True)
        self._thread.start()

    def _keep(self, messages: list[MqttMessage]) -> None:
        for message in messages:
            out = max(
                self._published.get(message.topic, -1), self._in_flight.get(message.topic, -1)
            )
            if message.rank <= out:
                continue  # that number, or a newer one, is out already or on its way
            current = self._waiting.get(message.topic)
            if current is None or message.rank >= current.rank:
                self._waiting[message.topic] = message

    def put(self, messages: list[MqttMessage]) -> None:
        with self._condition:
            self._keep(messages)
            self._condition.notify_all()

    def flush(self, timeout: float) -> bool:
        """Wait until nothing is waiting nor being sent; False if ``timeout`` came first."""
        with self._condition:
            return self._condition.wait_for(
                lambda: self._stopped or not (self._waiting or self._sending), timeout
            )

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._condition.notify_all()

    def _run(self) -> None:
        failures = 0
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._stopped or bool(self._waiting))
                if self._stopped:
                    return
                batch = list(self._waiting.values())
                self._waiting = {}
                self._in_flight = {message.topic: message.rank for message in batch}
                self._sending = True
            try:
                _send(self.target, batch)
            except Exception as error:
                failures += 1
                wait = self._failed(batch, error, failures)
                if wait is None:
                    failures = 0
                with self._condition:
                    self._in_flight = {}
                    self._sending = False
                    self._condition.notify_all()
                    if wait is not None:
                        self._condition.wait_for(lambda: self._stopped, wait)
                continue
            failures = 0
            with self._condition:
                for message in batch:
                    self._published[message.topic] = max(
                        message.rank, self._published.get(message.topic, -1)
                    )
                self._in_flight = {}
                self._sending = False
                self._condition.notify_all()

    def _failed(self, batch: list[MqttMessage], error: Exception, failures: int) -> float | None:
        """Log the failure; keep the batch for another try and say when, or drop it (None)."""
        where = f"{self.target.host}:{self.target.port}"
        topics = sorted(message.topic for message in batch)
        if failures >= ATTEMPTS:
            logger.error(
                "MQTT broker %s: %d messages dropped after %d tries: %s",
                where,
                len(batch),
                failures,
                error,
                extra={
                    "event": "broadcast_mqtt_dropped",
                    "broker": where,
                    "topics": topics,
                    "failures": failures,
                    "error": repr(error),
                },
            )
            return None
        wait = backoff_seconds(failures, base=1.0, cap=RETRY_CAP_SECONDS)
        logger.warning(
            "MQTT broker %s: publishing failed, trying again in %.1f s: %s",
            where,
            wait,
            error,
            extra={
                "event": "broadcast_mqtt_publish_failed",
                "broker": where,
                "topics": topics,
                "failures": failures,
                "error": repr(error),
                "retry_in_seconds": round(wait, 2),
            },
        )
        with self._condition:
            self._in_flight = {}
            self._keep(batch)
        return wait


_publishers: dict[tuple[MqttTarget, int], _Publisher] = {}
_publishers_lock = threading.Lock()


def mqtt_publish(target: MqttTarget, messages: list[MqttMessage]) -> None:
    """Hand ``messages`` to the broker's background thread (started on first use in each
    process, so a forked web worker gets its own); returns at once."""
    if not messages:
        return
    key = (target, os.getpid())
    with _publishers_lock:
        publisher = _publishers.get(key)
        if publisher is None:
            publisher = _publishers[key] = _Publisher(target)
    publisher.put(messages)


def mqtt_flush(timeout: float = CONNECT_TIMEOUT + PUBLISH_TIMEOUT) -> bool:
    """Wait until this process's publishers have sent what they hold (tests, exit)."""
    with _publishers_lock:
        publishers = [p for (_, pid), p in _publishers.items() if pid == os.getpid()]
    return all(publisher.flush(timeout) for publisher in publishers)


def mqtt_publishers_stop() -> None:
    """Stop this process's publishers; what they hold is dropped."""
    with _publishers_lock:
        publishers = list(_publishers.values())
        _publishers.clear()
    for publisher in publishers:
        publisher.stop()


atexit.register(mqtt_flush, EXIT_FLUSH_SECONDS)
