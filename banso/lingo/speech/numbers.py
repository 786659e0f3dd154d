"""Numbers as a Vietnamese speaker reads them aloud (Northern usage, the usage of Lào Cai).

The rules a speech engine does not know:

- units after ``mươi`` change their word: 21 "hai mươi mốt", 24 "hai mươi tư", 25 "hai mươi
  lăm"; 15 is "mười lăm" too, but 11 is "mười một", 14 "mười bốn" and 105 "một trăm linh năm";
- a zero tens digit before a unit is "linh": 105 "một trăm linh năm", 2.005 "hai nghìn không
  trăm linh năm" (the South says "lẻ");
- a group of three after a larger one always says its hundreds, "không trăm" included: 2026 "hai
  nghìn không trăm hai mươi sáu"; a group that is all zeros is not read: 1.000.050 "một triệu
  không trăm năm mươi";
- scales are "nghìn", "triệu", "tỷ", and go on by combining: 10¹² "một nghìn tỷ";
- decimals are read after "phẩy" (the decimal comma), as a number when they are one or two
  digits without a leading zero (2,5 "hai phẩy năm", 3,14 "ba phẩy mười bốn"), digit by digit
  otherwise (2,05 "hai phẩy không năm");
- ordinals: "thứ nhất", "thứ hai", "thứ ba", "thứ tư", then the number ("thứ mười").
"""

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ((10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn"))
# Longer runs of digits are identifiers (an account, an ID card), read digit by digit.
LONGEST_NUMBER_DIGITS = 15


def digits_words(digits: str) -> str:
    """Each digit of ``digits`` as a word: "0912" → "không chín một hai"."""
    return " ".join(DIGITS[int(digit)] for digit in digits if digit.isdigit())


def _units_after_tens(units: int) -> str:
    """The unit after "mươi" (twenty and up)."""
    return {1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units])


def _group_words(number: int, *, after_larger: bool) -> list[str]:
    """The words of ``number`` (0–999). After a larger group its hundreds are always said
    and a zero tens digit is "linh"."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words = []
    if hundreds or after_larger:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append(_units_after_tens(units))
    return words


def _rest_words(number: int, below: int) -> list[str]:
    """``number`` (less than ``below``) read after a larger group: groups of zeros are
    skipped, the first one read says its hundreds."""
    for scale, name in SCALES:
        if scale < below and number >= scale:
            high, low = divmod(number, scale)
            words = [*_group_words(high, after_larger=True), name]
            return words + (_rest_words(low, scale) if low else [])
    return _group_words(number, after_larger=True)


def number_words(number: int) -> str:
    """``number`` in words: 1500000 → "một triệu năm trăm nghìn"."""
    if number < 0:
        return "âm " + number_words(-number)
    if number == 0:
        return DIGITS[0]
    for scale, name in SCALES:
        if number >= scale:
            high, low = divmod(number, scale)
            words = f"{number_words(high)} {name}"
            return f"{words} {' '.join(_rest_words(low, scale))}" if low else words
    return " ".join(_group_words(number, after_larger=False))


def integer_words(digits: str) -> str:
    """A written integer: as a number, or digit by digit when it starts with 0 ("007") or is
    too long to be a quantity."""
    if (len(digits) > 1 and digits.startswith("0")) or len(digits) > LONGEST_NUMBER_DIGITS:
        return digits_words(digits)
    return number_words(int(digits))


def decimal_words(whole: str, fraction: str, *, separator: str = "phẩy") -> str:
    """``whole`` and ``fraction`` (digits) joined by ``separator``: "2", "5" → "hai phẩy năm"."""
    if len(fraction) <= 2 and not fraction.startswith("0"):
        fraction_words = number_words(int(fraction))
    else:
        fraction_words = digits_words(fraction)
    return f"{integer_words(whole)} {separator} {fraction_words}"


def ordinal_words(number: int) -> str:
    """The word after "thứ": 1 → "nhất", 4 → "tư", 10 → "mười"."""
    return {1: "nhất", 4: "tư"}.get(number) or number_words(number)
