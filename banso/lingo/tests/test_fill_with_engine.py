"""Filling translations through a real LibreTranslate-compatible server on 127.0.0.1: machine
output shown and marked, output that mangles a protected name held for a person, a reviewed
text kept while its new proposal waits, and an engine that is down breaking nothing."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation as django_translation

from banso.lingo.glossary import glossary_changed
from banso.lingo.models import GlossaryTerm, Translation, TranslationOrigin, TranslationState
from banso.lingo.selectors import translated
from banso.lingo.services import translation_review, translations_fill
from banso.lingo.tests.libretranslate_server import TABLE, LibreTranslateServer
from banso.orgs.services import organisation_update


@pytest.fixture
def engine(settings):
    running = LibreTranslateServer().start()
    settings.TRANSLATION_ENGINE = "libretranslate"
    settings.LIBRETRANSLATE_URL = running.url
    settings.TRANSLATION_TIMEOUT_SECONDS = 1
    settings.TRANSLATION_RETRIES = 1
    yield running
    running.stop()


def _fill(organisation) -> dict[str, Translation]:
    rows = Translation.objects.filter(object_id=organisation.pk, field="description")
    translations_fill(ids=[row.pk for row in rows])
    return {row.language: row for row in rows.all()}


def _fresh(organisation):
    return type(organisation).objects.get(pk=organisation.pk)


def test_machine_output_is_shown_marked_as_machine_translation(engine, coop, superuser):
    organisation_update(actor=superuser, organisation=coop, description="Chè Shan tuyết cổ thụ")
    rows = _fill(coop)
    assert (rows["en"].state, rows["en"].text) == (
        TranslationState.MACHINE,
        "Ancient Shan Tuyet tea",
    )
    assert rows["en"].engine == "libretranslate"
    assert rows["zh-hans"].text == "古树雪山茶"
    shown = translated(_fresh(coop), "description", language="en")
    assert (shown.text, shown.status) == ("Ancient Shan Tuyet tea", "machine")
    assert [request.body["q"] for request in engine.requests_to("/translate")] == [
        ["Chè Shan tuyết cổ thụ"],
        ["Chè Shan tuyết cổ thụ"],
    ]


def test_output_that_drops_a_protected_name_waits_for_a_person(
    engine, coop, superuser, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(TABLE["en"], "Đường lên Sa Pa.", "The road to Sand Pa.")
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryTerm.objects.create(
            term="Sa Pa", term_folded="sa pa", kind="place", do_not_translate=True
        )
        glossary_changed()
    organisation_update(actor=superuser, organisation=coop, description="Đường lên Sa Pa.")
    english = _fill(coop)["en"]
    assert english.state == TranslationState.WAITING
    assert english.text == ""
    assert english.suggestion == "The road to Sand Pa."
    assert english.flags == [{"term": "Sa Pa", "expected": "Sa Pa"}]
    assert translated(_fresh(coop), "description", language="en").status == "missing"


def test_a_reviewed_text_stays_while_the_machine_proposal_for_the_new_source_waits(
    engine, coop, superuser, coop_member
):
    organisation_update(actor=superuser, organisation=coop, description="Mận hậu Bắc Hà")
    english = _fill(coop)["en"]
    translation_review(actor=coop_member, translation=english, action="accept", text="Bắc Hà plums")
    organisation_update(actor=superuser, organisation=coop, description="Chè Shan tuyết cổ thụ")
    english = _fill(coop)["en"]
    assert english.state == TranslationState.STALE
    assert english.text == "Bắc Hà plums"
    assert english.suggestion == "Ancient Shan Tuyet tea"
    assert english.suggestion_origin == TranslationOrigin.MACHINE
    assert translated(_fresh(coop), "description", language="en").status == "stale"


def test_with_the_engine_down_saving_and_the_page_still_work(
    engine, coop, superuser, client, run_worker
):
    engine.stop()
    organisation_update(actor=superuser, organisation=coop, description="Mận hậu Bắc Hà")
    run_worker()  # the real worker runs the fill task: the engine's failure ends there
    english = Translation.objects.get(object_id=coop.pk, field="description", language="en")
    assert english.state == TranslationState.WAITING
    assert english.filled_hash == ""  # to be asked again once the engine is back
    with django_translation.override("en"):
        url = reverse("orgs:organisation-detail", args=[coop.slug])
    client.cookies["banso_language"] = "en"
    page = client.get(url)
    assert page.status_code == 200
    assert "Mận hậu Bắc Hà" in page.content.decode()


def test_translations_the_engine_could_not_answer_are_asked_again_once_it_is_back(
    engine, coop, superuser, settings
):
    from django_tasks_db.models import DBTaskResult

    from banso.lingo.services import translations_unfilled_enqueue

    engine.stop()
    organisation_update(actor=superuser, organisation=coop, description="Mận hậu Bắc Hà")
    english = _fill(coop)["en"]
    assert english.filled_hash == ""  # not given up: asked again later
    assert translations_unfilled_enqueue() == 0  # not before five minutes
    Translation.objects.filter(object_id=coop.pk).update(
        updated_at=english.updated_at - datetime.timedelta(minutes=6)
    )
    queued = DBTaskResult.objects.count()
    assert translations_unfilled_enqueue() == 2
    assert DBTaskResult.objects.count() == queued + 1
    back = LibreTranslateServer().start()
    settings.LIBRETRANSLATE_URL = back.url
    try:
        rows = _fill(coop)
    finally:
        back.stop()
    assert (rows["en"].state, rows["en"].text) == (TranslationState.MACHINE, "Bac Ha plums")


def test_with_the_engine_down_a_product_is_saved_and_its_page_shows_the_story_marked(
    engine, product, coop_member, client, run_worker
):
    from banso.trace.services.products import product_update

    engine.stop()
    product_update(actor=coop_member, product=product, description="Chè Shan tuyết cổ thụ")
    run_worker()
    english = Translation.objects.get(
        content_type=ContentType.objects.get_for_model(product),
        object_id=product.pk,
        field="description",
        language="en",
    )
    assert english.state == TranslationState.WAITING
    page = client.get(f"/t/{product.gtin}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<p id="product-description" lang="vi">Chè Shan tuyết cổ thụ</p>' in html
    assert "Not yet translated: shown in Vietnamese." in html
