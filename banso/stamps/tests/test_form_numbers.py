"""The custom label sizes of a stamp run are written and read the way the page's language does:
"40,5" mm in Vietnamese is forty and a half, and a stored 30.0 is shown "30", not "30.0"."""

from decimal import Decimal

import pytest
from django.utils import translation

from banso.stamps.forms import CUSTOM_SIZES, StampRunForm

pytestmark = pytest.mark.django_db


def test_label_sizes_read_the_vietnamese_decimal_comma(coop_member):
    with translation.override("vi"):
        form = StampRunForm(user=coop_member, initial={"label_width_mm": Decimal("30.0")})
        assert form.fields["label_width_mm"].clean("40,5") == Decimal("40.5")
        assert 'value="30"' in str(form["label_width_mm"])
        for name in CUSTOM_SIZES:
            assert form.fields[name].widget.attrs["inputmode"] == "decimal"
    with translation.override("en"):
        assert StampRunForm(user=coop_member).fields["margin_mm"].clean("7.5") == Decimal("7.5")
