"""The Piper adapter: how it calls the ``piper`` program, what ``manage.py check`` says about a
voice or program that is configured but missing, and espeak-ng speaking when Piper cannot.

No Piper voice can be had here (none may be downloaded), and the ``piper-tts`` package is an
optional extra, so most tests give the adapter a stand-in program that keeps Piper's command
line: ``--model VOICE --output_file WAV``, the text on standard input, a mono 16-bit WAV at the
voice's sample rate. The last test runs the real ``piper`` when it is installed, with a
stand-in voice made by ``data/make_tone_voice.py``.
"""

import json
import shutil
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks

from banso.common.mp3 import mp3_inspect
from banso.lingo.speech import speech_render
from banso.lingo.speech.engines import speech_engine
from banso.lingo.speech.engines.piper import piper_command

DATA = Path(__file__).resolve().parent / "data"
TONE_VOICE = DATA / "vi_VN-tone-x_low.onnx"

STAND_IN = """#!{python}
import argparse, json, math, os, struct, sys, wave
parser = argparse.ArgumentParser()
parser.add_argument("--model", required=True)
parser.add_argument("--output_file", required=True)
arguments = parser.parse_args()
text = sys.stdin.read()
with open(os.environ["PIPER_STAND_IN_LOG"], "a") as log:
    log.write(json.dumps({{"argv": sys.argv[1:], "text": text}}) + "\\n")
if os.environ.get("PIPER_STAND_IN_FAIL"):
    sys.exit("onnxruntime: cannot allocate memory")
with open(arguments.model + ".json") as config_file:
    rate = json.load(config_file)["audio"]["sample_rate"]
samples = 200 * len(text)
with wave.open(arguments.output_file, "wb") as output:
    output.setnchannels(1)
    output.setsampwidth(2)
    output.setframerate(rate)
    output.writeframes(b"".join(
        struct.pack("<h", int(8000 * math.sin(n / 10))) for n in range(samples)
    ))
"""


def write_voice(directory: Path, *, language: str = "vi_VN", rate: int = 16000) -> Path:
    voice = directory / f"{language}-test-x_low.onnx"
    voice.write_bytes(b"\x08\x08")  # the stand-in never reads the model
    config = {"audio": {"sample_rate": rate}, "language": {"code": language}}
    voice.with_name(voice.name + ".json").write_text(json.dumps(config))
    return voice


@pytest.fixture
def piper(settings, tmp_path, monkeypatch):
    """A stand-in ``piper`` and a Vietnamese voice, configured; returns what it was given."""
    program = tmp_path / "piper"
    program.write_text(STAND_IN.format(python=sys.executable))
    program.chmod(0o755)
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("PIPER_STAND_IN_LOG", str(log))
    settings.SPEECH_PIPER_VOICE = str(write_voice(tmp_path))
    settings.SPEECH_PIPER_COMMAND = str(program)

    def calls() -> list[dict]:
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    return calls


def speech_messages() -> dict[str, str]:
    return {
        message.id: message.msg
        for message in run_checks()
        if message.id in {"lingo.W010", "lingo.E010", "lingo.E011"}
    }


def test_a_configured_voice_speaks_the_normalised_text(piper, settings):
    result = speech_render("Ngày 15/01/2026 lúc 7h30, UBND xã Bản Phố họp. Xin cảm ơn.")

    assert (result.engine, result.voice) == ("piper", "vi_VN-test-x_low")
    (call,) = piper()  # short enough for one call: Piper loads its model at each
    assert call["argv"] == [
        "--model",
        settings.SPEECH_PIPER_VOICE,
        "--output_file",
        call["argv"][3],
    ]
    assert call["text"] == (
        "Ngày mười lăm tháng một năm hai nghìn không trăm hai mươi sáu lúc bảy giờ ba mươi"
        " phút, Ủy ban nhân dân xã Bản Phố họp. Xin cảm ơn.\n"
    )
    # The voice's 16 kHz is encoded at the loudspeakers' 22.05 kHz.
    info = mp3_inspect(result.mp3)
    assert (info.sample_rate, info.channels, info.bitrate_kbps) == (22050, 1, 48)
    assert result.duration_seconds == pytest.approx(200 * len(call["text"]) / 16000, abs=0.2)


def test_a_long_bulletin_is_given_to_piper_in_a_few_long_pieces(piper):
    sentence = "Bà con thôn Na Hối chuẩn bị giống lúa cho vụ xuân năm nay. "
    calls = []

    speech_render(sentence * 50, progress=lambda done, total: calls.append((done, total)))

    assert len(piper()) == calls[-1][1] == 4  # 3,000 characters in pieces of at most 1,000
    assert all(len(call["text"]) <= 1001 for call in piper())


def test_when_piper_fails_espeak_ng_speaks_instead(piper, monkeypatch):
    monkeypatch.setenv("PIPER_STAND_IN_FAIL", "1")

    result = speech_render("Thông báo khẩn: nước lũ đang lên, bà con di chuyển lên đồi.")

    assert len(piper()) == 1
    assert (result.engine, result.voice) == ("espeak-ng", "vi")
    assert mp3_inspect(result.mp3).duration_seconds > 1


def test_nothing_configured_is_no_error_and_espeak_ng_speaks(settings):
    settings.SPEECH_PIPER_VOICE = ""

    assert speech_messages() == {}
    assert speech_engine().name == "espeak-ng"


def test_a_missing_voice_file_is_reported_and_espeak_ng_speaks(piper, settings, tmp_path):
    settings.SPEECH_PIPER_VOICE = str(tmp_path / "vi_VN-vais1000-medium.onnx")

    assert "vi_VN-vais1000-medium.onnx does not exist" in speech_messages()["lingo.E010"]
    assert speech_render("Xin chào bà con.").engine == "espeak-ng"
    assert piper() == []


def test_a_voice_without_its_configuration_is_reported(piper, settings):
    Path(settings.SPEECH_PIPER_VOICE + ".json").unlink()

    assert ".onnx.json cannot be read" in speech_messages()["lingo.E010"]


def test_a_voice_of_another_language_is_reported(piper, settings, tmp_path):
    settings.SPEECH_PIPER_VOICE = str(write_voice(tmp_path, language="en_US"))

    assert "is a voice for en_US, not Vietnamese" in speech_messages()["lingo.E010"]
    assert speech_engine().name == "espeak-ng"


def test_a_missing_piper_program_is_reported(piper, settings):
    settings.SPEECH_PIPER_COMMAND = "piper-not-installed"

    messages = speech_messages()

    assert "the piper program (piper-not-installed) is missing" in messages["lingo.E011"]
    assert "lingo.E010" not in messages
    assert speech_engine().name == "espeak-ng"


def test_a_missing_espeak_ng_is_a_warning(settings, monkeypatch, tmp_path):
    settings.SPEECH_PIPER_VOICE = ""
    monkeypatch.setenv("PATH", str(tmp_path))

    assert "espeak-ng is not installed" in speech_messages()["lingo.W010"]


def test_the_real_piper_program_speaks_a_voice_file(settings, tmp_path):
    """Runs only where ``piper`` is installed (``pip install -e ".[piper]"``)."""
    if piper_command(settings.SPEECH_PIPER_COMMAND) is None:
        pytest.skip("the piper program is not installed")
    voice = tmp_path / TONE_VOICE.name
    shutil.copy(TONE_VOICE, voice)
    shutil.copy(TONE_VOICE.with_name(TONE_VOICE.name + ".json"), tmp_path)
    settings.SPEECH_PIPER_VOICE = str(voice)

    short = speech_render("Xin chào bà con.")
    long = speech_render("Xin chào bà con. " * 4 + "Ủy ban nhân dân xã Bản Phố thông báo.")

    assert (short.engine, short.voice) == ("piper", "vi_VN-tone-x_low")
    assert mp3_inspect(long.mp3).sample_rate == 22050
    # The stand-in voice sounds for each phoneme: more text, longer sound.
    assert long.duration_seconds > 3 * short.duration_seconds
