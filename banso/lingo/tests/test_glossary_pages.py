"""The officers' glossary pages and the glossary's workbook, end to end through the client."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from banso.lingo.glossary import GlossaryTermData, glossary_term_create
from banso.lingo.glossary_excel import XLSX_CONTENT_TYPE
from banso.lingo.models import GlossaryTerm


def _url(name: str, *args, language: str = "vi") -> str:
    with translation.override(language):
        return reverse(f"lingo:{name}", args=args)


@pytest.fixture
def officer_client(client, province_officer):
    client.force_login(province_officer)
    return client


@pytest.fixture
def sa_pa(province_officer):
    return glossary_term_create(
        actor=province_officer,
        data=GlossaryTermData(
            term="Sa Pa", kind="place", do_not_translate=True, renderings={"zh-hans": "沙坝"}
        ),
    )


@pytest.fixture
def plum(province_officer):
    return glossary_term_create(
        actor=province_officer,
        data=GlossaryTermData(
            term="Mận tam hoa", kind="product", renderings={"en": "Tam Hoa plum"}
        ),
    )


def test_the_list_shows_terms_and_their_renderings_in_one_query(
    officer_client, sa_pa, plum, django_assert_num_queries
):
    officer_client.get(_url("glossary-list"))  # the session and the roles are read once
    with django_assert_num_queries(4):  # session, user, role grants, terms
        response = officer_client.get(_url("glossary-list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sa Pa" in page and "Mận tam hoa" in page
    assert '<dd lang="zh-hans">沙坝</dd>' in page
    assert '<dd lang="en">Tam Hoa plum</dd>' in page
    assert "Bảng thuật ngữ" in page


def _listed(response) -> list[str]:
    return [term.term for term, _renderings in response.context["terms"]]


def test_search_without_diacritics_and_by_kind(officer_client, sa_pa, plum):
    response = officer_client.get(_url("glossary-list"), {"q": "man tam"})
    assert _listed(response) == ["Mận tam hoa"]
    assert "<strong>Mận tam hoa</strong>" in response.content.decode()
    assert _listed(officer_client.get(_url("glossary-list"), {"kind": "place"})) == ["Sa Pa"]
    response = officer_client.get(_url("glossary-list"), {"q": "fansipan"})
    assert _listed(response) == []
    assert "Không có thuật ngữ nào khớp" in response.content.decode()


def test_an_officer_adds_edits_and_removes_a_term(officer_client):
    response = officer_client.post(
        _url("glossary-create"),
        {
            "term": "Bản Phố",
            "kind": "place",
            "do_not_translate": "on",
            "rendering_en": "",
            "rendering_zh_hans": "",
            "note": "Xã của Bắc Hà",
        },
    )
    assert response.status_code == 302
    term = GlossaryTerm.objects.get(term_folded="ban pho")
    assert term.do_not_translate and term.renderings == {}

    form = officer_client.get(_url("glossary-update", term.pk)).content.decode()
    assert "English" in form and "简体中文" in form
    assert "Giữ nguyên tên này trong mọi ngôn ngữ" in form
    response = officer_client.post(
        _url("glossary-update", term.pk),
        {"term": "Bản Phố", "kind": "place", "rendering_en": "Bản Phố commune", "note": ""},
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.renderings == {"en": "Bản Phố commune"} and not term.do_not_translate

    assert officer_client.get(_url("glossary-delete", term.pk)).status_code == 200
    assert officer_client.post(_url("glossary-delete", term.pk)).status_code == 302
    assert not GlossaryTerm.objects.exists()


def test_a_second_spelling_of_a_term_is_shown_on_the_form(officer_client, sa_pa):
    response = officer_client.post(_url("glossary-create"), {"term": "sa pa", "kind": "place"})
    assert response.status_code == 200
    assert "Bảng thuật ngữ đã có “sa pa”." in response.content.decode()
    assert GlossaryTerm.objects.count() == 1


def test_a_coop_owner_gets_403_and_changes_nothing(client, coop_member, sa_pa):
    client.force_login(coop_member)
    for name, args in (
        ("glossary-list", ()),
        ("glossary-create", ()),
        ("glossary-update", (sa_pa.pk,)),
        ("glossary-delete", (sa_pa.pk,)),
        ("glossary-export", ()),
        ("glossary-import", ()),
    ):
        assert client.get(_url(name, *args)).status_code == 403, name
    assert client.post(_url("glossary-delete", sa_pa.pk)).status_code == 403
    response = client.post(_url("glossary-create"), {"term": "Y Tý", "kind": "place"})
    assert response.status_code == 403
    assert list(GlossaryTerm.objects.values_list("term", flat=True)) == ["Sa Pa"]


def test_a_visitor_is_sent_to_sign_in(client, sa_pa):
    response = client.get(_url("glossary-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# Workbooks ----------------------------------------------------------------------------------


def _upload(*rows, header=("Thuật ngữ", "Loại", "Giữ nguyên", "English", "简体中文", "Ghi chú")):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("glossary.xlsx", buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


def test_a_workbook_exported_in_english_imports_back_unchanged_in_vietnamese(
    officer_client, sa_pa, plum
):
    response = officer_client.get(_url("glossary-export", language="en"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Term", "Kind", "Do not translate", "English", "简体中文", "Note")
    assert rows[1][:5] == ("Mận tam hoa", "Product", "no", "Tam Hoa plum", None)
    assert rows[2][:5] == ("Sa Pa", "Place", "yes", None, "沙坝")
    before = {
        t.term_folded: (t.term, t.kind, t.do_not_translate, t.renderings, t.note)
        for t in GlossaryTerm.objects.all()
    }

    upload = SimpleUploadedFile("glossary.xlsx", response.content, content_type=XLSX_CONTENT_TYPE)
    response = officer_client.post(_url("glossary-import"), {"file": upload}, follow=True)
    assert "thêm 0 thuật ngữ, sửa 2 thuật ngữ" in response.content.decode()
    after = {
        t.term_folded: (t.term, t.kind, t.do_not_translate, t.renderings, t.note)
        for t in GlossaryTerm.objects.all()
    }
    assert after == before


def test_the_import_adds_new_terms_updates_known_ones_and_reads_every_yes_and_no(
    officer_client, sa_pa
):
    upload = _upload(
        ("SA PA", "Place", "x", "", "沙坝", "Thị xã"),
        ("Gầu Tào", "lễ hội", "có", None, None, None),
        ("Y Tý", "place", 1, None, None, None),
        ("Quýt Mường Khương", "Sản phẩm", "không", "Mường Khương tangerine", None, None),
        (None, None, None, None, None, None),
        ("OCOP", "term", "yes", None, None, None),
        ("HTX", "Term", 0, "co-operative", None, None),
    )
    response = officer_client.post(_url("glossary-import"), {"file": upload})
    assert response.status_code == 302
    terms = {t.term_folded: t for t in GlossaryTerm.objects.all()}
    assert set(terms) == {"sa pa", "gau tao", "y ty", "quyt muong khuong", "ocop", "htx"}
    assert terms["sa pa"].term == "SA PA" and terms["sa pa"].note == "Thị xã"
    assert terms["gau tao"].kind == "festival" and terms["gau tao"].do_not_translate
    assert terms["y ty"].do_not_translate and terms["ocop"].do_not_translate
    assert not terms["htx"].do_not_translate and terms["htx"].renderings == {"en": "co-operative"}
    assert not terms["quyt muong khuong"].do_not_translate


def test_one_bad_row_imports_nothing_and_is_named(officer_client, sa_pa):
    upload = _upload(
        ("Gầu Tào", "festival", "có", None, None, None),
        ("Roóng Poọc", "hội chợ", "có", None, None, None),
        ("Bắc Hà", "place", "maybe", None, None, None),
        ("gau tao", "festival", "có", None, None, None),
        ("", "place", "có", "Somewhere", None, None),
    )
    response = officer_client.post(_url("glossary-import"), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chưa có dữ liệu nào được nhập" in page
    assert "<td>6</td><td>Thuật ngữ</td>" in page
    errors = response.context["result"].errors
    assert [(error.row, str(error.column)) for error in errors] == [
        (3, "Loại"),
        (4, "Giữ nguyên, không dịch"),
        (5, "Thuật ngữ"),
        (6, "Thuật ngữ"),
    ]
    assert "dòng 2" in errors[2].message
    assert list(GlossaryTerm.objects.values_list("term", flat=True)) == ["Sa Pa"]


# Admin --------------------------------------------------------------------------------------


def test_the_admin_writes_through_the_services(client, superuser, sa_pa):
    client.force_login(superuser)
    add = reverse("admin:lingo_glossaryterm_add")
    fields = {"kind": "place", "renderings": "{}", "note": ""}
    response = client.post(add, {**fields, "term": "Y Tý", "do_not_translate": "on"})
    assert response.status_code == 302
    assert GlossaryTerm.objects.get(term="Y Tý").term_folded == "y ty"

    response = client.post(add, {**fields, "term": "SA PA"}, follow=True)
    assert "Bảng thuật ngữ đã có “SA PA”." in response.content.decode()
    response = client.post(add, {**fields, "term": "Bát Xát", "renderings": '{"fr": "x"}'})
    assert GlossaryTerm.objects.count() == 2

    change = reverse("admin:lingo_glossaryterm_change", args=[sa_pa.pk])
    client.post(change, {**fields, "term": "Sa Pa", "renderings": '{"en": " Sa Pa town "}'})
    sa_pa.refresh_from_db()
    assert sa_pa.renderings == {"en": "Sa Pa town"} and not sa_pa.do_not_translate
