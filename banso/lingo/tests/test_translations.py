"""Translations follow their source, are filled from the memory, reviewed by the right people,
and shown in the visitor's language with a mark where they are not reviewed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation as django_translation

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.lingo.memory import memory_fuzzy
from banso.lingo.models import MemoryUnit, Translation, TranslationOrigin, TranslationState
from banso.lingo.selectors import (
    translated,
    translation_counts,
    translations_for_reviewer,
    translations_prefetch,
    translations_to_review,
)
from banso.lingo.services import translation_review, translations_fill
from banso.orgs.services import membership_set, organisation_update

STORY = "Hợp tác xã trồng quýt trên đồi. Quả chín vào tháng mười một."


def _rows(organisation):
    return {
        row.language: row
        for row in Translation.objects.filter(object_id=organisation.pk, field="description")
    }


@pytest.fixture
def described(coop, superuser):
    return organisation_update(actor=superuser, organisation=coop, description=STORY)


def test_a_new_text_waits_in_every_other_language_and_shows_the_source_marked(described):
    rows = _rows(described)
    assert set(rows) == {"en", "zh-hans"}
    assert {row.state for row in rows.values()} == {TranslationState.WAITING}
    assert rows["en"].organisation_id == described.pk
    assert rows["en"].unit_path == described.unit.path
    shown = translated(described, "description", language="en")
    assert (shown.text, shown.language, shown.status) == (STORY, "vi", "missing")
    assert translated(described, "description", language="vi").status == "source"


def test_a_reviewed_translation_is_shown_and_remembered_sentence_by_sentence(
    described, coop_member
):
    row = _rows(described)["en"]
    english = "The co-operative grows mandarins on the hills. The fruit ripens in November."
    translation_review(actor=coop_member, translation=row, action="accept", text=english)
    row.refresh_from_db()
    assert row.state == TranslationState.REVIEWED
    assert row.origin == TranslationOrigin.PERSON
    assert row.reviewed_by == coop_member
    shown = translated(described, "description", language="en")
    assert (shown.text, shown.language, shown.status) == (english, "en", "reviewed")
    remembered = dict(
        MemoryUnit.objects.filter(target_language="en").values_list("source_text", "target_text")
    )
    assert remembered == {
        "Hợp tác xã trồng quýt trên đồi.": "The co-operative grows mandarins on the hills.",
        "Quả chín vào tháng mười một.": "The fruit ripens in November.",
    }


def test_editing_the_source_makes_a_reviewed_translation_stale_but_still_shown(
    described, coop_member, superuser
):
    english = "The co-operative grows mandarins on the hills. The fruit ripens in November."
    translation_review(
        actor=coop_member, translation=_rows(described)["en"], action="accept", text=english
    )
    changed = organisation_update(
        actor=superuser,
        organisation=described,
        description="Hợp tác xã trồng quýt trên đồi. Quả chín vào tháng mười hai.",
    )
    rows = _rows(changed)
    translations_fill(ids=[row.pk for row in rows.values()])  # no engine: the memory only
    rows = _rows(changed)
    assert rows["en"].state == TranslationState.STALE
    assert rows["en"].text == english
    assert rows["en"].text_source == STORY
    shown = translated(changed, "description", language="en")
    assert (shown.text, shown.status) == (english, "stale")
    assert rows["zh-hans"].state == TranslationState.WAITING
    assert translated(changed, "description", language="zh-hans").status == "missing"
    # Reviewed again, it is current.
    translation_review(
        actor=coop_member,
        translation=rows["en"],
        action="accept",
        text="The co-operative grows mandarins on the hills. The fruit ripens in December.",
    )
    fresh = type(changed).objects.get(pk=changed.pk)
    assert translated(fresh, "description", language="en").status == "reviewed"


def test_a_text_the_memory_knows_sentence_by_sentence_is_translated_at_once(
    described, coop_member, superuser, other_coop
):
    english = "The co-operative grows mandarins on the hills. The fruit ripens in November."
    translation_review(
        actor=coop_member, translation=_rows(described)["en"], action="accept", text=english
    )
    other = organisation_update(
        actor=superuser,
        organisation=other_coop,
        description="Quả chín vào tháng mười một.\nHợp tác xã trồng quýt trên đồi.",
    )
    rows = _rows(other)
    assert translations_fill(ids=[row.pk for row in rows.values()]) == 1
    rows = _rows(other)
    assert rows["en"].state == TranslationState.REVIEWED
    assert rows["en"].origin == TranslationOrigin.MEMORY
    assert rows["en"].text == (
        "The fruit ripens in November.\nThe co-operative grows mandarins on the hills."
    )
    assert rows["zh-hans"].state == TranslationState.WAITING
    # Filling twice changes nothing.
    assert translations_fill(ids=[row.pk for row in rows.values()]) == 0


def test_an_emptied_text_loses_its_translations(described, superuser):
    assert _rows(described)
    organisation_update(actor=superuser, organisation=described, description="  ")
    assert _rows(described) == {}


def test_the_memory_offers_similar_sentences_from_75_percent_with_their_score(db):
    from banso.lingo.memory import memory_remember

    memory_remember(
        pairs=[
            ("Quả chín vào tháng mười một.", "The fruit ripens in November."),
            ("Chè được hái bằng tay.", "The tea is picked by hand."),
        ],
        source="vi",
        target="en",
    )
    found = memory_fuzzy("Quả chín vào tháng mười hai.", source="vi", target="en")
    assert [match.target_text for match in found] == ["The fruit ripens in November."]
    assert 75 <= found[0].score < 100
    assert memory_fuzzy("Hoàn toàn khác hẳn nhau.", source="vi", target="en") == []
    # A unit remembered afterwards is found by the same process.
    memory_remember(
        pairs=[("Hoàn toàn khác hẳn nhau!", "Completely different!")], source="vi", target="en"
    )
    found = memory_fuzzy("Hoàn toàn khác hẳn nhau.", source="vi", target="en")
    assert [match.target_text for match in found] == ["Completely different!"]


def test_only_the_organisations_people_and_the_provinces_translators_review(
    described, coop_member, other_coop_member, make_user, superuser, lao_cai
):
    row = _rows(described)["en"]
    with pytest.raises(PermissionDenied):
        translation_review(actor=other_coop_member, translation=row, action="accept", text="x")
    row.refresh_from_db()
    assert row.state == TranslationState.WAITING
    assert not translations_for_reviewer(other_coop_member).exists()

    translator = make_user("Phiên dịch viên")
    role_grant(user=translator, role=PlaceRole.TRANSLATOR, unit=lao_cai)
    assert set(translations_to_review(translator)) == set(_rows(described).values())

    member_translator = make_user("Thông dịch của hợp tác xã")
    membership_set(
        actor=superuser, organisation=described, user=member_translator, role="translator"
    )
    assert translations_for_reviewer(member_translator).count() == 2
    translation_review(actor=member_translator, translation=row, action="accept", text="Story.")
    # A translator reviews, and changes nothing else of the organisation.
    assert not member_translator.has_perm("orgs.change_organisation", described)


def test_rejecting_an_unreviewed_machine_text_takes_it_off_the_page(described, coop_member):
    row = _rows(described)["en"]
    Translation.objects.filter(pk=row.pk).update(
        text="Machine words.", state=TranslationState.MACHINE, origin=TranslationOrigin.MACHINE
    )
    assert translated(described, "description", language="en").status == "machine"
    translation_review(actor=coop_member, translation=row, action="reject")
    row.refresh_from_db()
    assert (row.state, row.text) == (TranslationState.WAITING, "")
    fresh = type(described).objects.get(pk=described.pk)
    assert translated(fresh, "description", language="en").status == "missing"


def test_counts_per_language_and_state(described, coop_member):
    translation_review(
        actor=coop_member, translation=_rows(described)["en"], action="accept", text="Story."
    )
    counts = translation_counts(translations_for_reviewer(coop_member))
    assert counts == {"en": {"reviewed": 1}, "zh-hans": {"waiting": 1}}


def test_a_list_reads_its_translations_in_one_query(
    described, other_coop, superuser, django_assert_num_queries
):
    other = organisation_update(actor=superuser, organisation=other_coop, description="Mận.")
    with django_translation.override("en"):
        with django_assert_num_queries(1):
            translations_prefetch([described, other])
        with django_assert_num_queries(0):
            assert translated(described, "description").status == "missing"
            assert translated(other, "description").text == "Mận."


def test_a_deleted_source_loses_its_translations(described):
    assert _rows(described)
    type(described).objects.filter(pk=described.pk).delete()
    assert _rows(described) == {}


def test_rows_of_models_without_translations_are_deleted_in_one_query(db):
    """The receiver that forgets translations listens to the registered models only: Django
    deletes other rows without loading them first."""
    from django.db.models.deletion import Collector

    assert Collector(using="default").can_fast_delete(MemoryUnit.objects.all())
