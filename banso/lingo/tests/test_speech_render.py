"""Bulletins voiced by the real espeak-ng (Debian's package, installed by ``make test``) and
encoded as the MP3 the loudspeakers play; the MP3 is checked frame by frame."""

import pytest
from django.core.exceptions import ValidationError

from banso.common.mp3 import mp3_inspect
from banso.lingo.speech import (
    SpeechEngineError,
    SpeechError,
    speech_normalise,
    speech_render,
)
from banso.lingo.speech.engines import EspeakEngine
from banso.lingo.speech.mp3 import Mp3Writer
from banso.lingo.speech.render import speech_pieces

BULLETIN = (
    "THÔNG BÁO\n"
    "Ngày 15/01/2026 lúc 7h30, UBND xã Bản Phố tổ chức tiêm phòng cho trâu bò tại nhà văn hóa"
    " thôn. Mỗi liều vắc xin được hỗ trợ 50.000đ.\n"
    "Đề nghị bà con đưa trâu bò đến đúng giờ. Mọi thắc mắc xin gọi 0912 345 678."
)
PARAGRAPH = (
    "Ủy ban nhân dân xã Bản Phố thông báo: bà con chuẩn bị giống lúa cho vụ xuân, gieo mạ"
    " sau khi trời ấm."
)


def test_a_bulletin_becomes_a_mono_48_kbps_mp3_of_the_normalised_text():
    result = speech_render(BULLETIN)

    info = mp3_inspect(result.mp3)
    assert (info.channels, info.bitrate_kbps, info.sample_rate) == (1, 48, 22050)
    assert result.duration_seconds == pytest.approx(info.duration_seconds, abs=0.001)
    # 48 kbit/s: 6,000 bytes a second of sound.
    assert len(result.mp3) == pytest.approx(6000 * info.duration_seconds, rel=0.02)
    assert (result.engine, result.voice) == ("espeak-ng", "vi")
    assert result.text == speech_normalise(BULLETIN)
    assert "mười lăm tháng một năm hai nghìn không trăm hai mươi sáu" in result.text
    assert 10 < result.duration_seconds < 60


def test_the_engine_is_given_the_words_a_speaker_says():
    written = "UBND xã họp ngày 15/01/2026 lúc 7h30, phí 50.000đ."
    spoken = (
        "Ủy ban nhân dân xã họp ngày mười lăm tháng một năm hai nghìn không trăm hai mươi sáu"
        " lúc bảy giờ ba mươi phút, phí năm mươi nghìn đồng."
    )

    # espeak-ng and LAME are deterministic: the same words give the same bytes.
    assert speech_render(written).mp3 == speech_render(spoken).mp3
    # Given as written, espeak-ng would have said something else.
    engine = EspeakEngine()
    assert engine.voice(written).pcm != engine.voice(spoken).pcm


def test_the_duration_follows_the_length_of_the_text():
    once = speech_render(PARAGRAPH).duration_seconds
    three_times = speech_render(" ".join([PARAGRAPH] * 3)).duration_seconds

    assert 2.6 < three_times / once < 3.4


def test_progress_counts_the_pieces_voiced():
    calls = []
    long_text = "\n".join([PARAGRAPH] * 4)

    speech_render(long_text, progress=lambda done, total: calls.append((done, total)))

    total = calls[0][1]
    assert total >= 4  # one piece a paragraph at least
    assert calls == [(done, total) for done in range(total + 1)]


def test_long_text_is_cut_into_whole_sentences_that_fit_the_engine():
    sentences = [f"Câu số {number}, nói về mùa vụ của bà con trong thôn." for number in range(30)]
    text = " ".join(sentences) + "\nĐoạn mới."

    pieces = speech_pieces(text, characters=200)

    assert all(len(piece.text) <= 200 for piece in pieces)
    assert " ".join(piece.text for piece in pieces) == text.replace("\n", " ")
    assert all(piece.text.endswith(".") for piece in pieces)
    # The last piece of a paragraph is followed by the longer pause.
    assert pieces[-2].pause_after > pieces[0].pause_after


def test_a_sentence_longer_than_a_piece_is_cut_at_its_commas():
    sentence = ", ".join(["bà con thôn Na Hối"] * 40) + "."

    pieces = speech_pieces(sentence, characters=100)

    assert len(pieces) > 1
    assert all(len(piece.text) <= 100 for piece in pieces)
    assert all(piece.text.startswith("bà con") for piece in pieces)


def test_nothing_to_say_and_other_languages_are_refused():
    with pytest.raises(SpeechError, match="nothing to say"):
        speech_render(" - … \n ")
    with pytest.raises(SpeechError, match="no engine speaks 'hmn'"):
        speech_render("Nyob zoo", language="hmn")


def test_without_espeak_ng_speech_says_why(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(SpeechEngineError, match="espeak-ng is not installed"):
        speech_render("Xin chào bà con.")


def test_the_encoders_output_reads_back_as_mp3():
    writer = Mp3Writer()
    writer.write(bytes(22050 * 2), 22050)
    one_second = writer.finish()
    assert mp3_inspect(one_second).duration_seconds == pytest.approx(1.0, abs=0.1)

    with pytest.raises(ValidationError):
        mp3_inspect(b"<html>not found</html>")
    with pytest.raises(ValidationError):
        mp3_inspect(b"")
