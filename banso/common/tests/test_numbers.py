"""Numbers, percentages and place lines written and read the way each language does."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from banso.common.numbers import (
    DecimalInput,
    LocaleDecimalField,
    decimal_parse,
    number_text,
    percent_text,
)
from banso.common.text import names_join


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("vi", Decimal("50.000"), "50"),
        ("vi", Decimal("1200.000"), "1.200"),
        ("vi", Decimal("12.500"), "12,5"),
        ("vi", 1250000, "1.250.000"),
        ("en", Decimal("50.000"), "50"),
        ("en", Decimal("1200.000"), "1,200"),
        ("en", Decimal("12.500"), "12.5"),
        ("zh-hans", Decimal("1200.000"), "1,200"),
        ("zh-hans", Decimal("0.250"), "0.25"),
        ("vi", None, ""),
    ],
)
def test_numbers_per_language(language, value, expected):
    with translation.override(language):
        assert number_text(value) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [("vi", 80, "80%"), ("vi", 12.5, "12,5%"), ("en", 12.5, "12.5%"), ("zh-hans", 80, "80%")],
)
def test_percentages_per_language(language, value, expected):
    with translation.override(language):
        assert percent_text(value) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("vi", "12,5", Decimal("12.5")),
        ("vi", "1.200", Decimal("1200")),
        ("vi", "1.200,5", Decimal("1200.5")),
        ("vi", "12.5", Decimal("12.5")),  # a point once, not grouping by three: a decimal point
        ("vi", " 50 ", Decimal("50")),
        ("en", "12.5", Decimal("12.5")),
        ("en", "1,200", Decimal("1200")),
        ("en", "12,5", Decimal("12.5")),
        ("zh-hans", "1,200.25", Decimal("1200.25")),
    ],
)
def test_numbers_are_read_per_language(language, text, expected):
    with translation.override(language):
        assert decimal_parse(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12,5,0", "1.2.3,4,5", "--1", "NaN", "1e5"])
def test_what_is_not_a_number_is_refused(text):
    with translation.override("vi"), pytest.raises(ValueError):
        decimal_parse(text)


@given(
    st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from(["vi", "en", "zh-hans"]),
)
def test_what_an_input_shows_reads_back_as_the_same_number(value, language):
    with translation.override(language):
        shown = DecimalInput().format_value(value)
        assert decimal_parse(shown) == value
        assert decimal_parse(number_text(value)) == value


def test_the_form_field_prefills_without_trailing_zeros_and_reads_the_comma():
    class QuantityForm(forms.Form):
        quantity = LocaleDecimalField(max_digits=12, decimal_places=3)

    with translation.override("vi"):
        assert 'value="50"' in str(QuantityForm(initial={"quantity": Decimal("50.000")}))
        assert 'inputmode="decimal"' in str(QuantityForm())
        form = QuantityForm({"quantity": "12,5"})
        assert form.is_valid() and form.cleaned_data["quantity"] == Decimal("12.5")
        wrong = QuantityForm({"quantity": "mười"})
        assert not wrong.is_valid()
        assert wrong.errors["quantity"] == ["Hãy nhập một số, ví dụ 50 hoặc 12,5."]


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("Xã Bắc Hà ", "Tỉnh Lào Cai"), "Xã Bắc Hà, Tỉnh Lào Cai"),
        (
            ("Thôn  Na Hối", "", None, " Xã Bắc Hà", "Tỉnh Lào Cai"),
            "Thôn Na Hối, Xã Bắc Hà, Tỉnh Lào Cai",
        ),
        (("12 Hàm Nghi ,", "Phường Lào Cai"), "12 Hàm Nghi, Phường Lào Cai"),
    ],
)
def test_names_join_never_leaves_a_space_before_a_comma(parts, expected):
    assert names_join(*parts) == expected


@given(st.lists(st.text(alphabet=" \tabcXã,.Đ", max_size=8), max_size=5))
def test_a_joined_line_has_no_space_before_punctuation(parts):
    joined = names_join(*parts)
    assert not any(
        joined[i].isspace() and joined[i + 1] in ",.;:!?" for i in range(len(joined) - 1)
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "22/11/2025 00:00"), ("en", "22 Nov 2025, 00:00"), ("zh-hans", "2025年11月22日 00:00")],
)
def test_a_date_and_time_is_written_one_way_per_language(language, expected):
    """Not Django's English "11/22/2025 midnight": the day, month and year as each language
    writes a date, and the time as a clock shows it."""
    moment = datetime.datetime(2025, 11, 22, 0, 0)
    with translation.override(language):
        shown = Template('{{ moment|date:"SHORT_DATETIME_FORMAT" }}').render(
            Context({"moment": moment})
        )
    assert shown == expected
