import pytest
from django.core.exceptions import ValidationError
from stdnum.vn import mst

from banso.orgs.tests.factories import tax_code
from banso.orgs.validators import validate_tax_code


def test_a_valid_ten_digit_code_is_accepted():
    serial = "010023348"
    code = serial + mst.calc_check_digit(serial)
    assert code == "0100233488"
    validate_tax_code(code)
    validate_tax_code(tax_code("530081201"))


def test_a_branch_code_with_a_dash_and_three_digits_is_accepted():
    validate_tax_code("0100233488-001")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("010023348", "tax_code_format"),  # 9 digits
        ("01002334AB", "tax_code_format"),  # letters
        ("0100233488001", "tax_code_format"),  # a branch without its dash
        ("0100233488-01", "tax_code_format"),
        ("", "tax_code_format"),
        ("0100233489", "tax_code_checksum"),  # wrong check digit
        ("0100233488-000", "tax_code_checksum"),  # branch 000 is the head office
    ],
)
def test_malformed_codes_are_refused(value, code):
    with pytest.raises(ValidationError) as raised:
        validate_tax_code(value)
    assert raised.value.code == code


@pytest.mark.parametrize("serial", ["530081201", "530082302", "530083403", "010023348"])
def test_every_wrong_check_digit_is_refused(serial):
    right = mst.calc_check_digit(serial)
    for digit in "0123456789":
        if digit == right:
            continue
        with pytest.raises(ValidationError):
            validate_tax_code(serial + digit)
