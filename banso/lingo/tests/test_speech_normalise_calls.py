"""What speakers say differently from the plain rules: the emergency numbers digit by digit,
"ĐT" before a phone number, and thousands grouped by spaces as well as by dots."""

import pytest

from banso.lingo.speech import speech_normalise


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "Khi có cháy, gọi ngay 114.",
            "Khi có cháy, gọi ngay một một bốn.",
        ),
        (
            "Gọi 113 khi có trộm, 114 khi cháy, 115 khi cần cấp cứu.",
            "Gọi một một ba khi có trộm, một một bốn khi cháy, một một năm khi cần cấp cứu.",
        ),
        ("Tổng đài 115 trực 24/24.", "Tổng đài một một năm trực hai mươi tư trên hai mươi tư."),
        ("Số 113 (Công an)", "Số một một ba, Công an"),
        ("115 - Cấp cứu", "một một năm, Cấp cứu"),
        ("Đường dây nóng 113", "Đường dây nóng một một ba"),
    ],
)
def test_the_emergency_numbers_are_read_digit_by_digit(written, spoken):
    assert speech_normalise(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Xã có 115 hộ nghèo.", "Xã có một trăm mười lăm hộ nghèo."),
        ("Đã tiêm cho 114 con bò.", "Đã tiêm cho một trăm mười bốn con bò."),
        ("Gọi 113. Thôn có 115 hộ.", "Gọi một một ba. Thôn có một trăm mười lăm hộ."),
        ("Có 1113 người.", "Có một nghìn một trăm mười ba người."),
    ],
)
def test_the_same_numbers_as_quantities_stay_numbers(written, spoken):
    assert speech_normalise(written) == spoken


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        (
            "ĐT: 0912 345 678",
            "điện thoại: không chín một hai, ba bốn năm, sáu bảy tám",
        ),
        (
            "Liên hệ chị Lan, ĐT 0912345678.",
            "Liên hệ chị Lan, điện thoại không chín một hai, ba bốn năm, sáu bảy tám.",
        ),
        (
            "Trạm y tế (ĐT:0214.3840.123)",
            "Trạm y tế, điện thoại: không hai một bốn, ba tám bốn không, một hai ba",
        ),
        ("ĐT: 115", "điện thoại: một một năm"),
    ],
)
def test_dt_before_a_phone_number_is_dien_thoai(written, spoken):
    assert speech_normalise(written) == spoken


def test_dt_before_a_road_number_is_still_duong_tinh():
    assert speech_normalise("Sạt lở trên ĐT.151") == "Sạt lở trên đường tỉnh một trăm năm mươi mốt"


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Hỗ trợ 1 500 000 đồng mỗi hộ.", "Hỗ trợ một triệu năm trăm nghìn đồng mỗi hộ."),
        ("Hỗ trợ 1.500.000 đồng mỗi hộ.", "Hỗ trợ một triệu năm trăm nghìn đồng mỗi hộ."),
        ("Giá 25 000đ/kg", "Giá hai mươi lăm nghìn đồng một ki lô gam"),
        ("Có 12 500 người dự.", "Có mười hai nghìn năm trăm người dự."),
        ("Năm 2025 có 300 hộ.", "Năm hai nghìn không trăm hai mươi lăm có ba trăm hộ."),
    ],
)
def test_thousands_grouped_by_a_space_or_a_dot_are_one_number(written, spoken):
    assert speech_normalise(written) == spoken
