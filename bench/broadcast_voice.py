"""A 500-word Vietnamese bulletin voiced through ``banso.broadcast.voicing.voice_bulletin``, the
one door the voicing task uses, in a child process.

The bulletin is the commune notice of ``bench.lingo_speech`` (dates, times, amounts, phone
numbers, UBND …) with a title: what the worker voices when an editor writes one. Each round
is timed alone; the figures are the median's wall time, the audio's duration (read from the
MP3's frames) and their ratio, the real-time factor. Goal: a bulletin voiced faster than it
plays (real-time factor ≤ 1), so a warning is ready before it could have been read aloud.
The engine is the one the environment configures (espeak-ng unless a Piper voice is set).
"""

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from bench.lingo_speech import bulletin
from bench.report import Goal, Measure, Report
from bench.server import child_figures, site_environment

NAME = "broadcast_voice"
WORDS = 500
TITLE = "Thông báo tiêm phòng cho đàn gia súc, gia cầm vụ xuân năm 2026"
CHILD_TIMEOUT_SECONDS = 1800


def bulletin_text(words: int) -> str:
    """The notice cut to ``words`` words with the title, its paragraphs kept."""
    left = words - len(TITLE.split())
    lines = []
    for line in bulletin(words).split("\n"):
        taken = line.split()[:left]
        left -= len(taken)
        if taken:
            lines.append(" ".join(taken))
    return "\n".join(lines).rstrip(",") + "."


def run(options: argparse.Namespace) -> Report:
    with tempfile.TemporaryDirectory(prefix="banso-bench-voice-") as directory:
        environment = site_environment(Path(directory))
        figures = child_figures(
            "bench.broadcast_voice",
            environment,
            str(options.rounds),
            timeout=CHILD_TIMEOUT_SECONDS,
            what="voicing",
        )
    words = f"{figures['words']} words"
    return Report(
        measures=[
            Measure(
                NAME,
                f"voice_bulletin {words}, wall vs audio (real-time factor), {figures['engine']}",
                figures["wall_seconds"],
                "s",
                baseline=figures["audio_seconds"],
                goal=Goal(1.0, at_least=False),
            ),
            Measure(NAME, "MP3 size", figures["mp3_kilobytes"], "KB"),
        ],
        details=figures,
    )


# --- what runs in the child process ----------------------------------------------------------


def child_main(rounds: int) -> None:
    import django

    django.setup()
    from banso.broadcast.models import Bulletin, BulletinVersion
    from banso.broadcast.voicing import voice_bulletin
    from banso.common.mp3 import mp3_inspect

    text = bulletin_text(WORDS)
    # Unsaved rows: voice_bulletin reads only the bulletin's title and text.
    version = BulletinVersion(bulletin=Bulletin(title=TITLE, text=text), language="vi")
    voice_bulletin(
        BulletinVersion(bulletin=Bulletin(title=TITLE, text="Thông báo."), language="vi")
    )  # untimed: the first call loads what the later ones share
    timings = []
    voice = None
    for _round in range(rounds):
        started = time.perf_counter()
        voice = voice_bulletin(version)
        timings.append(time.perf_counter() - started)
    assert voice is not None
    info = mp3_inspect(voice.mp3)
    wall = statistics.median(timings)
    print(
        json.dumps(
            {
                "engine": voice.engine,
                "words": len(TITLE.split()) + len(text.split()),
                "rounds": rounds,
                "wall_seconds": round(wall, 3),
                "wall_seconds_each": [round(t, 3) for t in timings],
                "audio_seconds": round(info.duration_seconds, 3),
                "real_time_factor": round(wall / info.duration_seconds, 4),
                "mp3_kilobytes": round(len(voice.mp3) / 1000, 1),
                "mp3": {
                    "sample_rate": info.sample_rate,
                    "channels": info.channels,
                    "bitrate_kbps": info.bitrate_kbps,
                },
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    import sys

    child_main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
