"""Label sheets: the A4 templates and custom sizes fit, bad sizes are refused clearly."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from banso.stamps import layout
from banso.stamps.models import LabelTemplate

A4 = layout.Rect(0, 0, *layout.A4_MM)


def inside(inner: layout.Rect, outer: layout.Rect) -> bool:
    epsilon = 1e-6
    return (
        inner.x >= outer.x - epsilon
        and inner.y >= outer.y - epsilon
        and inner.x + inner.width <= outer.x + outer.width + epsilon
        and inner.y + inner.height <= outer.y + outer.height + epsilon
    )


def overlap(a: layout.Rect, b: layout.Rect) -> bool:
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


def shifted(rect: layout.Rect, origin: layout.Rect) -> layout.Rect:
    return layout.Rect(origin.x + rect.x, origin.y + rect.y, rect.width, rect.height)


@pytest.mark.parametrize("template", [t for t in LabelTemplate.values if t != "custom"])
@pytest.mark.parametrize("with_pin", [False, True])
def test_every_template_fits_its_labels_and_their_parts(template, with_pin):
    sheet = layout.sheet_build(
        layout.TEMPLATES[template], with_pin=with_pin, pin_length=8, has_header=True
    )
    spec = layout.TEMPLATES[template]
    assert sheet.per_page == sheet.columns * sheet.rows >= 24
    labels = [sheet.label(index) for index in range(sheet.per_page)]
    for label in labels:
        assert (label.width, label.height) == (spec.label_width_mm, spec.label_height_mm)
        assert inside(label, layout.Rect(spec.margin_mm, spec.margin_mm, 210 - 14, 297 - 14))
    for a, b in itertools.combinations(labels, 2):
        assert not overlap(a, b)
    # Reading order: the first label is top left, the next to its right.
    assert labels[0].y > labels[-1].y and labels[1].x > labels[0].x
    parts = sheet.parts
    box = layout.Rect(0, 0, spec.label_width_mm, spec.label_height_mm)
    assert inside(parts.qr, box)
    assert parts.qr.width / (33 + 2 * layout.QUIET_ZONE_MODULES) >= layout.MIN_MODULE_MM
    assert (parts.pin is not None) is with_pin
    if with_pin:
        assert inside(parts.pin, box) and not overlap(parts.pin, parts.qr)
    assert not overlap(parts.header, parts.qr)
    assert sheet.crop_marks() == []  # pre-cut sheets: no marks


def test_labels_per_page_of_the_templates():
    counts = {
        template: layout.sheet_build(spec).per_page for template, spec in layout.TEMPLATES.items()
    }
    assert counts == {"a4_30": 48, "a4_25": 70, "a4_40x30": 32, "a4_50x30": 24}
    assert layout.sheet_build(layout.TEMPLATES["a4_30"]).pages_for(100_000) == 2_084


def test_a_custom_size_is_laid_out_with_bleed_and_crop_marks():
    spec = layout.spec_for(
        LabelTemplate.CUSTOM,
        label_width_mm=60,
        label_height_mm=40,
        margin_mm=10,
        gap_mm=6,
        bleed_mm=2,
    )
    sheet = layout.sheet_build(spec, with_pin=True, pin_length=7, has_header=True)
    assert (sheet.columns, sheet.rows) == (2, 6)
    marks = sheet.crop_marks()
    assert len(marks) == 2 * 2 * (sheet.columns + sheet.rows)
    grid = sheet.grid
    for x1, y1, x2, y2 in marks:
        for x, y in ((x1, y1), (x2, y2)):
            assert 0 <= x <= 210 and 0 <= y <= 297
            # Every mark lies outside the grid and its bleed.
            assert not inside(
                layout.Rect(x, y, 0, 0),
                layout.Rect(grid.x - 2, grid.y - 2, grid.width + 4, grid.height + 4),
            )
    # A wide label puts its texts beside the QR.
    assert sheet.parts.serial.x > sheet.parts.qr.x + sheet.parts.qr.width


def test_custom_defaults_for_margin_gap_and_bleed():
    spec = layout.spec_for(LabelTemplate.CUSTOM, label_width_mm=35, label_height_mm=35)
    assert (spec.margin_mm, spec.gap_mm, spec.bleed_mm) == (7, 2, 0)
    assert layout.sheet_build(spec).per_page == 5 * 7


@pytest.mark.parametrize(
    ("measures", "options", "code"),
    [
        ({"label_width_mm": 250, "label_height_mm": 30}, {}, "out_of_range"),
        ({"label_width_mm": 200, "label_height_mm": 30, "margin_mm": 10}, {}, "no_label_fits"),
        ({"label_width_mm": 30, "label_height_mm": 30, "bleed_mm": 2}, {}, "bleed"),
        ({"label_width_mm": 11, "label_height_mm": 20}, {}, "label_too_narrow"),
        (
            {"label_width_mm": 20, "label_height_mm": 20},
            {"with_pin": True, "has_header": True},
            "qr_too_small",
        ),
        ({"label_width_mm": 30, "label_height_mm": 30}, {"qr_modules": 97}, "qr_too_small"),
        ({"label_width_mm": None, "label_height_mm": 30}, {}, "required"),
    ],
)
def test_sizes_that_do_not_fit_are_refused_with_a_reason(measures, options, code):
    with pytest.raises(ValidationError) as raised:
        spec = layout.spec_for(LabelTemplate.CUSTOM, **measures)
        layout.sheet_build(spec, **options)
    error = raised.value
    if hasattr(error, "error_dict"):
        codes = {item.code for items in error.error_dict.values() for item in items}
    else:
        codes = {item.code for item in error.error_list}
    assert code in codes
