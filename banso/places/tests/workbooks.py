"""Excel workbooks built in memory, as a commune officer would fill them in."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ("Mã xã", "Tên thôn", "Loại", "Vĩ độ", "Kinh độ")


def workbook_bytes(*rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if header:
        sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(*rows, name: str = "villages.xlsx", header=HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook_bytes(*rows, header=header), content_type=XLSX)
