"""``manage.py check`` says when the MQTT broker's address is malformed, so that an operator
learns it at deployment rather than from speakers that never hear a message."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from banso.broadcast.mqtt import mqtt_target_parse


@register()
def mqtt_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    url = str(getattr(settings, "BROADCAST_MQTT_URL", "") or "")
    if not url:
        return []
    try:
        mqtt_target_parse(url)
    except ValueError as error:
        return [
            Error(
                f"BANSO_BROADCAST_MQTT_URL is malformed: {error}.",
                hint="Write it as mqtt://user:password@host:1883/prefix (mqtts:// for TLS).",
                id="broadcast.E001",
            )
        ]
    return []
