"""A 500-word commune bulletin voiced as the loudspeakers' MP3, in a child process.

The bulletin is written the way officers write them (dates, times, amounts, percentages, phone
numbers, UBND and the like), so normalisation has its real work. Each round, timed alone:

- ``speech_normalise`` of the bulletin: the baseline of the text work;
- ``speech_render`` of one short sentence: the baseline of a call, its start-up included;
- ``speech_render`` of the bulletin: normalise, cut, voice, encode; its wall time set against
  the audio's duration is the real-time factor;
- the same pieces voiced by the engine alone, then their samples encoded alone, to show where
  the time goes.

Goals: the bulletin voiced faster than it plays (real-time factor ≤ 1; a flood warning is ready
before it would have finished being read aloud), and normalisation at most 5 % of the voicing.
The engine is the one the environment configures: espeak-ng, or Piper when
``BANSO_SPEECH_PIPER_VOICE`` names a voice (then the figures are Piper's).
"""

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bench.report import Goal, Measure, Report
from bench.server import child_figures, site_environment

NAME = "lingo_speech"
WORDS = 500
CHILD_TIMEOUT_SECONDS = 1800
T = TypeVar("T")
SENTENCE = "Ủy ban nhân dân xã Bản Phố thông báo đến toàn thể bà con."

PARAGRAPHS = [
    "THÔNG BÁO của UBND xã Bản Phố về việc tiêm phòng cho đàn gia súc, gia cầm vụ xuân năm 2026.",
    "Thực hiện Kế hoạch số 125/KH-UBND ngày 05/01/2026 của UBND xã, từ ngày 15/01/2026 đến"
    " ngày 25/01/2026, Trạm Thú y phối hợp với các thôn tổ chức tiêm phòng lở mồm long móng,"
    " tụ huyết trùng cho trâu bò và dịch tả cho lợn.",
    "Thời gian tiêm: sáng từ 7h30 đến 11h, chiều từ 13h30 - 17h. Thôn Na Hối tiêm ngày 15/01,"
    " thôn Bản Phố tiêm ngày 16/01, thôn Sín Chải tiêm ngày 17-18/01/2026.",
    "Mỗi liều vắc xin được ngân sách hỗ trợ 50.000đ, hộ gia đình đóng góp 10.000 đồng/con. Hộ"
    " nghèo, hộ cận nghèo được miễn 100% phí tiêm phòng.",
    "Năm 2025, toàn xã tiêm được 1.250 con trâu bò, đạt 92,5% kế hoạch; tỷ lệ đàn lợn được tiêm"
    " đạt 87,3%. Tổng kinh phí hỗ trợ là 1,5 triệu đồng mỗi thôn.",
    "Đề nghị bà con chuẩn bị chuồng trại, buộc giữ gia súc để cán bộ thú y tiêm an toàn. Không"
    " tiêm cho con vật đang ốm, mới sinh dưới 7 ngày tuổi hoặc có chửa trên 7 tháng.",
    "Dự báo trong tuần có mưa rét, nhiệt độ thấp nhất 5-7°C, vùng núi cao có nơi dưới 0°C."
    " Bà con che chắn chuồng trại, dự trữ 20-30 kg rơm khô cho mỗi con trâu bò.",
    "Mọi thắc mắc xin liên hệ đồng chí Trưởng trạm Thú y, số điện thoại 0912 345 678, hoặc"
    " đường dây nóng của UBND xã 0214 3840 123 trong giờ hành chính từ thứ 2 đến thứ 6.",
    "BCH Quân sự xã, Công an xã và MTTQ xã phối hợp tuyên truyền; các thôn đọc thông báo này"
    " trên loa truyền thanh vào 6h sáng và 17h30 hằng ngày.",
]


def bulletin(words: int = WORDS) -> str:
    """The paragraphs over and over until the text has ``words`` words."""
    text: list[str] = []
    count = 0
    while count < words:
        paragraph = PARAGRAPHS[len(text) % len(PARAGRAPHS)]
        text.append(paragraph)
        count += len(paragraph.split())
    return "\n".join(text)


def run(options: argparse.Namespace) -> Report:
    with tempfile.TemporaryDirectory(prefix="banso-bench-speech-") as directory:
        environment = site_environment(Path(directory))
        figures = child_figures(
            "bench.lingo_speech",
            environment,
            str(options.rounds),
            timeout=CHILD_TIMEOUT_SECONDS,
            what="speech",
        )
    engine = f"{figures['engine']} ({figures['voice']})"
    words = f"{figures['words']} words"
    return Report(
        measures=[
            Measure(NAME, f"normalise {words}", figures["normalise_ms"], "ms"),
            Measure(
                NAME,
                f"voice one sentence, wall vs audio, {engine}",
                figures["sentence_seconds"],
                "s",
                baseline=figures["sentence_audio_seconds"],
            ),
            Measure(
                NAME,
                f"voice {words}, wall vs audio (real-time factor), {engine}",
                figures["render_seconds"],
                "s",
                baseline=figures["audio_seconds"],
                goal=Goal(1.0, at_least=False),
            ),
            Measure(
                NAME,
                f"normalise vs voice {words}",
                figures["normalise_ms"],
                "ms",
                baseline=figures["render_seconds"] * 1000,
                goal=Goal(0.05, at_least=False),
            ),
            Measure(
                NAME, f"engine alone, {figures['pieces']} pieces", figures["engine_seconds"], "s"
            ),
            Measure(NAME, "MP3 encoding alone", figures["encode_seconds"], "s"),
            Measure(NAME, "MP3 size", figures["mp3_kilobytes"], "KB"),
        ],
        details=figures,
    )


# --- what runs in the child process ----------------------------------------------------------


def _median_seconds(function: Callable[[], T], rounds: int) -> tuple[float, T]:
    """The median time of ``rounds`` calls, and what the last one answered."""
    timings = []
    for _round in range(rounds - 1):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    result = function()
    timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def child_main(rounds: int) -> None:
    import django

    django.setup()
    from banso.common.mp3 import mp3_inspect
    from banso.lingo.speech import speech_normalise, speech_render
    from banso.lingo.speech.engines import speech_engine
    from banso.lingo.speech.mp3 import Mp3Writer
    from banso.lingo.speech.render import speech_pieces

    text = bulletin()
    speech_render(SENTENCE)  # untimed: the first call loads what the later ones share

    normalise_seconds, spoken = _median_seconds(lambda: speech_normalise(text), rounds * 10)
    sentence_seconds, sentence = _median_seconds(lambda: speech_render(SENTENCE), rounds)
    render_seconds, result = _median_seconds(lambda: speech_render(text), rounds)

    engine = speech_engine()
    pieces = speech_pieces(spoken, characters=engine.chunk_characters)
    started = time.perf_counter()
    voiced = [engine.voice(piece.text) for piece in pieces]
    engine_seconds = time.perf_counter() - started
    started = time.perf_counter()
    writer = Mp3Writer()
    for audio in voiced:
        writer.write(audio.pcm, audio.sample_rate)
    writer.finish()
    encode_seconds = time.perf_counter() - started

    info = mp3_inspect(result.mp3)
    print(
        json.dumps(
            {
                "engine": result.engine,
                "voice": result.voice,
                "words": len(text.split()),
                "characters": len(text),
                "spoken_characters": len(spoken),
                "pieces": len(pieces),
                "rounds": rounds,
                "normalise_ms": round(normalise_seconds * 1000, 2),
                "sentence_seconds": round(sentence_seconds, 4),
                "sentence_audio_seconds": sentence.duration_seconds,
                "render_seconds": round(render_seconds, 3),
                "audio_seconds": info.duration_seconds,
                "real_time_factor": round(render_seconds / info.duration_seconds, 4),
                "engine_seconds": round(engine_seconds, 3),
                "encode_seconds": round(encode_seconds, 3),
                "mp3_kilobytes": round(len(result.mp3) / 1000, 1),
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
