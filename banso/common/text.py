"""Vietnamese text folding: lower case, no diacritics, đ → d.

Search and look-ups compare folded text, so "muong khuong" finds "Mường Khương" and
"duong" finds "đường". Unicode decomposition strips the tone and vowel marks, but "đ" is a
letter of its own (not d + a mark) and must be mapped by hand.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s]")
_LETTER_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text: str) -> str:
    """Return ``text`` in lower case, without diacritics, with spaces collapsed."""
    # Mapped after the compatibility decomposition too, which turns some letters into ð.
    decomposed = unicodedata.normalize("NFKD", text).translate(_LETTER_MAP)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold().translate(_LETTER_MAP)).strip()


def fold_words(text: str) -> list[str]:
    """Fold ``text`` and split it into words, punctuation removed."""
    return _NOT_WORD.sub(" ", fold(text)).split()


def unique_slug(name: str, queryset, *, fallback: str, max_length: int = 70) -> str:
    """A slug of ``name`` (folded, so "Mường Khương" gives "muong-khuong") that no row of
    ``queryset`` has yet in its ``slug`` field: "-2", "-3" … are added until one is free."""
    from django.utils.text import slugify

    base = slugify(fold(name))[:max_length] or fallback
    slug, number = base, 1
    while queryset.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?])")


def names_join(*parts, separator: str = ", ") -> str:
    """Join names (places, addresses) with ``separator``: each name's spaces collapsed and
    trimmed, empty ones left out, so "Xã Bắc Hà " and "Tỉnh Lào Cai" give "Xã Bắc Hà, Tỉnh
    Lào Cai" and never "Xã Bắc Hà , Tỉnh Lào Cai"."""
    names = (_SPACES.sub(" ", str(part or "")).strip(" ,;") for part in parts)
    joined = separator.join(name for name in names if name)
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", joined)


# Vietnamese alphabetical order (the CLDR "vi" collation): letters first, then tones, ngang
# (none) < huyền < hỏi < ngã < sắc < nặng; f j w z of loan words where the Latin alphabet has
# them, space before every letter so "Cà Mau" comes before "Cao Bằng".
_ALPHABET = " 0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_OTHER = len(_ALPHABET)
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
SORT_KEY_LETTERS = 100
SORT_KEY_LENGTH = 3 * SORT_KEY_LETTERS + 1


def _sort_code(letter: str) -> str:
    """Two characters in 1-9a-z, in alphabet order: "1a" sorts the same in every collation."""
    index = _ALPHABET.find(letter)
    number = (_OTHER if index < 0 else index) + 36
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    return digits[number // 36] + digits[number % 36]


def sort_key(text: str) -> str:
    """A key that sorts names in Vietnamese alphabetical order when compared character by
    character, as SQLite and PostgreSQL compare it (digits and lower-case Latin letters only,
    so any database collation gives the same order).

    The key is the letters of the name (case and punctuation left out, each as two characters),
    then "0", then each letter's tone: all names are ordered by their letters first, and only
    names with the same letters by their tones, as in a Vietnamese dictionary
    (Cà Mau < Cao Bằng; Dương < Đà Nẵng < Điện Biên < Gia Lai). The first
    ``SORT_KEY_LETTERS`` letters count.
    """
    letters: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFD", text.translate(_LETTER_MAP_SORT).casefold()):
        if unicodedata.combining(char):
            if not letters or letters[-1] == " ":
                continue
            if char in _TONES:
                tones[-1] = _TONES[char]
            else:
                letters[-1] = _LETTER_MARKS.get((letters[-1], char), letters[-1])
            continue
        if not char.isalnum():
            if letters and letters[-1] != " ":
                letters.append(" ")
                tones.append("0")
            continue
        letters.append(char)
        tones.append("0")
    while letters and letters[-1] == " ":
        letters.pop()
        tones.pop()
    letters, tones = letters[:SORT_KEY_LETTERS], tones[:SORT_KEY_LETTERS]
    return "".join(_sort_code(letter) for letter in letters) + "0" + "".join(tones)


_LETTER_MAP_SORT = str.maketrans({"ð": "đ", "Ð": "đ"})
