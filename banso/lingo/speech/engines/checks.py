"""``manage.py check`` says when speech cannot work as configured, so that an operator learns
it at deployment rather than from a bulletin voiced by the fallback.

Only files and programs are looked for: no engine is run and no voice loaded here, since
checks run before every management command.
"""

import shutil
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from banso.lingo.speech.engines.espeak import COMMAND as ESPEAK_COMMAND
from banso.lingo.speech.engines.piper import piper_command, voice_problems


@register()
def speech_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if shutil.which(ESPEAK_COMMAND) is None:
        messages.append(
            Warning(
                "espeak-ng is not installed: bulletins cannot be voiced.",
                hint="Install the Debian package espeak-ng (make run does it as root).",
                id="lingo.W010",
            )
        )
    voice = str(settings.SPEECH_PIPER_VOICE)
    if not voice:
        return messages
    if problems := voice_problems(voice):
        messages.append(
            Error(
                "The Piper voice of BANSO_SPEECH_PIPER_VOICE cannot be used: "
                + "; ".join(problems)
                + ".",
                hint=(
                    "Download a Vietnamese Piper voice (the .onnx file and its .onnx.json) on a"
                    " machine with internet, copy both here and name the .onnx file."
                ),
                id="lingo.E010",
            )
        )
    command = str(settings.SPEECH_PIPER_COMMAND)
    if piper_command(command) is None:
        messages.append(
            Error(
                f"BANSO_SPEECH_PIPER_VOICE is set but the piper program ({command}) is missing.",
                hint=(
                    'Install it with pip install -e ".[piper]", or put Piper\'s release binary'
                    " on the PATH or in BANSO_SPEECH_PIPER_COMMAND."
                ),
                id="lingo.E011",
            )
        )
    return messages
