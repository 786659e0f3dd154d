"""Vietnamese text written for the eye, rewritten for the ear before a speech engine reads it.

A commune bulletin is full of what an engine reads wrongly or not at all: "15/01/2026",
"7h30", "500.000đ", "12,5%", "0912 345 678", "UBND", "50mm". :func:`speech_normalise` turns
them into the words an announcer would say ("ngày mười lăm tháng một năm hai nghìn không trăm
hai mươi sáu", "bảy giờ ba mươi phút", "năm trăm nghìn đồng" …), keeping the sentences and
their punctuation, which the engines read as pauses.

The passes run in an order that matters: phone numbers and document numbers before dates
(both have slashes and dots), dates before ranges (a dash), ranges before times ("7h-9h"),
abbreviations before numbers ("4G", "Covid-19"), amounts with their scale and currency before
units, and the plain numbers last. Vietnamese writing is assumed: "." groups thousands,
"," is the decimal comma; "4.0" (one or two digits after a dot) is read "bốn chấm không".
"""

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal

from banso.lingo.speech.abbreviations import (
    ABBREVIATIONS,
    BCH_EXECUTIVE_BEFORE,
    CURRENCIES,
    DOCUMENT_CODES,
    LETTER_NAMES,
    PHRASES,
    UNITS,
)
from banso.lingo.speech.numbers import (
    decimal_words,
    digits_words,
    integer_words,
    number_words,
    ordinal_words,
)

# A written number: grouped thousands with a decimal comma, or digits with a decimal mark.
NUMBER = r"(?:\d{1,3}(?:\.\d{3})+(?!\d)(?:,\d+)?|\d+(?:[.,]\d+)?)"
# Scale words after a number; "k" and "tr" are how prices are written in short.
SCALES = {"nghìn": 10**3, "ngàn": 10**3, "k": 10**3, "triệu": 10**6, "tr": 10**6}
SCALES |= {"tỷ": 10**9, "tỉ": 10**9}
# The words before a date written without its year ("từ 10/3 đến 15/3") that make it a date
# rather than a fraction.
DATE_CUES = {"ngày", "mùng", "hôm", "từ", "đến", "tới", "và", "sáng", "trưa", "chiều", "tối"}
DATE_CUES |= {"đêm", "nay", "mai", "trước", "sau", "hạn"}
# Without one of those words, only these are fractions ("1/2 số hộ"); "2/9", "30/4" are dates.
FRACTIONS = {"1/2", "1/3", "2/3", "1/4", "3/4"}
# Quantities this long are written with their thousands grouped ("5.300.000"); a longer run
# of bare digits is read digit by digit.
LONGEST_UNGROUPED_DIGITS = 8
# Words before a Roman numeral: "quý IV", "khóa XV", "Đại hội XIII".
ROMAN_CUES = ("quý", "khóa", "khoá", "đợt", "kỳ", "phần", "chương", "thế kỷ", "đại hội", "lần")
# Units and currencies after which a slash means "per": "50.000 đồng/kg".
PER_UNIT_WORDS = ("đồng", "nghìn", "triệu", "tỷ", "gam", "mét", "lít", "héc ta", "khối", "vuông")

_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)


def speech_normalise(text: str) -> str:
    """``text`` as it should be read aloud in Vietnamese: numbers, dates, times, amounts,
    percentages, phone numbers, units and abbreviations in words; one paragraph a line."""
    text = _clean(text)
    for rewrite in PASSES:
        text = rewrite(text)
    return _tidy(text)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u00a0\u202f\u2009\t]", " ", text)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = text.replace("…", "...").replace("’", "'").replace("\r", "")
    # List markers at the start of a line are not read.
    return re.sub(r"(?m)^[ ]*(?:[-+*•●▪◦]|\d{1,2}[.)])[ ]+", "", text)


def _word_before(match: re.Match[str]) -> str:
    """The word just before ``match``, lower case ("" at the start of the text)."""
    found = _WORD_BEFORE.search(match.string, max(0, match.start() - 40), match.start())
    return found.group(1).lower() if found else ""


def _spaced(words: str) -> str:
    return f" {words} "


def read_number(written: str) -> str:
    """A written number in words: "1.500.000", "2,5", "4.0", "007"."""
    if grouped := re.fullmatch(r"(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?", written):
        whole = grouped.group(1).replace(".", "")
        if grouped.group(2):
            return decimal_words(whole, grouped.group(2))
        return number_words(int(whole))
    if decimal := re.fullmatch(r"(\d+)([.,])(\d+)", written):
        separator = "phẩy" if decimal.group(2) == "," else "chấm"
        return decimal_words(decimal.group(1), decimal.group(3), separator=separator)
    return integer_words(written)


def _number_value(written: str) -> Decimal:
    """The value of a written number ("1.500" is 1500, "1,5" and "1.5" are 1.5)."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", written):
        return Decimal(written.replace(".", "").replace(",", "."))
    return Decimal(written.replace(",", "."))


# --- set phrases -----------------------------------------------------------------------------

_PHRASE = re.compile(
    r"(?<![\w/])("
    + "|".join(re.escape(key) for key in sorted(PHRASES, key=len, reverse=True))
    + r")(?![\w/])"
)


def _phrases(text: str) -> str:
    return _PHRASE.sub(lambda match: _spaced(PHRASES[match[1]]), text)


# --- phone numbers ---------------------------------------------------------------------------

_PHONE = re.compile(
    r"(?<![\w.,+])(?:(?P<plus>\+84)[ .-]?(?P<rest>\d{2,3}(?:[ .-]?\d{3,4}){2})"
    r"|(?P<local>0\d{9,10}|0\d{2,3}[ .-]\d{3,4}[ .-]\d{3,4}|1[89]00[ .-]?\d{4}(?:[ .-]?\d{2})?))"
    r"(?![\w]|[.,]\d)"
)


def _phone_groups(written: str) -> list[str]:
    """The groups of digits as written, or, written as one run, 4-3-3 (4-4-3 for eleven
    digits, 3-3-3 after +84, 4-4 for a 1900 number)."""
    groups = re.split(r"[ .-]", written)
    if len(groups) > 1:
        return groups
    digits = groups[0]
    if len(digits) == 8:
        return [digits[:4], digits[4:]]
    if len(digits) == 9:  # after +84
        return [digits[:3], digits[3:6], digits[6:]]
    middle = 4 if len(digits) == 11 else 3
    return [digits[:4], digits[4 : 4 + middle], digits[4 + middle :]]


def _phones(text: str) -> str:
    def read(match: re.Match[str]) -> str:
        if match.group("plus"):
            groups = ["84", *_phone_groups(match.group("rest"))]
            spoken = ", ".join(digits_words(group) for group in groups)
            return _spaced("cộng " + spoken)
        return _spaced(", ".join(digits_words(group) for group in _phone_groups(match["local"])))

    return _PHONE.sub(read, text)


# --- what is said before a phone number, and the emergency numbers ---------------------------

# Police 113, fire 114, ambulance 115 are said digit by digit ("một một ba") when they are
# called: a word of calling among the three words before, the service after, or another of
# them earlier in the sentence; "có 115 hộ" stays a quantity.
EMERGENCY_CUES_BEFORE = {"gọi", "số", "đài", "nóng", "thoại", "đt", "hotline", "báo", "hệ"}
EMERGENCY_CUES_BEFORE |= {"quay", "bấm"}
EMERGENCY_SERVICES: tuple[str, ...] = ("công an", "cảnh sát", "cứu hỏa", "cứu hoả", "chữa cháy")
EMERGENCY_SERVICES += ("cứu nạn", "cấp cứu", "pccc", "y tế")
_EMERGENCY = re.compile(r"(?<![\w.,/-])(11[345])(?![\w/]|[.,]\d)")
# Another of them earlier in the same sentence: "gọi 113 khi có trộm, 114 khi cháy".
_EMERGENCY_BEFORE = re.compile(r"(?<![\w.,/-])11[345](?![\w/]|[.,]\d)[^.!?\n]*$")
# "ĐT:" is "điện thoại" (a road, "ĐT.151", is "đường tỉnh"); so is "ĐT" before a phone number.
_PHONE_LABEL = re.compile(r"(?<!\w)ĐT\s*:\s*|(?<!\w)ĐT[ .]?(?=\+84|0\d|11[345](?!\d))")


def _phone_cues(text: str) -> str:
    def label(match: re.Match[str]) -> str:
        return "điện thoại: " if ":" in match[0] else "điện thoại "

    def emergency(match: re.Match[str]) -> str:
        before = match.string[max(0, match.start() - 80) : match.start()]
        after = match.string[match.end() : match.end() + 20].lower().lstrip(" (:-")
        sentence = re.split(r"[.!?\n]", before)[-1]
        words = {word.lower() for word in re.findall(r"\w+", sentence)[-3:]}
        if (
            words & EMERGENCY_CUES_BEFORE
            or _EMERGENCY_BEFORE.search(before)
            or after.startswith(EMERGENCY_SERVICES)
        ):
            return _spaced(digits_words(match[1]))
        return match[0]

    return _EMERGENCY.sub(emergency, _PHONE_LABEL.sub(label, text))


# --- numbers of documents: "số 125/QĐ-UBND", "Nghị định 07/2021/NĐ-CP" ------------------------

_DOCUMENT = re.compile(
    r"(?<![\w/])(?P<number>\d+)(?:/(?P<year>\d{4}))?/(?P<code>[A-ZĐ][\w&]*(?:-[A-ZĐ][\w&]*)*)"
)


def _code_words(part: str) -> str:
    return DOCUMENT_CODES.get(part) or ABBREVIATIONS.get(part) or _spell(part)


def _documents(text: str) -> str:
    def read(match: re.Match[str]) -> str:
        words = number_words(int(match.group("number")))
        if match.group("year"):
            words += " năm " + number_words(int(match.group("year")))
        codes = " ".join(_code_words(part) for part in match.group("code").split("-"))
        return f"{words}, {codes}"

    return _DOCUMENT.sub(read, text)


# --- dates ------------------------------------------------------------------------------------


def _month_words(month: int) -> str:
    return "tư" if month == 4 else number_words(month)


def _day_words(day: int, *, after_mung: bool = False) -> str:
    """A day of the month: "mùng" before the first ten ("mùng năm"), unless written already."""
    if day <= 10 and not after_mung:
        return "mùng " + number_words(day)
    return number_words(day)


def _is_date(day: int, month: int, year: int | None = None) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12 and (year is None or 1000 <= year <= 2999)


def _date_words(match: re.Match[str], day: int, month: int, year: int | None) -> str:
    """The date as "ngày … tháng … năm …", without the "ngày" (or "mùng") the text wrote just
    before it."""
    before = _word_before(match)
    day_words = _day_words(day, after_mung=before == "mùng")
    words = day_words if before in {"ngày", "mùng"} else "ngày " + day_words
    words += " tháng " + _month_words(month)
    if year is not None:
        words += " năm " + number_words(year)
    return _spaced(words)


_ISO_DATE = re.compile(r"(?<![\d/.,-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/-]|[.,]\d)")
_DAY_RANGE = re.compile(r"(?<![\d/.,])(\d{1,2}) ?- ?(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")
_FULL_DATE = re.compile(r"(?<![\d/.,])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/-]|[.,]\d)")
_MONTH_YEAR = re.compile(r"(?<![\d/.,])(\d{1,2})/(\d{4})(?![\d/]|[.,]\d)")
_DAY_MONTH = re.compile(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})(?![\d/\w]|[.,]\d)")


def _dates(text: str) -> str:
    def iso(match: re.Match[str]) -> str:
        year, month, day = (int(part) for part in match.groups())
        return _date_words(match, day, month, year) if _is_date(day, month, year) else match[0]

    def day_range(match: re.Match[str]) -> str:
        first, last, month = (int(part) for part in match.groups()[:3])
        year = int(match.group(4)) if match.group(4) else None
        if not (_is_date(first, month, year) and _is_date(last, month) and first < last):
            return match[0]
        words = _date_words(match, last, month, year).strip()
        opening = "" if _word_before(match) in {"ngày", "mùng"} else "ngày "
        return _spaced(f"{opening}{_day_words(first)} đến {words.removeprefix('ngày ')}")

    def full(match: re.Match[str]) -> str:
        day, month, year = int(match[1]), int(match[3]), int(match[4])
        return _date_words(match, day, month, year) if _is_date(day, month, year) else match[0]

    def month_year(match: re.Match[str]) -> str:
        month, year = int(match[1]), int(match[2])
        if not _is_date(1, month, year):
            return match[0]
        opening = "" if _word_before(match) == "tháng" else "tháng "
        return _spaced(f"{opening}{_month_words(month)} năm {number_words(year)}")

    def day_month(match: re.Match[str]) -> str:
        day, month = int(match[1]), int(match[2])
        looks_like_fraction = match[0] in FRACTIONS
        if _is_date(day, month) and (_word_before(match) in DATE_CUES or not looks_like_fraction):
            return _date_words(match, day, month, None)
        between = "phần" if day < month else "trên"
        return _spaced(f"{number_words(day)} {between} {number_words(month)}")

    for pattern, read in (
        (_ISO_DATE, iso),
        (_DAY_RANGE, day_range),
        (_FULL_DATE, full),
        (_MONTH_YEAR, month_year),
        (_DAY_MONTH, day_month),
    ):
        text = pattern.sub(read, text)
    return text


# --- ranges and times -------------------------------------------------------------------------

# A dash between two numbers, or after a time ("7h-9h"), reads "đến": "7-9 giờ", "50-100mm".
_RANGE = re.compile(r"(?:(?<=\d)|(?<=\dh))[ ]?-[ ]?(?=\d)")
_TIME = re.compile(
    r"(?<![\w.,:])(\d{1,2})(?:[ ]?h[ ]?|g|:)(\d{2})(?:[ ]?(?:'|phút\b|ph\b|p\b))?(?![\d:])"
)
_HOUR = re.compile(r"(?<![\w.,:])(\d{1,2})[ ]?h(?!\w)")


def _ranges(text: str) -> str:
    return _RANGE.sub(" đến ", text)


def _times(text: str) -> str:
    def time(match: re.Match[str]) -> str:
        hour, minute = int(match[1]), int(match[2])
        if hour > 24 or minute > 59:
            return match[0]
        words = number_words(hour) + " giờ"
        return _spaced(f"{words} {number_words(minute)} phút" if minute else words)

    def hour(match: re.Match[str]) -> str:
        value = int(match[1])
        return _spaced(number_words(value) + " giờ") if value <= 24 else match[0]

    return _HOUR.sub(hour, _TIME.sub(time, text))


# --- abbreviations ----------------------------------------------------------------------------

_ABBREVIATION = re.compile(
    r"(?<![\w&])("
    + "|".join(re.escape(key) for key in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w&])"
)
_BCH = re.compile(r"(?<!\w)BCH(?!\w)(?P<after>\s+(?:" + "|".join(BCH_EXECUTIVE_BEFORE) + "))?")
_ROAD = re.compile(r"(?<!\w)(QL|TL|ĐT)\.?[ ]?(\d+)([A-Z]?)(?!\w)")
_ROADS = {"QL": "quốc lộ", "TL": "tỉnh lộ", "ĐT": "đường tỉnh"}


def _abbreviations(text: str) -> str:
    def bch(match: re.Match[str]) -> str:
        if match.group("after"):
            return "Ban chấp hành" + match.group("after")
        return "Ban chỉ huy"

    def road(match: re.Match[str]) -> str:
        words = f"{_ROADS[match[1]]} {number_words(int(match[2]))}"
        return _spaced(f"{words} {LETTER_NAMES[match[3]]}" if match[3] else words)

    text = _ROAD.sub(road, _BCH.sub(bch, text))
    return _ABBREVIATION.sub(lambda match: ABBREVIATIONS[match[1]], text)


# --- amounts, percentages, units --------------------------------------------------------------

_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_CURRENCY = "|".join(sorted(map(re.escape, CURRENCIES), key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?<![\w.,])(?P<number>{NUMBER})[ ]?(?:(?P<scale>{_SCALE})[ ]?)?"
    rf"(?P<currency>{_CURRENCY})(?!\w)"
)
_SCALED = re.compile(rf"(?<![\w.,])(?P<number>{NUMBER})[ ]?(?P<scale>{_SCALE})(?!\w)")
_DOLLARS = re.compile(rf"(?<![\w.,])\$[ ]?(?P<number>{NUMBER})|(?P<after>{NUMBER})[ ]?\$")
_PERCENT = re.compile(rf"(?<![\w.,])(?P<number>{NUMBER})[ ]?%")
# A minus glued to a number that follows no number: "-2°C", "từ -5 đến -2".
_BELOW_ZERO = re.compile(r"(?<![\w.,)-])-(?=\d)")
_UNITS = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
_UNIT = re.compile(rf"(?<![\w.,])(?P<number>{NUMBER})[ ]?(?P<unit>{_UNITS})(?![\w²³])")
# A unit after a slash is what a price or a rate is per: "50.000 đồng/kg".
_PER_UNIT = re.compile(rf"/[ ]?(?P<unit>{_UNITS})(?![\w²³])")


def _scaled_words(written: str, scale: str | None) -> str:
    """ "1,5" "triệu" → "một triệu năm trăm nghìn": an announcer says the whole amount."""
    if not scale:
        return read_number(written)
    value = _number_value(written) * SCALES[scale]
    if value == value.to_integral_value():
        return number_words(int(value))
    word = {"k": "nghìn", "tr": "triệu"}.get(scale, scale)
    return f"{read_number(written)} {word}"


# "1 500 000": a space between groups of three is a thousands separator too (as in print).
_SPACE_GROUPED = re.compile(r"(?<![\w.,])([1-9]\d{0,2})((?: \d{3})+)(?!\d|[.,]\d)")


def _space_grouped(text: str) -> str:
    return _SPACE_GROUPED.sub(lambda match: match[1] + match[2].replace(" ", "."), text)


def _amounts(text: str) -> str:
    def amount(match: re.Match[str]) -> str:
        return _spaced(_scaled_words(match["number"], match["scale"]) + " đồng")

    def scaled(match: re.Match[str]) -> str:
        return _spaced(_scaled_words(match["number"], match["scale"]))

    def dollars(match: re.Match[str]) -> str:
        return _spaced(read_number(match["number"] or match["after"]) + " đô la Mỹ")

    text = _DOLLARS.sub(dollars, _SCALED.sub(scaled, _AMOUNT.sub(amount, text)))
    return _PERCENT.sub(lambda match: _spaced(read_number(match["number"]) + " phần trăm"), text)


def _units(text: str) -> str:
    text = _BELOW_ZERO.sub("âm ", text)
    text = _PER_UNIT.sub(lambda match: "/" + UNITS[match["unit"]], text)
    return _UNIT.sub(
        lambda match: _spaced(f"{read_number(match['number'])} {UNITS[match['unit']]}"), text
    )


# --- words that change the number after them --------------------------------------------------

_DAY_OF_MONTH = re.compile(r"(?i)(?<!\w)(ngày)[ ]+(\d{1,2})(?=[ ]+tháng\b)")
_APRIL = re.compile(r"(?i)(?<!\w)(tháng)[ ]+0?4(?!\d|[/.,]\d)")
_ORDINAL = re.compile(r"(?i)(?<!\w)(thứ)[ ]+(\d{1,3})(?!\d|[/.,]\d)")
_ROMAN = re.compile(
    r"(?i)(?<!\w)(" + "|".join(ROMAN_CUES) + r")[ ]+"
    r"(?-i:(?=[IVXLC]+(?!\w))(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3}))(?!\w)"
)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman_value(numeral: str) -> int:
    values = [_ROMAN_VALUES[letter] for letter in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _context_numbers(text: str) -> str:
    def day_of_month(match: re.Match[str]) -> str:
        day = int(match[2])
        return f"{match[1]} {_day_words(day)}" if 1 <= day <= 31 else match[0]

    def roman(match: re.Match[str]) -> str:
        numeral = "".join(part or "" for part in match.groups()[1:])
        return f"{match[1]} {number_words(_roman_value(numeral))}" if numeral else match[0]

    text = _DAY_OF_MONTH.sub(day_of_month, text)
    text = _APRIL.sub(lambda match: f"{match[1]} tư", text)
    text = _ORDINAL.sub(lambda match: f"{match[1]} {ordinal_words(int(match[2]))}", text)
    return _ROMAN.sub(roman, text)


# --- what is left: plain numbers, upper-case words, symbols -----------------------------------

_PLAIN_NUMBER = re.compile(NUMBER)
_WORD = re.compile(r"(?<![\w'])[^\W\d_]{2,}(?![\w'])")


def _plain_number(written: str) -> str:
    # A long run of digits written without its thousands grouped is a code (a tax number, an
    # account, an ID card): read digit by digit.
    if written.isdigit() and len(written) >= LONGEST_UNGROUPED_DIGITS:
        return digits_words(written)
    return read_number(written)


def _numbers(text: str) -> str:
    # "24/24" is "hai mươi tư trên hai mươi tư".
    text = re.sub(r"(?<=\d)[ ]?/[ ]?(?=\d)", " trên ", text)
    return _PLAIN_NUMBER.sub(lambda match: _spaced(_plain_number(match[0])), text)


def _is_syllable(word: str) -> bool:
    """Whether ``word`` (any case) is written like one Vietnamese syllable."""
    bare = unicodedata.normalize("NFD", word.lower()).translate(_TONE_MARKS)
    return _SYLLABLE.fullmatch(unicodedata.normalize("NFC", bare)) is not None


def _spell(word: str) -> str:
    """``word`` letter by letter, as Vietnamese spell an abbreviation: "CLB" → "xê lờ bê"."""
    return " ".join(LETTER_NAMES.get(letter, letter) for letter in word.upper())


def _upper_words(text: str) -> str:
    """Upper-case words that are no syllable ("UBKT", "OCOP") are spelled; "THÔNG BÁO" is
    read as words."""

    def read(match: re.Match[str]) -> str:
        word = match[0]
        if not word.isupper() or _is_syllable(word):
            return word
        return _spaced(_spell(word))

    return _WORD.sub(read, text)


def _symbols(text: str) -> str:
    # Addresses: "dichvucong.gov.vn", "ubnd@laocai.gov.vn".
    text = re.sub(r"(?<=[a-z])\.(?=[a-z])", " chấm ", text)
    text = re.sub(r"(?<=\w)@(?=\w)", " a còng ", text)
    text = re.sub(r"\s*&\s*", " và ", text)
    text = re.sub(r"~[ ]?", "khoảng ", text)
    text = re.sub(r"%", " phần trăm", text)
    per = "|".join(PER_UNIT_WORDS)
    text = re.sub(rf"(?<!\w)({per})[ ]*/[ ]*(?=\w)", r"\1 một ", text)
    text = re.sub(r"[()\[\]{}]", ", ", text)
    text = re.sub(r"[\"“”«»*_#|<>=^`/\\]", " ", text)
    text = re.sub(r"\.{2,}", ".", text)
    # A dash between spaces is a pause; between two words it joins them ("kinh tế-xã hội").
    text = re.sub(r"(?:^|[ ])-+(?:[ ]|$)", ", ", text)
    return text.replace("-", " ")


def _tidy(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"[ ]+", " ", line)
        line = re.sub(r" ([,.;:!?])", r"\1", line)
        line = re.sub(r"([,;:])(?:[ ]?[,;:])+", r"\1", line)
        line = re.sub(r"[,;:]([.!?])", r"\1", line)
        line = line.strip(" ,;")
        if line:
            lines.append(line)
    return "\n".join(lines)


PASSES: tuple[Callable[[str], str], ...] = (
    _phrases,
    _phone_cues,
    _phones,
    _documents,
    _dates,
    _ranges,
    _times,
    _abbreviations,
    _space_grouped,
    _amounts,
    _units,
    _context_numbers,
    _numbers,
    _upper_words,
    _symbols,
)
