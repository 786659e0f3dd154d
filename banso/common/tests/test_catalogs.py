"""How the catalogs read: Chinese with full-width punctuation and one form of date, English in
natural wording, Vietnamese without a space before its punctuation.

The English messages are written in the code; where their wording was not natural English, the
English catalog gives the wording shown to English readers, and the msgid stays as it is so that
the Vietnamese and Chinese catalogs keep matching it.
"""

import re

import pytest

from banso.web.tests.test_translations import PLACEHOLDER, po_entries, po_path

CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
# An ASCII colon, comma, bracket, semicolon, question or exclamation mark written against a
# Chinese character: "姓名:" or "(选填)" where Chinese takes "姓名：" and "（选填）".
ASCII_AGAINST_CHINESE = re.compile(rf"[{CJK}][:,();?!]|[:,();?!][{CJK}]")
# Placeholders, URLs, paths and lists of the signs themselves keep their ASCII punctuation.
NOT_PROSE = re.compile(
    r"%\(\w+\)[sdr]|\{\w+\}|https?://\S+|/[\w/{}.-]*" r"|(?:[.,:;/_-] ){2,}[.,:;/_-]"
)
SPACED_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
CHINESE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
SPACE_BEFORE_PUNCTUATION = re.compile(r"\w\s+[,.;:!?](?=\s|$)")

# English messages whose wording was not natural, with the phrase that must not be shown.
UNNATURAL_ENGLISH = {
    "Your choice applies to every shop in the cart. A shop that does not take it gets the way "
    "it takes: each order below shows how it is paid.": "gets the way it takes",
    "We send your receipt and the order's news here.": "the order's news",
    "Goods in all": "in all",
    "Set a quantity to 0 to take the line out. Delivery fees are added at checkout.": (
        "take the line out"
    ),
    "I collect it at the shop": "I collect it",
    "To pay in all": "in all",
    "Keep the order code: with your phone number it finds your order again.": "it finds",
    "Why it pays no order": "pays no order",
    "One row a variant: product GTIN or name, title, category, variant, price (₫), stock, "
    "weight (g), pieces per pack, your code. Rows of the same product make one product on sale. "
    "The first row is the header.": "One row a variant",
    "Scan each stamp, or paste its serial or link; one a line.": "one a line",
    "The gap must be at least twice the bleed, the margin at least it.": "at least it.",
    "The label is too low for its texts and the PIN.": "too low",
    "Its producer voided this stamp: it no longer stands for any product. Do not rely on it, "
    "and ask the seller where the goods come from.": "stands for",
    "Check the scratch PIN, and buy only where you trust the seller.": "where you trust",
    "The numbers of this run go from 1 to %(last)d, the first one first.": "the first one first",
    "A hidden review leaves the product's page and its rating.": "leaves the product's page",
    "Say why, so the shop can put it right.": "Say why",
    "You may not do this.": "You may not",
    "Revenue of delivered orders": "Revenue of",
}


def entries(language: str) -> list[dict]:
    return po_entries(po_path(language))


def translations(entry: dict) -> list[str]:
    return [text for field, text in entry.items() if field.startswith("msgstr") and text]


def prose(text: str) -> str:
    return NOT_PROSE.sub("x", text)


def test_chinese_uses_full_width_punctuation():
    wrong = [
        (entry["msgid"], text)
        for entry in entries("zh_Hans")
        for text in translations(entry)
        if ASCII_AGAINST_CHINESE.search(prose(text))
    ]
    assert wrong == []


def test_the_check_finds_ascii_punctuation_in_chinese():
    assert ASCII_AGAINST_CHINESE.search(prose("姓名:"))
    assert ASCII_AGAINST_CHINESE.search(prose("电子邮箱(选填)"))
    assert not ASCII_AGAINST_CHINESE.search(prose("姓名："))
    assert not ASCII_AGAINST_CHINESE.search(prose("请将文档发送到 /epcis/capture，而不是这里。"))
    assert not ASCII_AGAINST_CHINESE.search(prose("订单 %(code)s：%(status)s"))


def test_chinese_labels_end_with_a_full_width_colon():
    """Django's forms end labels with gettext(":"); the templates separate a label from its
    value with ": " in the context "label and value"."""
    by_key = {(e.get("msgctxt", ""), e["msgid"]): e["msgstr"] for e in entries("zh_Hans")}

    assert by_key[("", ":")] == "："
    assert by_key[("label and value", ": ")] == "："


def test_chinese_dates_are_written_in_one_form():
    """Dates in Chinese prose read 2025年11月20日, without spaces."""
    dates = [text for entry in entries("zh_Hans") for text in translations(entry)]
    spaced = [text for text in dates if SPACED_DATE.search(text) and not CHINESE_DATE.search(text)]
    assert spaced == []
    assert any(CHINESE_DATE.search(text) for text in dates)


@pytest.mark.parametrize("msgid", list(UNNATURAL_ENGLISH))
def test_english_rewords_the_unnatural_messages(msgid):
    english = {e["msgid"]: e for e in entries("en")}

    shown = translations(english[msgid])
    assert shown, "the English catalog should give this message natural wording"
    for text in shown:
        assert UNNATURAL_ENGLISH[msgid] not in text


def test_english_wording_keeps_the_placeholders():
    """(The reader of the .po files joins a plural's forms, so both sides are joined here.)"""
    for entry in entries("en"):
        if entry["msgstr"]:
            source = entry["msgid"] + entry.get("msgid_plural", "")
            assert sorted(PLACEHOLDER.findall(entry["msgstr"])) == sorted(
                PLACEHOLDER.findall(source)
            ), entry["msgid"]


@pytest.mark.parametrize("language", ["vi", "en", "zh_Hans"])
def test_no_space_before_punctuation(language):
    wrong = [
        text
        for entry in entries(language)
        for text in translations(entry) or [entry["msgid"]]
        if SPACE_BEFORE_PUNCTUATION.search(prose(text))
    ]
    assert wrong == []
