"""Importing villages from Excel: all rows or none, errors by row and column, broken files."""

import os
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from banso.places.models import Village
from banso.places.services import villages_import
from banso.places.tests.workbooks import XLSX, xlsx_upload

MUONG_KHUONG, BAC_HA = "02761", "02839"

GOOD_ROWS = [
    (MUONG_KHUONG, "Sín Chải", "thôn", 22.6832, 104.1148),
    (2761, "Pạc Bo", "Bản", None, None),  # Excel drops the leading zero of a number
    (MUONG_KHUONG, "Tổ dân phố 1", "tổ dân phố", "22,7", "104,2"),
]


def _errors(result) -> set[tuple[int, str]]:
    return {(error.row, error.column) for error in result.errors}


# Service ------------------------------------------------------------------------------------


def test_a_good_workbook_creates_its_villages(commune_officer, muong_khuong):
    result = villages_import(actor=commune_officer, upload=xlsx_upload(*GOOD_ROWS))
    assert result.ok
    assert (result.created, result.updated) == (3, 0)
    villages = {v.name: v for v in Village.objects.filter(commune=muong_khuong)}
    assert set(villages) == {"Sín Chải", "Pạc Bo", "Tổ dân phố 1"}
    assert villages["Sín Chải"].kind == "thon"
    assert (villages["Sín Chải"].latitude, villages["Sín Chải"].longitude) == (22.6832, 104.1148)
    assert villages["Pạc Bo"].kind == "ban"
    assert villages["Pạc Bo"].latitude is None
    assert villages["Tổ dân phố 1"].kind == "to_dan_pho"
    assert villages["Tổ dân phố 1"].latitude == 22.7


def test_importing_again_updates_instead_of_duplicating(commune_officer, village):
    rows = [(MUONG_KHUONG, "MÃ TUYỂN", "ban", 22.7, 104.1), (MUONG_KHUONG, "Sín Chải", "thon")]
    result = villages_import(actor=commune_officer, upload=xlsx_upload(*rows))
    assert (result.created, result.updated) == (1, 1)
    village.refresh_from_db()
    assert (village.kind, village.latitude) == ("ban", 22.7)
    assert Village.objects.count() == 2

    again = villages_import(actor=commune_officer, upload=xlsx_upload(*rows))
    assert (again.created, again.updated) == (0, 2)
    assert Village.objects.count() == 2


def test_a_province_officer_imports_for_every_commune_of_the_province(province_officer):
    rows = [(MUONG_KHUONG, "Sín Chải", "thon"), (BAC_HA, "Na Hối", "ban")]
    result = villages_import(actor=province_officer, upload=xlsx_upload(*rows))
    assert result.created == 2
    assert set(Village.objects.values_list("commune__code", flat=True)) == {MUONG_KHUONG, BAC_HA}


def test_blank_rows_are_skipped(commune_officer, muong_khuong):
    rows = [(MUONG_KHUONG, "Sín Chải", "thon"), (None, None, None), ("", " ", "")]
    result = villages_import(actor=commune_officer, upload=xlsx_upload(*rows))
    assert result.ok
    assert result.created == 1


def test_one_bad_row_imports_nothing_and_every_error_names_its_row_and_column(
    commune_officer, village, village_state
):
    rows = [
        (MUONG_KHUONG, "Sín Chải", "thôn", 22.68, 104.11),  # row 2: fine
        ("99999", "Ma Ly", "thôn"),  # row 3: no such commune
        (MUONG_KHUONG, "", "bản"),  # row 4: no name
        (MUONG_KHUONG, "Lùng Vai", "xóm"),  # row 5: unknown type
        (MUONG_KHUONG, "Pha Long", "bản", 222.0, 104.0),  # row 6: off the map
        (MUONG_KHUONG, "SIN CHAI", "thôn"),  # row 7: row 2 again
        (BAC_HA, "Na Hối", "bản"),  # row 8: another commune
        (MUONG_KHUONG, "Tả Gia Khâu", "bản", "north", "east"),  # row 9: not numbers
    ]
    before = village_state()
    with translation.override("en"):
        result = villages_import(actor=commune_officer, upload=xlsx_upload(*rows))
    assert not result.ok
    assert (result.created, result.updated) == (0, 0)
    assert _errors(result) == {
        (3, "Commune code"),
        (4, "Name"),
        (5, "Type"),
        (6, "Coordinates"),
        (7, "Name"),
        (8, "Commune code"),
        (9, "Coordinates"),
    }
    assert all(error.message for error in result.errors)
    assert village_state() == before


def test_a_row_may_have_several_errors(commune_officer):
    with translation.override("en"):
        result = villages_import(
            actor=commune_officer, upload=xlsx_upload(("", "", "", 1000, 1000))
        )
    assert _errors(result) == {
        (2, "Commune code"),
        (2, "Name"),
        (2, "Type"),
        (2, "Coordinates"),
    }
    assert not Village.objects.exists()


def test_people_without_a_role_import_nothing(plain_user):
    with translation.override("en"):
        result = villages_import(
            actor=plain_user, upload=xlsx_upload((MUONG_KHUONG, "Sín Chải", "thon"))
        )
    assert _errors(result) == {(2, "Commune code")}
    assert not Village.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("villages.xlsx", os.urandom(2048), content_type=XLSX),
        SimpleUploadedFile("villages.xlsx", b"", content_type=XLSX),
        SimpleUploadedFile("villages.xlsx", b"commune_code,name\n02761,Sin Chai\n"),
    ],
    ids=["random-bytes", "empty", "csv"],
)
def test_a_file_that_is_not_a_workbook_is_refused(upload, commune_officer, village_state):
    before = village_state()
    with pytest.raises(ValidationError) as caught:
        villages_import(actor=commune_officer, upload=upload)
    assert caught.value.code == "bad_file"
    assert village_state() == before


def test_a_workbook_with_only_a_header_is_refused(commune_officer):
    with pytest.raises(ValidationError) as caught:
        villages_import(actor=commune_officer, upload=xlsx_upload())
    assert caught.value.code == "empty"


def test_a_duplicate_row_does_not_leave_half_an_import(commune_officer, village_state):
    before = village_state()
    rows = [(MUONG_KHUONG, name, "thon") for name in ("Sín Chải", "Pạc Bo", "Sín  Chải")]
    result = villages_import(actor=commune_officer, upload=xlsx_upload(*rows))
    assert [error.row for error in result.errors] == [4]
    assert village_state() == before


# View ---------------------------------------------------------------------------------------


def test_the_import_page_asks_anonymous_people_to_sign_in(client, places, village_state):
    before = village_state()
    url = reverse("places:village-import")
    response = client.post(url, {"file": xlsx_upload(*GOOD_ROWS)})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert village_state() == before


def test_the_import_page_is_for_officers(client, plain_user):
    client.force_login(plain_user)
    response = client.post(reverse("places:village-import"), {"file": xlsx_upload(*GOOD_ROWS)})
    assert response.status_code == 403
    assert not Village.objects.exists()


def test_the_import_page_imports_a_good_workbook(client, commune_officer, muong_khuong):
    client.force_login(commune_officer)
    assert client.get(reverse("places:village-import")).status_code == 200
    response = client.post(reverse("places:village-import"), {"file": xlsx_upload(*GOOD_ROWS)})
    assert response.status_code == 302
    assert response["Location"] == reverse("places:village-list")
    assert Village.objects.filter(commune=muong_khuong).count() == 3


def test_the_import_page_lists_the_bad_rows_and_imports_nothing(
    client, commune_officer, village, village_state
):
    before = village_state()
    client.force_login(commune_officer)
    rows = [(MUONG_KHUONG, "Sín Chải", "thôn"), (BAC_HA, "Na Hối", "bản"), ("123", "", "thôn")]
    with translation.override("en"):  # the page's English address
        url = reverse("places:village-import")
    response = client.post(url, {"file": xlsx_upload(*rows)})
    assert response.status_code == 400
    result = response.context["result"]
    assert [(e.row, str(e.column)) for e in result.errors] == [
        (3, "Commune code"),
        (4, "Commune code"),
        (4, "Name"),
    ]
    table = response.content.decode().split('id="import-errors"', 1)[1]
    assert "<td>3</td>" in table
    assert "<td>4</td>" in table
    assert village_state() == before


def test_the_import_page_refuses_a_broken_file_with_a_form_error(
    client, commune_officer, village, village_state
):
    before = village_state()
    client.force_login(commune_officer)
    broken = SimpleUploadedFile("villages.xlsx", os.urandom(4096), content_type=XLSX)
    response = client.post(reverse("places:village-import"), {"file": broken})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert response.context["result"] is None
    assert village_state() == before


def test_the_import_page_needs_a_file(client, commune_officer):
    client.force_login(commune_officer)
    # A browser sends the form's other fields (the CSRF token) even with no file chosen.
    response = client.post(reverse("places:village-import"), {"file": ""})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors


def test_the_template_is_a_workbook_that_imports_as_it_is(client, commune_officer, muong_khuong):
    response = client.get(reverse("places:village-import-template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 5
    assert rows[1][0] == MUONG_KHUONG

    # The example row is a valid import for the commune it names.
    upload = SimpleUploadedFile("villages.xlsx", response.content, content_type=XLSX)
    result = villages_import(actor=commune_officer, upload=upload)
    assert result.ok
    assert Village.objects.get().commune == muong_khuong
