"""The glossary's services: who keeps it, one term per folded spelling, renderings only in the
site's languages, and the check of translations seeing a change at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.lingo.demo import glossary_demo_seed
from banso.lingo.glossary import (
    GlossaryTermData,
    glossary_check,
    glossary_term_create,
    glossary_term_delete,
    glossary_term_update,
    glossary_terms_search,
)
from banso.lingo.models import GlossaryTerm

SA_PA = GlossaryTermData(term="Sa Pa", kind="place", do_not_translate=True)


@pytest.fixture
def translator(make_user, lao_cai):
    user = make_user("Hoàng Minh Châu")
    role_grant(user=user, role=PlaceRole.TRANSLATOR, unit=lao_cai)
    return user


@pytest.fixture
def bac_ha_term(superuser):
    return glossary_term_create(
        actor=superuser,
        data=GlossaryTermData(term="Bắc Hà", kind="place", do_not_translate=True),
    )


@pytest.mark.parametrize("who", ["anonymous", "commune_officer", "coop_member"])
def test_people_who_do_not_keep_the_glossary_change_nothing(request, who, bac_ha_term):
    from django.contrib.auth.models import AnonymousUser

    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        glossary_term_create(actor=actor, data=SA_PA)
    with pytest.raises(PermissionDenied):
        glossary_term_update(
            actor=actor,
            term=bac_ha_term,
            data=GlossaryTermData(term="Bắc Hà", kind="place", renderings={"en": "Bac Ha"}),
        )
    with pytest.raises(PermissionDenied):
        glossary_term_delete(actor=actor, term=bac_ha_term)
    bac_ha_term.refresh_from_db()
    assert bac_ha_term.renderings == {}
    assert list(GlossaryTerm.objects.values_list("term", flat=True)) == ["Bắc Hà"]


@pytest.mark.parametrize("who", ["province_officer", "translator"])
def test_province_officers_and_translators_keep_the_glossary(request, who, bac_ha_term):
    actor = request.getfixturevalue(who)
    created = glossary_term_create(actor=actor, data=SA_PA)
    assert created.term_folded == "sa pa"
    glossary_term_update(
        actor=actor,
        term=bac_ha_term,
        data=GlossaryTermData(
            term="Bắc Hà", kind="place", renderings={"zh-hans": " 北河 ", "en": "  "}
        ),
    )
    bac_ha_term.refresh_from_db()
    assert bac_ha_term.renderings == {"zh-hans": "北河"}  # stripped, the empty one dropped
    glossary_term_delete(actor=actor, term=created)
    assert not GlossaryTerm.objects.filter(term_folded="sa pa").exists()


def test_two_spellings_of_one_term_are_one_term_refused_in_vietnamese(province_officer):
    glossary_term_create(actor=province_officer, data=SA_PA)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        glossary_term_create(
            actor=province_officer,
            data=GlossaryTermData(term="  SA   pa ", kind="place"),
        )
    assert refused.value.message_dict["term"] == ["Bảng thuật ngữ đã có “SA pa”."]
    assert GlossaryTerm.objects.count() == 1


def test_a_rendering_in_a_language_the_site_does_not_have_is_refused(province_officer):
    with pytest.raises(ValidationError) as refused:
        glossary_term_create(
            actor=province_officer,
            data=GlossaryTermData(term="Sa Pa", kind="place", renderings={"fr": "Sapa"}),
        )
    assert "renderings" in refused.value.message_dict
    with pytest.raises(ValidationError):  # nor the source language itself
        glossary_term_create(
            actor=province_officer,
            data=GlossaryTermData(term="Sa Pa", kind="place", renderings={"vi": "Sa Pa"}),
        )
    assert not GlossaryTerm.objects.exists()


def test_a_term_needs_words_and_a_known_kind(province_officer):
    with pytest.raises(ValidationError) as refused:
        glossary_term_create(
            actor=province_officer, data=GlossaryTermData(term=" - ", kind="place")
        )
    assert "term" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        glossary_term_create(
            actor=province_officer, data=GlossaryTermData(term="Sa Pa", kind="river")
        )
    assert "kind" in refused.value.message_dict


def test_the_check_of_translations_sees_a_new_term_in_the_same_process(
    province_officer, django_capture_on_commit_callbacks
):
    source, english = "Chợ phiên Bắc Hà họp sáng Chủ nhật.", "The Bac Ha market opens on Sunday."
    assert glossary_check(source, english, language="en") == []  # read before the change
    with django_capture_on_commit_callbacks(execute=True):
        glossary_term_create(
            actor=province_officer,
            data=GlossaryTermData(term="Bắc Hà", kind="place", do_not_translate=True),
        )
    missing = glossary_check(source, english, language="en")
    assert [(hit.term, hit.expected) for hit in missing] == [("Bắc Hà", "Bắc Hà")]
    with django_capture_on_commit_callbacks(execute=True):
        glossary_term_delete(actor=province_officer, term=GlossaryTerm.objects.get())
    assert glossary_check(source, english, language="en") == []


def test_search_is_by_folded_words_and_kind(province_officer):
    for data in (
        SA_PA,
        GlossaryTermData(term="H'Mông", kind="ethnic_group", do_not_translate=True),
        GlossaryTermData(term="Mận tam hoa", kind="product", renderings={"en": "Tam Hoa plum"}),
    ):
        glossary_term_create(actor=province_officer, data=data)

    def found(**search) -> list[str]:
        return [term.term for term in glossary_terms_search(**search)]

    assert found(query="SAPA") == ["Sa Pa"]
    assert found(query="hmong") == ["H'Mông"]
    assert found(query="man tam") == ["Mận tam hoa"]
    assert found(query="plum") == ["Mận tam hoa"]
    assert found(kind="place") == ["Sa Pa"]
    assert found(query="sa pa", kind="product") == []


def test_the_demo_seed_holds_the_province_names_and_seeding_twice_changes_nothing(db):
    count = glossary_demo_seed()
    assert GlossaryTerm.objects.count() == count
    sa_pa = GlossaryTerm.objects.get(term_folded="sa pa")
    assert sa_pa.term == "Sa Pa" and sa_pa.do_not_translate
    assert sa_pa.rendering("en") == "Sa Pa"
    before = dict(GlossaryTerm.objects.values_list("term_folded", "updated_at"))
    assert glossary_demo_seed() == count
    assert GlossaryTerm.objects.count() == count
    assert set(GlossaryTerm.objects.values_list("term_folded", flat=True)) == set(before)
    plum = GlossaryTerm.objects.get(term_folded="man tam hoa")
    assert plum.rendering("en") == "Tam Hoa plum" and not plum.do_not_translate
