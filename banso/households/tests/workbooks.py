"""Review lists as an officer fills them in, from the empty workbook."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from banso.households.imports import template_workbook


def review_row(code: str, **changes) -> list:
    """A row of the empty workbook's columns: a poor household of Mã Tuyển in 2025."""
    row: dict[str, object] = {
        "code": code,
        "village": "Mã Tuyển",
        "head": "Thào Seo Lử",
        "ethnicity": "Mông",
        "area": "nông thôn",
        "phone": "0912345678",
        "members": 5,
        "year": 2025,
        "income": 1_200_000,
        "working_age_without_job": 0,
        "dependants": 2,
        "malnourished_children": 0,
        "uninsured_members": 0,
        "young_adults_without_schooling": 1,
        "children_out_of_school": 0,
        "has_solid_house": "không",
        "floor_area_m2": 36,
        "has_safe_water": "có",
        "has_hygienic_latrine": "không",
        "members_using_telecom": 2,
        "has_information_means": "có",
    }
    row.update(changes)
    return list(row.values())


def review_list(*rows: list, name: str = "ra-soat.xlsx") -> SimpleUploadedFile:
    workbook = template_workbook()
    sheet = workbook.active
    sheet.delete_rows(2)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def header_row() -> list[str]:
    buffer = BytesIO()
    template_workbook().save(buffer)
    buffer.seek(0)
    sheet = load_workbook(buffer, read_only=True).worksheets[0]
    return [cell for cell in next(sheet.iter_rows(values_only=True))]
