"""Piper, a natural voice, when an operator supplies a Vietnamese voice file.

Piper's voices are neural models (``vi_VN-….onnx``, with their ``….onnx.json`` beside them).
None is shipped here and none is ever downloaded at run time: the operator downloads one on a
machine with internet, copies both files to the server and sets
``BANSO_SPEECH_PIPER_VOICE=/path/vi_VN-….onnx``. The ``piper`` program comes from the operator
too: the release binary, or ``pip install -e ".[piper]"`` (the ``piper-tts`` package, which
brings onnxruntime, about 200 MB: too much to make everyone install it). It is looked for as
``BANSO_SPEECH_PIPER_COMMAND`` (default ``piper``) on the ``PATH``, then beside this Python.

Both Piper programs (the C++ release and ``piper-tts``) take ``--model`` and ``--output_file``
and read the text on standard input. Each call loads the model (about a second), so Piper is
given long pieces of text. ``manage.py check`` reports a voice or program configured but
missing (:mod:`.checks`).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings

from banso.lingo.speech.engines.base import Audio, SpeechEngineError, wav_read


def piper_command(command: str) -> str | None:
    """The path of the ``piper`` program ``command`` names, or ``None`` when there is none."""
    if os.sep in command:
        path = Path(command)
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    found = shutil.which(command)
    if found:
        return found
    # pip install ".[piper]" puts it beside this Python, which need not be on the PATH.
    beside = Path(sys.executable).parent / command
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else None


def voice_config(voice: Path) -> dict:
    """The voice's ``.onnx.json``. Raises :class:`SpeechEngineError` when it cannot be read."""
    config_path = voice.with_name(voice.name + ".json")
    try:
        config = json.loads(config_path.read_text())
    except OSError as error:
        raise SpeechEngineError(f"{config_path} cannot be read ({error.strerror})") from error
    except ValueError as error:
        raise SpeechEngineError(f"{config_path} is not JSON") from error
    if not isinstance(config, dict):
        raise SpeechEngineError(f"{config_path} is not a Piper voice's configuration")
    return config


def voice_language(config: dict) -> str:
    """The voice's language as Piper writes it ("vi_VN"), or its espeak-ng voice ("vi")."""
    language = config.get("language")
    if isinstance(language, dict) and language.get("code"):
        return str(language["code"])
    espeak = config.get("espeak")
    return str(espeak.get("voice", "")) if isinstance(espeak, dict) else ""


def voice_problems(voice: str) -> list[str]:
    """What is wrong with the configured voice file, without loading it."""
    path = Path(voice)
    if not path.is_file():
        return [f"{path} does not exist"]
    try:
        config = voice_config(path)
    except SpeechEngineError as error:
        return [str(error)]
    language = voice_language(config)
    if not language.lower().startswith("vi"):
        return [f"{path} is a voice for {language or 'an unknown language'}, not Vietnamese"]
    return []


class PiperEngine:
    name = "piper"
    # Each call loads the model: long pieces, a few calls a bulletin.
    chunk_characters = 1000

    def __init__(self) -> None:
        voice = str(settings.SPEECH_PIPER_VOICE)
        if problems := voice_problems(voice):
            raise SpeechEngineError("; ".join(problems))
        command = piper_command(str(settings.SPEECH_PIPER_COMMAND))
        if command is None:
            raise SpeechEngineError(
                f"the piper program ({settings.SPEECH_PIPER_COMMAND}) cannot be found"
            )
        self.command = command
        self.voice_path = Path(voice)
        self.voice_name = self.voice_path.name.removesuffix(".onnx")
        self.timeout = float(settings.SPEECH_TIMEOUT_SECONDS)

    def voice(self, text: str) -> Audio:
        with tempfile.TemporaryDirectory(prefix="banso-piper-") as directory:
            output = Path(directory) / "speech.wav"
            try:
                finished = subprocess.run(  # noqa: S603 (the operator's program, text on stdin)
                    [
                        self.command,
                        "--model",
                        str(self.voice_path),
                        "--output_file",
                        str(output),
                    ],
                    input=(" ".join(text.split()) + "\n").encode(),
                    capture_output=True,
                    timeout=self.timeout,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as error:
                raise SpeechEngineError(f"piper failed: {error}") from error
            if finished.returncode != 0 or not output.is_file():
                message = finished.stderr.decode(errors="replace").strip().splitlines()
                raise SpeechEngineError(
                    f"piper failed ({finished.returncode}): {message[-1] if message else ''}"
                )
            return wav_read(output.read_bytes())
