"""The reviewer's queue as an XLIFF 2.0 file and back: targets become reviewed translations,
units whose source changed are skipped, and a broken or hostile file writes nothing."""

import pytest
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation as django_translation

from banso.lingo.models import MemoryUnit, Translation, TranslationState
from banso.lingo.tests.review_makers import PLUM, described, province_translator, rows_of
from banso.lingo.xliff import NAMESPACE

NS = {"x": NAMESPACE}
ENGLISH = "The co-operative grows mandarins on the hills. The fruit ripens in November."


@pytest.fixture
def translator(make_user, lao_cai):
    return province_translator(make_user, lao_cai)


@pytest.fixture
def story(coop, superuser):
    return described(coop, actor=superuser)


def _url(name: str) -> str:
    with django_translation.override("vi"):
        return reverse(name)


def _export(client, language: str = "en") -> bytes:
    response = client.get(_url("lingo:export-xliff"), {"language": language})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xliff+xml"
    return response.content


def _upload(client, content: bytes, name: str = "reviewed.xlf"):
    return client.post(
        _url("lingo:exchange"), {"file": SimpleUploadedFile(name, content, "application/xml")}
    )


def _fill(content: bytes, targets: dict[str, str]) -> bytes:
    """The exported document with ``targets`` (by unit id) written, as a CAT tool would."""
    import xml.etree.ElementTree as ElementTree

    ElementTree.register_namespace("", NAMESPACE)
    root = fromstring(content)
    for unit in root.iterfind(".//x:unit", NS):
        if unit.get("id") in targets:
            unit.find("x:segment/x:target", NS).text = targets[unit.get("id")]
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def test_the_export_is_one_xliff_2_file_of_the_reviewers_queue(client, story, translator):
    rows = rows_of(story)
    client.force_login(translator)
    root = fromstring(_export(client))
    assert root.tag == f"{{{NAMESPACE}}}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "vi", "en")
    assert len(root.findall("x:file", NS)) == 1
    units = root.findall("x:file/x:unit", NS)
    assert [unit.get("id") for unit in units] == [f"t{rows['en'].pk}"]
    assert units[0].find("x:segment/x:source", NS).text == story.description


def test_a_reviewed_file_comes_back_as_reviewed_translations(client, story, translator):
    row = rows_of(story)["en"]
    client.force_login(translator)
    filled = _fill(_export(client), {f"t{row.pk}": ENGLISH})
    response = _upload(client, filled)
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.accepted, result.stale, result.not_allowed, result.empty) == (1, 0, 0, 0)
    fresh = Translation.objects.get(pk=row.pk)
    assert (fresh.state, fresh.text, fresh.reviewed_by) == (
        TranslationState.REVIEWED,
        ENGLISH,
        translator,
    )
    assert MemoryUnit.objects.filter(target_text="The fruit ripens in November.").exists()


def test_a_unit_whose_source_changed_since_the_export_is_skipped(
    client, story, translator, superuser, other_coop
):
    plum = described(other_coop, actor=superuser, text=PLUM)
    row, plum_row = rows_of(story)["en"], rows_of(plum)["en"]
    client.force_login(translator)
    exported = _export(client)
    described(story, actor=superuser, text="Quả chín vào tháng mười hai.")
    filled = _fill(
        exported, {f"t{row.pk}": ENGLISH, f"t{plum_row.pk}": "Tam Hoa plums ripen in May."}
    )
    result = _upload(client, filled).context["result"]
    assert (result.accepted, result.stale) == (1, 1)
    assert Translation.objects.get(pk=row.pk).text == ""
    assert Translation.objects.get(pk=plum_row.pk).state == TranslationState.REVIEWED


def test_units_the_person_may_not_review_and_empty_ones_are_counted_not_written(
    client, story, superuser, other_coop, other_coop_member
):
    plum = described(other_coop, actor=superuser, text=PLUM)
    row, plum_row = rows_of(story)["en"], rows_of(plum)["en"]
    client.force_login(superuser)
    every = _export(client)
    client.force_login(other_coop_member)
    filled = _fill(every, {f"t{row.pk}": ENGLISH, f"t{plum_row.pk}": ""})
    result = _upload(client, filled).context["result"]
    assert (result.accepted, result.not_allowed, result.empty) == (0, 1, 1)
    assert Translation.objects.get(pk=row.pk).state == TranslationState.WAITING


BROKEN = {
    "malformed": b'<?xml version="1.0"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"',
    "entities": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="vi" '
        b'trgLang="en"><file id="f"><unit id="t1"><segment><source>&a;</source>'
        b"<target>&a;</target></segment></unit></file></xliff>"
    ),
    "version 1.2": (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file/></xliff>'
    ),
    "foreign unit": (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="vi" '
        b'trgLang="en"><file id="f"><unit id="u1"><segment><source>a</source>'
        b"<target>b</target></segment></unit></file></xliff>"
    ),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_or_hostile_file_is_refused_and_writes_nothing(client, story, translator, kind):
    row = rows_of(story)["en"]
    client.force_login(translator)
    content = BROKEN[kind].replace(b"t1", f"t{row.pk}".encode())
    with django_translation.override("vi"):
        response = _upload(client, content)
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert Translation.objects.get(pk=row.pk).state == TranslationState.WAITING
    assert not MemoryUnit.objects.exists()


def test_a_refusal_reads_in_the_persons_language(client, story, translator):
    client.force_login(translator)
    with django_translation.override("vi"):
        response = _upload(client, BROKEN["version 1.2"])
    assert "Tệp này không phải tài liệu XLIFF 2.0" in response.content.decode()


def test_the_exchange_page_is_for_translators_only(client, story, make_user):
    client.force_login(make_user("Người dân"))
    assert client.get(_url("lingo:exchange")).status_code == 403
    assert client.get(_url("lingo:export-xliff")).status_code == 403
