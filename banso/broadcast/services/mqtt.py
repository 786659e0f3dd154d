"""What the broker hears when a commune's schedule changes (``BANSO_BROADCAST_MQTT_URL``; see
``broadcast.mqtt`` for how it is sent, and docs/broadcast.md, "MQTT", for the topics).

``schedule_changed`` calls :func:`mqtt_schedule_changed` in the writer's transaction; the
messages are made once the transaction has committed (so they say what was committed, and a
rolled-back write says nothing) and handed to the publishing thread. Nothing private goes to
the broker: the commune's code, its schedule numbers, and for emergencies the bulletins' ids,
titles and times, which the speakers read aloud in public anyway. No audio, no token.
"""

import json
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from banso.broadcast.models import ScheduleVersion
from banso.broadcast.mqtt import MqttMessage, MqttTarget, mqtt_publish, mqtt_target
from banso.broadcast.selectors.emergencies import emergencies_by_commune
from banso.broadcast.selectors.playlist import LOCAL
from banso.places.models import AdministrativeUnit

logger = logging.getLogger(__name__)

# The version of the payloads' format: raised when a field changes meaning or goes away.
PAYLOAD_VERSION = 1


def mqtt_schedule_changed(*, commune_ids: Iterable[int], emergency: bool) -> None:
    """Once the current transaction commits, publish the communes' new schedule numbers (and
    their emergencies, when ``emergency``). Does nothing when no broker is configured."""
    target = mqtt_target()
    ids = set(commune_ids)
    if target is None or not ids:
        return
    transaction.on_commit(lambda: _announce(target, ids, emergency), robust=True)


def _announce(target: MqttTarget, commune_ids: set[int], emergency: bool) -> None:
    try:
        mqtt_publish(target, mqtt_messages(target, commune_ids, emergency=emergency))
    except Exception:
        logger.exception(
            "MQTT messages could not be made",
            extra={"event": "broadcast_mqtt_failed", "communes": sorted(commune_ids)},
        )


def _payload(fields: dict) -> bytes:
    return json.dumps(
        {"version": PAYLOAD_VERSION, **fields}, ensure_ascii=False, separators=(",", ":")
    ).encode()


def mqtt_messages(
    target: MqttTarget, commune_ids: set[int], *, emergency: bool
) -> list[MqttMessage]:
    """The messages of a change of ``commune_ids``: each commune's playlist topic (retained),
    and its emergency topic when ``emergency``."""
    now = timezone.now()
    changed_at = now.astimezone(LOCAL).isoformat(timespec="seconds")
    codes = dict(AdministrativeUnit.objects.filter(pk__in=commune_ids).values_list("pk", "code"))
    numbers = {
        row[0]: row[1:]
        for row in ScheduleVersion.objects.filter(commune_id__in=commune_ids).values_list(
            "commune_id", "number", "emergency_number"
        )
    }
    emergencies = emergencies_by_commune(commune_ids, now=now) if emergency else {}
    playlist_url = settings.SITE_URL + reverse("api:broadcast-device-playlist")
    emergency_url = settings.SITE_URL + reverse("api:broadcast-device-emergency")
    messages = []
    for commune_id in sorted(commune_ids):
        code = codes.get(commune_id)
        if code is None:
            continue
        number, emergency_number = numbers.get(commune_id, (0, 0))
        topic = f"{target.prefix}/communes/{code}"
        messages.append(
            MqttMessage(
                topic=f"{topic}/playlist",
                payload=_payload(
                    {
                        "kind": "playlist",
                        "commune": code,
                        "schedule": number,
                        "changed_at": changed_at,
                        "fetch": playlist_url,
                    }
                ),
                retain=True,
                rank=number,
            )
        )
        if not emergency:
            continue
        messages.append(
            MqttMessage(
                topic=f"{topic}/emergency",
                payload=_payload(
                    {
                        "kind": "emergency",
                        "commune": code,
                        "emergency_schedule": emergency_number,
                        "changed_at": changed_at,
                        "fetch": emergency_url,
                        "emergencies": [
                            {
                                "bulletin": item.id,
                                "title": item.title,
                                "priority": item.priority,
                                "starts_at": item.starts_at.astimezone(LOCAL).isoformat(),
                                "ends_at": item.ends_at.astimezone(LOCAL).isoformat(),
                            }
                            for item in emergencies.get(commune_id, [])
                        ],
                    }
                ),
                retain=False,
                rank=emergency_number,
            )
        )
    return messages
