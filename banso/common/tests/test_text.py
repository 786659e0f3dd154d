"""Diacritic folding, the basis of every Vietnamese search: properties and known words."""

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from banso.common.text import fold, fold_words

# Every letter Vietnamese writes, in both cases, plus the look-alike "Ð" (U+00D0) that old
# encodings and some keyboards put where "Đ" belongs.
VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵðwfjz"
)
VIETNAMESE_TEXT = st.text(
    alphabet=st.sampled_from(
        VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + "Ð0123456789 \t\n-.,'"
    )
)
# Vietnamese text typed with combining marks (decomposed), as some phones and PDFs send it.
DECOMPOSED_TEXT = VIETNAMESE_TEXT.map(lambda text: unicodedata.normalize("NFD", text))
ANY_TEXT = st.one_of(st.text(), VIETNAMESE_TEXT, DECOMPOSED_TEXT)


@given(ANY_TEXT)
@settings(max_examples=300)
def test_folding_twice_changes_nothing(text):
    assert fold(fold(text)) == fold(text)


@given(ANY_TEXT)
@settings(max_examples=300)
def test_folded_text_has_no_marks_and_no_d_with_stroke(text):
    folded = fold(text)
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert not set(folded) & {"đ", "Đ", "ð", "Ð"}


@given(ANY_TEXT)
@settings(max_examples=300)
def test_folded_text_is_case_folded_with_single_spaces(text):
    folded = fold(text)
    assert folded == folded.casefold()
    assert folded == folded.strip()
    assert "  " not in folded
    assert not set(folded) & {"\t", "\n"}


@given(st.one_of(VIETNAMESE_TEXT, DECOMPOSED_TEXT))
@settings(max_examples=300)
def test_folded_vietnamese_is_plain_lower_case_ascii(text):
    folded = fold(text)
    assert folded == folded.lower()
    assert folded.isascii()


@given(VIETNAMESE_TEXT)
@settings(max_examples=300)
def test_composed_and_decomposed_spellings_fold_alike(text):
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


@given(ANY_TEXT)
@example("\u1d9e")  # a modifier letter that decomposes to ð, which folds to d
@settings(max_examples=300)
def test_fold_words_are_the_words_of_the_folded_text(text):
    words = fold_words(text)
    assert all(word and " " not in word for word in words)
    assert all(word == fold(word) for word in words)
    assert fold_words(" ".join(words)) == words


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đường", "duong"),
        ("Mường Khương", "muong khuong"),
        ("Quýt", "quyt"),
        ("Chè Shan Tuyết", "che shan tuyet"),
        ("ĐẶC SẢN  Bắc   Hà", "dac san bac ha"),
        ("Ðồng Văn", "dong van"),  # "Ð" (U+00D0) typed for "Đ"
        ("  Sa\tPa\n", "sa pa"),
        ("Thị trấn Bắc Hà", "thi tran bac ha"),
    ],
)
def test_known_words(text, folded):
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded


def test_fold_words_drops_punctuation():
    assert fold_words("Mường-Khương, Lào Cai!") == ["muong", "khuong", "lao", "cai"]
    assert fold_words("  ... ") == []
