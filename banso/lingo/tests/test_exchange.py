"""The reviewer's queue as an Excel workbook and back, with the rules of the XLIFF file."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation as django_translation
from openpyxl import Workbook, load_workbook

from banso.lingo.exchange import COLUMNS, XLSX_TYPE
from banso.lingo.models import MemoryUnit, Translation, TranslationState
from banso.lingo.tests.review_makers import PLUM, described, province_translator, rows_of

ENGLISH = "The co-operative grows mandarins on the hills. The fruit ripens in November."


@pytest.fixture
def translator(make_user, lao_cai):
    return province_translator(make_user, lao_cai)


def _url(name: str) -> str:
    with django_translation.override("vi"):
        return reverse(name)


def _export(client, language: str = "en"):
    response = client.get(_url("lingo:export-xlsx"), {"language": language})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    return load_workbook(BytesIO(response.content))


def _upload(client, workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("reviewed.xlsx", buffer.getvalue(), XLSX_TYPE)
    return client.post(_url("lingo:exchange"), {"file": upload})


def test_the_workbook_comes_back_as_reviewed_translations(
    client, coop, other_coop, superuser, translator
):
    story = described(coop, actor=superuser)
    plum = described(other_coop, actor=superuser, text="- Mận chín vào tháng năm.")
    row, plum_row = rows_of(story)["en"], rows_of(plum)["en"]
    client.force_login(translator)
    workbook = _export(client)
    sheet = workbook.worksheets[0]
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0] == COLUMNS
    by_id = {line[0]: line for line in lines[1:]}
    assert set(by_id) == {row.pk, plum_row.pk}
    assert by_id[row.pk][1:6] == (
        "tổ chức: Hợp tác xã Quýt Mường Khương",
        "description",
        "en",
        "Chờ người dịch",
        story.description,
    )
    for number, line in enumerate(lines[1:], start=2):
        english = ENGLISH if line[0] == row.pk else "- Plums ripen in May."
        sheet.cell(row=number, column=7, value=english)
    result = _upload(client, workbook).context["result"]
    assert (result.accepted, result.stale, result.not_allowed, result.empty) == (2, 0, 0, 0)
    assert Translation.objects.get(pk=row.pk).text == ENGLISH
    # A source that reads like a formula went out quoted and still matches on the way back.
    assert Translation.objects.get(pk=plum_row.pk).state == TranslationState.REVIEWED


def test_a_row_whose_source_changed_is_skipped_and_an_empty_one_counted(
    client, coop, other_coop, superuser, translator
):
    story = described(coop, actor=superuser)
    plum = described(other_coop, actor=superuser, text=PLUM)
    row = rows_of(story)["en"]
    client.force_login(translator)
    workbook = _export(client)
    sheet = workbook.worksheets[0]
    for number in range(2, sheet.max_row + 1):
        if sheet.cell(row=number, column=1).value == row.pk:
            sheet.cell(row=number, column=7, value=ENGLISH)
    described(story, actor=superuser, text="Quả chín vào tháng mười hai.")
    result = _upload(client, workbook).context["result"]
    assert (result.accepted, result.stale, result.empty) == (0, 1, 1)
    assert Translation.objects.get(pk=row.pk).text == ""
    assert Translation.objects.get(pk=rows_of(plum)["en"].pk).state == TranslationState.WAITING


def test_a_workbook_with_another_header_is_refused_and_writes_nothing(
    client, coop, superuser, translator
):
    story = described(coop, actor=superuser)
    row = rows_of(story)["en"]
    workbook = Workbook()
    workbook.active.append(["mã", "bản dịch"])
    workbook.active.append([row.pk, ENGLISH])
    client.force_login(translator)
    with django_translation.override("vi"):
        response = _upload(client, workbook)
    assert response.status_code == 400
    assert "Dòng đầu tiên phải là dòng tiêu đề đã xuất" in response.content.decode()
    assert Translation.objects.get(pk=row.pk).state == TranslationState.WAITING
    assert not MemoryUnit.objects.exists()
