"""Phone numbers, kept in E.164 form (+84…) so that "0912 345 678" and "+84912345678" match."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def phone_normalize(raw: str) -> str:
    """Return ``raw`` as an E.164 number, reading it as Vietnamese when it has no country code."""
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(_("This is not a phone number."), code="invalid_phone") from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("This is not a valid phone number."), code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str) -> str:
    """A Vietnamese number as people write it (0912 345 678); others in international form."""
    number = phonenumbers.parse(e164, "VN")
    if number.country_code == 84:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
