"""A bulletin is read as a Vietnamese announcer reads it: every expected text here is the
exact sentence a speaker would say."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from banso.lingo.speech import speech_normalise
from banso.lingo.speech.numbers import number_words


def test_the_opening_of_a_bulletin():
    assert speech_normalise("Ngày 15/01/2026 lúc 7h30, UBND xã Bản Phố") == (
        "Ngày mười lăm tháng một năm hai nghìn không trăm hai mươi sáu lúc bảy giờ ba mươi"
        " phút, Ủy ban nhân dân xã Bản Phố"
    )


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (101, "một trăm linh một"),
        (105, "một trăm linh năm"),
        (115, "một trăm mười lăm"),
        (1005, "một nghìn không trăm linh năm"),
        (2026, "hai nghìn không trăm hai mươi sáu"),
        (1_000_050, "một triệu không trăm năm mươi"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (1_500_000, "một triệu năm trăm nghìn"),
        (2_000_500, "hai triệu năm trăm"),
        (1_500_000_000, "một tỷ năm trăm triệu"),
        (10**12, "một nghìn tỷ"),
    ],
)
def test_numbers_follow_the_spoken_rules(number, words):
    assert number_words(number) == words


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("1.500.000", "một triệu năm trăm nghìn"),
        ("2,5", "hai phẩy năm"),
        ("3,14", "ba phẩy mười bốn"),
        ("2,05", "hai phẩy không năm"),
        ("công nghiệp 4.0", "công nghiệp bốn chấm không"),
        (
            "Năm 2026 có 1.234 hộ",
            "Năm hai nghìn không trăm hai mươi sáu có một nghìn hai trăm ba mươi tư hộ",
        ),
    ],
)
def test_written_numbers(written, spoken):
    assert speech_normalise(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Giá 500.000đ", "Giá năm trăm nghìn đồng"),
        ("Giá 500.000 đồng", "Giá năm trăm nghìn đồng"),
        ("Phí 50.000 VNĐ", "Phí năm mươi nghìn đồng"),
        ("phí 50.000VND", "phí năm mươi nghìn đồng"),
        ("Hỗ trợ 1,5 triệu đồng", "Hỗ trợ một triệu năm trăm nghìn đồng"),
        ("vốn 2,5 tỷ đồng", "vốn hai tỷ năm trăm triệu đồng"),
        ("vé 200k", "vé hai trăm nghìn"),
        ("500.000đ/người", "năm trăm nghìn đồng một người"),
        ("Giá 1.5 triệu/tấn", "Giá một triệu năm trăm nghìn một tấn"),
        ("1,2 triệu người", "một triệu hai trăm nghìn người"),
        ("100 USD", "một trăm đô la Mỹ"),
    ],
)
def test_amounts_of_money(written, spoken):
    assert speech_normalise(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("tỷ lệ hộ nghèo còn 12,5%", "tỷ lệ hộ nghèo còn mười hai phẩy năm phần trăm"),
        ("tăng 2 %", "tăng hai phần trăm"),
        ("đạt 100%.", "đạt một trăm phần trăm."),
    ],
)
def test_percentages(written, spoken):
    assert speech_normalise(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Gọi 0912 345 678.", "Gọi không chín một hai, ba bốn năm, sáu bảy tám."),
        ("Gọi 0912345678.", "Gọi không chín một hai, ba bốn năm, sáu bảy tám."),
        ("Gọi 0912.345.678", "Gọi không chín một hai, ba bốn năm, sáu bảy tám"),
        ("Gọi 0214 3840 123", "Gọi không hai một bốn, ba tám bốn không, một hai ba"),
        ("Gọi +84 912 345 678", "Gọi cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám"),
        ("Gọi +84912345678", "Gọi cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám"),
        ("đường dây nóng 1900 1234", "đường dây nóng một chín không không, một hai ba bốn"),
    ],
)
def test_phone_numbers_are_read_digit_by_digit_in_their_groups(written, spoken):
    assert speech_normalise(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Ngày 05/3/2026.", "Ngày mùng năm tháng ba năm hai nghìn không trăm hai mươi sáu."),
        ("họp 10/04/2026", "họp ngày mùng mười tháng tư năm hai nghìn không trăm hai mươi sáu"),
        ("hạn 2026-01-31", "hạn ngày ba mươi mốt tháng một năm hai nghìn không trăm hai mươi sáu"),
        ("Từ ngày 10/3 đến 15/3", "Từ ngày mùng mười tháng ba đến ngày mười lăm tháng ba"),
        ("mùng 2/9", "mùng hai tháng chín"),
        ("ngày 5 tháng 4", "ngày mùng năm tháng tư"),
        ("tháng 12/2025", "tháng mười hai năm hai nghìn không trăm hai mươi lăm"),
        (
            "ngày 15-17/01/2026",
            "ngày mười lăm đến mười bảy tháng một năm hai nghìn không trăm hai mươi sáu",
        ),
        ("1/2 số hộ", "một phần hai số hộ"),
        (
            "Quốc khánh 2/9, ngày 30/4 và 1/5",
            "Quốc khánh ngày mùng hai tháng chín, ngày ba mươi tháng tư và ngày mùng một tháng năm",
        ),
    ],
)
def test_dates(written, spoken):
    assert speech_normalise(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("lúc 7h30", "lúc bảy giờ ba mươi phút"),
        ("lúc 7:30", "lúc bảy giờ ba mươi phút"),
        ("lúc 07h05", "lúc bảy giờ năm phút"),
        ("lúc 14h00", "lúc mười bốn giờ"),
        ("lúc 17 giờ", "lúc mười bảy giờ"),
        ("Sáng 8h.", "Sáng tám giờ."),
        ("từ 7-9 giờ", "từ bảy đến chín giờ"),
        ("từ 13h30 - 17h", "từ mười ba giờ ba mươi phút đến mười bảy giờ"),
        ("trực 24/24h", "trực hai mươi tư trên hai mươi tư giờ"),
    ],
)
def test_times_and_ranges(written, spoken):
    assert speech_normalise(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Thứ 2", "Thứ hai"),
        ("thứ 4 và thứ 7", "thứ tư và thứ bảy"),
        ("lần thứ 1.", "lần thứ nhất."),
        ("thứ 2-6", "thứ hai đến sáu"),
        ("Quý IV, khóa XV", "Quý bốn, khóa mười lăm"),
    ],
)
def test_ordinals(written, spoken):
    assert speech_normalise(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("UBND, HĐND, MTTQ", "Ủy ban nhân dân, Hội đồng nhân dân, Mặt trận Tổ quốc"),
        ("BCH Quân sự xã; BCH Đoàn xã", "Ban chỉ huy Quân sự xã; Ban chấp hành Đoàn xã"),
        ("PCCC, PCTT", "phòng cháy chữa cháy, phòng chống thiên tai"),
        ("Ban Chỉ huy PCTT&TKCN", "Ban Chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn"),
        (
            "TP. Lào Cai, TX. Sa Pa, Tp Lào Cai",
            "thành phố Lào Cai, thị xã Sa Pa, thành phố Lào Cai",
        ),
        ("CSGT, THCS, THPT", "Cảnh sát giao thông, trung học cơ sở, trung học phổ thông"),
        ("thẻ BHYT, sổ BHXH", "thẻ bảo hiểm y tế, sổ bảo hiểm xã hội"),
        ("CCCD gắn chip, tài khoản VNeID", "căn cước công dân gắn chip, tài khoản vê en e ai đi"),
        ("HĐND-UBND xã", "Hội đồng nhân dân Ủy ban nhân dân xã"),
        ("số 125/QĐ-UBND", "số một trăm hai mươi lăm, quyết định Ủy ban nhân dân"),
        ("QL4D", "quốc lộ bốn dê"),
        ("sóng 4G", "sóng bốn giê"),
        ("Đ/c Chủ tịch", "đồng chí Chủ tịch"),
    ],
)
def test_abbreviations_of_commune_bulletins(written, spoken):
    assert speech_normalise(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("mưa 50-100mm", "mưa năm mươi đến một trăm mi li mét"),
        (
            "nhiệt độ 12-15°C, có nơi -2°C",
            "nhiệt độ mười hai đến mười lăm độ xê, có nơi âm hai độ xê",
        ),
        ("từ -5 đến 2 độ C", "từ âm năm đến hai độ xê"),
        ("cách 5 km", "cách năm ki lô mét"),
        ("3,5 ha lúa", "ba phẩy năm héc ta lúa"),
        ("20 kg giống", "hai mươi ki lô gam giống"),
        ("rộng 100 m, 30m2", "rộng một trăm mét, ba mươi mét vuông"),
        ("50.000 đồng/kg", "năm mươi nghìn đồng một ki lô gam"),
    ],
)
def test_units_after_numbers(written, spoken):
    assert speech_normalise(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Mã số thuế 5300123456", "Mã số thuế năm ba không không một hai ba bốn năm sáu"),
        ("mã 007", "mã không không bảy"),
        ("dichvucong.gov.vn", "dichvucong chấm gov chấm vn"),
        ("thư về ubnd@laocai.gov.vn", "thư về ubnd a còng laocai chấm gov chấm vn"),
        ("giấy tờ, v.v. đều", "giấy tờ, vân vân đều"),
    ],
)
def test_codes_and_addresses(written, spoken):
    assert speech_normalise(written) == spoken


def test_an_unknown_abbreviation_is_spelled_and_capitals_that_are_words_are_read():
    assert speech_normalise("THÔNG BÁO KHẨN của CLB") == "THÔNG BÁO KHẨN của xê lờ bê"


def test_lists_and_symbols_become_pauses_and_paragraphs_stay_lines():
    text = "THÔNG BÁO\n\n- Hộ gia đình & cá nhân (nếu có)...\n- Thời gian: 7h"
    assert speech_normalise(text) == (
        "THÔNG BÁO\nHộ gia đình và cá nhân, nếu có.\nThời gian: bảy giờ"
    )


WORD_VALUES = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
    "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
SCALE_VALUES = {"nghìn": 10**3, "triệu": 10**6, "tỷ": 10**9}


def words_value(words: str) -> int:
    """Vietnamese number words back to the number, by the rules a listener applies."""
    total = group = 0  # what larger scales hold; the number below the current scale
    digit = None
    for word in words.split():
        if word in WORD_VALUES:
            digit = WORD_VALUES[word]
        elif word == "trăm":
            group += (digit or 0) * 100
            digit = None
        elif word in ("mươi", "mười"):
            group += (1 if word == "mười" else digit or 0) * 10
            digit = None
        elif word == "linh":
            digit = None
        elif word in SCALE_VALUES:
            group += digit or 0
            digit = None
            scale = SCALE_VALUES[word]
            if total and total < scale:  # "một nghìn tỷ": the scales multiply
                total, group = (total + group) * scale, 0
            else:
                total, group = total + group * scale, 0
        else:
            raise AssertionError(f"not a number word: {word}")
    return total + group + (digit or 0)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_number_words_read_back_to_the_number(number):
    words = number_words(number)
    assert words_value(words) == number
    # The spoken unit words appear only where a speaker says them.
    assert "mươi một" not in words and "mươi bốn" not in words and "mươi năm" not in words
    assert "mười năm" not in words and "linh lăm" not in words and "mười mốt" not in words
