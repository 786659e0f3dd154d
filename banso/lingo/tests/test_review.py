"""The review pages: the queue is scoped to what the person may review, a decision goes
through the service (a denied one changes nothing), and the page shows what helps decide."""

import pytest
from django.urls import reverse
from django.utils import translation as django_translation

from banso.lingo.glossary import glossary_changed
from banso.lingo.memory import memory_remember
from banso.lingo.models import (
    GlossaryTerm,
    MemoryUnit,
    Translation,
    TranslationOrigin,
    TranslationState,
)
from banso.lingo.tests.review_makers import (
    PLUM,
    STORY,
    described,
    province_translator,
    rows_of,
)

ENGLISH = "The co-operative grows mandarins on the hills. The fruit ripens in November."


@pytest.fixture
def story(coop, superuser):
    return described(coop, actor=superuser)


@pytest.fixture
def plum(other_coop, superuser):
    return described(other_coop, actor=superuser, text=PLUM)


@pytest.fixture
def translator(make_user, lao_cai):
    return province_translator(make_user, lao_cai)


def _url(name: str, **kwargs) -> str:
    with django_translation.override("vi"):
        return reverse(name, kwargs=kwargs or None)


def _queue_ids(client) -> set[int]:
    response = client.get(_url("lingo:queue"))
    assert response.status_code == 200
    return {row.pk for row, _subject in response.context["items"]}


# The queue ----------------------------------------------------------------------------------


def test_the_provinces_translator_sees_every_text_of_the_province(client, story, plum, translator):
    client.force_login(translator)
    expected = {row.pk for row in [*rows_of(story).values(), *rows_of(plum).values()]}
    assert len(expected) == 4
    assert _queue_ids(client) == expected


def test_another_organisations_owner_sees_none_of_this_ones(client, story, plum, other_coop_member):
    client.force_login(other_coop_member)
    ids = _queue_ids(client)
    assert ids == {row.pk for row in rows_of(plum).values()}
    assert not ids & {row.pk for row in rows_of(story).values()}


def test_the_queue_asks_a_visitor_to_sign_in(client, story):
    response = client.get(_url("lingo:queue"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_queue_filters_by_language_and_state_and_counts_per_language(
    client, story, coop_member
):
    rows = rows_of(story)
    Translation.objects.filter(pk=rows["en"].pk).update(
        state=TranslationState.MACHINE, text="Machine words.", origin=TranslationOrigin.MACHINE
    )
    client.force_login(coop_member)
    response = client.get(_url("lingo:queue"), {"language": "en"})
    assert [row.pk for row, _s in response.context["items"]] == [rows["en"].pk]
    response = client.get(_url("lingo:queue"), {"state": "waiting"})
    assert [row.pk for row, _s in response.context["items"]] == [rows["zh-hans"].pk]
    counts = dict(response.context["counts"])
    assert counts["English"] == [0, 1, 0, 0]
    assert counts["简体中文"] == [1, 0, 0, 0]
    body = response.content.decode()
    assert "Hợp tác xã Quýt Mường Khương" in body


def test_the_queue_reads_a_page_in_a_fixed_number_of_queries(
    client, coop, other_coop, superuser, translator, django_assert_num_queries
):
    described(coop, actor=superuser)
    described(other_coop, actor=superuser, text=PLUM)
    client.force_login(translator)
    client.get(_url("lingo:queue"))  # sessions, content types and the like are cached
    # session, user, the translator's role scope (2), counts, page count, page rows,
    # the organisations of the page.
    with django_assert_num_queries(8):
        first = client.get(_url("lingo:queue"))
    assert len(first.context["items"]) == 4


# Deciding -----------------------------------------------------------------------------------


def _post(client, row, **data):
    return client.post(_url("lingo:review", pk=row.pk), data)


@pytest.mark.parametrize("who", ["anonymous", "other_coop_member"])
def test_a_denied_decision_changes_nothing(client, story, other_coop_member, who):
    row = rows_of(story)["en"]
    if who != "anonymous":
        client.force_login(other_coop_member)
    response = _post(client, row, action="accept", text=ENGLISH)
    assert response.status_code == (302 if who == "anonymous" else 403)
    if who == "anonymous":
        assert reverse("accounts:login") in response["Location"]
    fresh = Translation.objects.get(pk=row.pk)
    assert (fresh.state, fresh.text, fresh.updated_at) == (
        TranslationState.WAITING,
        "",
        row.updated_at,
    )
    assert not MemoryUnit.objects.exists()
    # Nor may they see the page.
    assert client.get(_url("lingo:review", pk=row.pk)).status_code in (302, 403)


def test_the_rightful_owner_accepts_an_edited_text_and_its_sentences_are_remembered(
    client, story, coop_member
):
    rows = rows_of(story)
    Translation.objects.filter(pk=rows["en"].pk).update(
        suggestion="The co-op grows mandarins. Fruit in November.",
        suggestion_origin=TranslationOrigin.MACHINE,
        suggestion_hash=rows["en"].source_hash,
    )
    client.force_login(coop_member)
    page = client.get(_url("lingo:review", pk=rows["en"].pk))
    assert "The co-op grows mandarins. Fruit in November." in page.content.decode()
    response = _post(client, rows["en"], action="accept", text=ENGLISH)
    fresh = Translation.objects.get(pk=rows["en"].pk)
    assert (fresh.state, fresh.text, fresh.origin) == (
        TranslationState.REVIEWED,
        ENGLISH,
        TranslationOrigin.PERSON,
    )
    assert fresh.reviewed_by == coop_member
    assert dict(MemoryUnit.objects.values_list("source_text", "target_text")) == {
        "Hợp tác xã trồng quýt trên đồi.": "The co-operative grows mandarins on the hills.",
        "Quả chín vào tháng mười một.": "The fruit ripens in November.",
    }
    # On to the next item of the queue: the Chinese one.
    assert response.status_code == 302
    assert response["Location"] == _url("lingo:review", pk=rows["zh-hans"].pk)


def test_rejecting_takes_the_proposal_away_and_moves_on(client, story, coop_member):
    rows = rows_of(story)
    Translation.objects.filter(pk=rows["en"].pk).update(
        text="Machine words.",
        text_folded="machine words.",
        state=TranslationState.MACHINE,
        origin=TranslationOrigin.MACHINE,
    )
    client.force_login(coop_member)
    response = _post(client, rows["en"], action="reject", text="ignored")
    fresh = Translation.objects.get(pk=rows["en"].pk)
    assert (fresh.state, fresh.text) == (TranslationState.WAITING, "")
    assert response["Location"] == _url("lingo:review", pk=rows["zh-hans"].pk)
    assert not MemoryUnit.objects.exists()


def test_accepting_nothing_is_refused_in_the_persons_language(client, story, coop_member):
    row = rows_of(story)["en"]
    client.force_login(coop_member)
    with django_translation.override("vi"):
        response = _post(client, row, action="accept", text="   ")
    assert response.status_code == 400
    assert "Hãy viết bản dịch trước khi chấp nhận." in response.content.decode()
    assert Translation.objects.get(pk=row.pk).state == TranslationState.WAITING


def test_the_last_item_leads_back_to_the_queue(client, story, coop_member):
    rows = rows_of(story)
    client.force_login(coop_member)
    _post(client, rows["en"], action="accept", text=ENGLISH, language="en")
    assert Translation.objects.get(pk=rows["en"].pk).state == TranslationState.REVIEWED
    response = _post(client, rows["zh-hans"], action="accept", text="合作社在山上种橘子。")
    assert response["Location"] == _url("lingo:queue")


# What helps decide --------------------------------------------------------------------------


def test_the_page_shows_memory_matches_with_their_score_from_75(client, story, coop_member):
    memory_remember(
        pairs=[
            ("Quả chín vào tháng mười hai.", "The fruit ripens in December."),
            ("Hợp tác xã trồng quýt trên đồi.", "The co-operative grows mandarins on the hills."),
            ("Chè được hái bằng tay vào buổi sáng.", "The tea is picked by hand in the morning."),
        ],
        source="vi",
        target="en",
    )
    client.force_login(coop_member)
    response = client.get(_url("lingo:review", pk=rows_of(story)["en"].pk))
    sentences = {item.sentence: item.matches for item in response.context["sentences"]}
    exact = sentences["Hợp tác xã trồng quýt trên đồi."]
    assert [(m.score, m.target_text) for m in exact] == [
        (100.0, "The co-operative grows mandarins on the hills.")
    ]
    fuzzy = sentences["Quả chín vào tháng mười một."]
    assert [m.target_text for m in fuzzy] == ["The fruit ripens in December."]
    assert 75 <= fuzzy[0].score < 100
    body = response.content.decode()
    assert "100 %" in body
    assert f"{fuzzy[0].score:.0f} %" in body
    assert "The tea is picked by hand in the morning." not in body


def test_the_page_shows_glossary_terms_and_flags_a_dropped_one(
    client, plum, other_coop_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryTerm.objects.create(
            term="Mận Tam Hoa",
            term_folded="man tam hoa",
            kind="product",
            renderings={"en": "Tam Hoa plum"},
        )
        glossary_changed()
    row = rows_of(plum)["en"]
    Translation.objects.filter(pk=row.pk).update(
        suggestion="The three-flower plum ripens in May.",
        suggestion_origin=TranslationOrigin.MACHINE,
        suggestion_hash=row.source_hash,
    )
    client.force_login(other_coop_member)
    response = client.get(_url("lingo:review", pk=row.pk))
    glossary = response.context["glossary"]
    assert [(hit.term, hit.expected, hit.is_missing) for hit in glossary] == [
        ("Mận Tam Hoa", "Tam Hoa plum", True)
    ]
    body = response.content.decode()
    assert "Tam Hoa plum" in body and "lingo-missing" in body


def test_a_stale_translation_shows_the_source_it_was_made_for(
    client, story, coop_member, superuser
):
    from banso.lingo.services import translation_review

    translation_review(
        actor=coop_member, translation=rows_of(story)["en"], action="accept", text=ENGLISH
    )
    changed = described(story, actor=superuser, text="Quả chín vào tháng mười hai.")
    row = rows_of(changed)["en"]
    assert row.state == TranslationState.STALE
    client.force_login(coop_member)
    response = client.get(_url("lingo:review", pk=row.pk))
    assert response.context["is_stale"]
    body = response.content.decode()
    assert 'id="previous-source"' in body and STORY in body
    assert ENGLISH in body  # the text shown, prefilled to correct


# The content owner's page and the account page ----------------------------------------------


def test_the_owner_sees_which_of_their_texts_wait_per_language(
    client, story, plum, coop_member, translator
):
    from banso.lingo.services import translation_review

    translation_review(
        actor=coop_member, translation=rows_of(story)["en"], action="accept", text=ENGLISH
    )
    client.force_login(coop_member)
    response = client.get(_url("lingo:own-texts"))
    assert [row.pk for row, _s in response.context["items"]] == [rows_of(story)["zh-hans"].pk]
    # A province translator belongs to no organisation: the page is not theirs.
    client.force_login(translator)
    assert client.get(_url("lingo:own-texts")).status_code == 403


def test_the_account_page_links_the_queue_for_translators_only(
    client, story, coop_member, translator, make_user
):
    queue, own = _url("lingo:queue"), _url("lingo:own-texts")
    client.force_login(coop_member)
    body = client.get(_url("accounts:profile")).content.decode()
    assert f'href="{queue}"' in body and f'href="{own}"' in body
    client.force_login(translator)
    body = client.get(_url("accounts:profile")).content.decode()
    assert f'href="{queue}"' in body and f'href="{own}"' not in body
    client.force_login(make_user("Người dân"))
    body = client.get(_url("accounts:profile")).content.decode()
    assert f'href="{queue}"' not in body
