"""espeak-ng, the default voice: Debian's package ``espeak-ng`` and its Vietnamese voice ``vi``.

It needs nothing but the package (``make run`` and ``make test`` install it), starts in a few
milliseconds and speaks many times faster than real time, so every bulletin can be voiced on
the smallest server. It sounds robotic; an operator who wants a natural voice adds a Piper
voice file (:mod:`.piper`). ``BANSO_SPEECH_ESPEAK_VOICE`` picks another of its voices
(``vi-vn-x-south``, ``vi-vn-x-central``), ``BANSO_SPEECH_ESPEAK_SPEED`` the words a minute
(150: slower than its 175, clearer from a loudspeaker on a pole).
"""

import shutil
import subprocess

from django.conf import settings

from banso.lingo.speech.engines.base import Audio, SpeechEngineError, wav_read

COMMAND = "espeak-ng"


class EspeakEngine:
    name = "espeak-ng"
    # espeak-ng starts in milliseconds: a sentence or two a call keeps the progress bar moving.
    chunk_characters = 300

    def __init__(self) -> None:
        command = shutil.which(COMMAND)
        if command is None:
            raise SpeechEngineError(
                "espeak-ng is not installed (Debian package espeak-ng; make run installs it)"
            )
        self.command = command
        self.voice_name = str(settings.SPEECH_ESPEAK_VOICE)
        self.speed = max(80, min(450, int(settings.SPEECH_ESPEAK_SPEED)))
        self.timeout = float(settings.SPEECH_TIMEOUT_SECONDS)

    def voice(self, text: str) -> Audio:
        # The text goes on standard input (UTF-8, -b 1), so that nothing in it is an option.
        arguments = [self.command, "-v", self.voice_name, "-s", str(self.speed), "-b", "1"]
        try:
            finished = subprocess.run(  # noqa: S603 (a fixed program, the text on stdin)
                [*arguments, "--stdout"],
                input=text.encode(),
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise SpeechEngineError(f"espeak-ng failed: {error}") from error
        if finished.returncode != 0:
            message = finished.stderr.decode(errors="replace").strip()
            raise SpeechEngineError(f"espeak-ng failed ({finished.returncode}): {message}")
        return wav_read(finished.stdout)
