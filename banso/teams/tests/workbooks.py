"""Registers of teams as an officer fills them in, from the empty workbook."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

from banso.teams.imports import COLUMNS, template_workbook


def member_row(name: str, **changes) -> list:
    """A row of the empty workbook's columns: a youth-union member of Mã Tuyển's team."""
    row: dict[str, object] = {
        "commune": "02761",
        "village": "Mã Tuyển",
        "decision_number": "125/QĐ-UBND",
        "decision_date": "15/03/2023",
        "full_name": name,
        "phone": "",
        "position": "thành viên",
        "background": "Đoàn Thanh niên",
        "joined_on": "",
        "training": "",
    }
    row.update(changes)
    assert list(row) == list(COLUMNS)
    return list(row.values())


def register(*rows: list, name: str = "to-cong-nghe-so.xlsx", template: bool = False):
    """The empty workbook with ``rows`` (with ``template``, its own example rows kept)."""
    workbook = template_workbook()
    sheet = workbook.active
    if not template:
        sheet.delete_rows(2, 2)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def headers() -> list[str]:
    return [cell.value for cell in template_workbook().active[1]]
