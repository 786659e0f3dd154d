"""Text cut into sentences, the unit the translation memory remembers.

A text is kept as its sentences and what separates them (spaces, line breaks), so a
translation put back together keeps the paragraphs of the source. Chinese needs no space after
a full stop: a target in Chinese drops the spaces between sentences, not the line breaks.
"""

import re
import unicodedata

# After a sentence's end mark, or at a line break.
_BOUNDARY = re.compile(r"(\s*\n\s*|(?<=[.!?…。！？])[ \t]+)")
_SPACES = re.compile(r"\s+")
NO_SPACE_LANGUAGES = ("zh", "ja")


def segments_split(text: str) -> list[tuple[str, str]]:
    """``text`` as (sentence, separator after it) pairs; joined back they give ``text``."""
    parts = _BOUNDARY.split(text)
    pairs: list[tuple[str, str]] = []
    for index in range(0, len(parts), 2):
        sentence = parts[index]
        separator = parts[index + 1] if index + 1 < len(parts) else ""
        if sentence:
            pairs.append((sentence, separator))
        elif pairs:  # text starting with or holding two separators in a row
            last, before = pairs[-1]
            pairs[-1] = (last, before + separator)
    return pairs


def segments_join(pairs: list[tuple[str, str]], *, language: str) -> str:
    """Sentences and their separators put back together, as ``language`` writes them."""
    no_space = language.split("-")[0] in NO_SPACE_LANGUAGES
    out = []
    for sentence, separator in pairs:
        out.append(sentence)
        if no_space and separator and "\n" not in separator:
            continue
        out.append(separator)
    return "".join(out).strip()


def segment_key(sentence: str) -> str:
    """A sentence as the memory compares it: composed Unicode, spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", sentence)).strip()
