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
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTER_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


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
