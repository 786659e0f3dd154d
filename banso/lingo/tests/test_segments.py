from hypothesis import given
from hypothesis import strategies as st

from banso.lingo.glossary import glossary_changed, glossary_check
from banso.lingo.models import GlossaryTerm
from banso.lingo.segments import segments_join, segments_split


def test_a_text_is_cut_into_sentences_and_keeps_its_paragraphs():
    text = "Chè ngon. Hái tay!\n\nSa Pa lạnh… Mùa đông có tuyết?"
    pairs = segments_split(text)
    assert [sentence for sentence, _sep in pairs] == [
        "Chè ngon.",
        "Hái tay!",
        "Sa Pa lạnh…",
        "Mùa đông có tuyết?",
    ]
    assert segments_join(pairs, language="en") == text


def test_chinese_drops_the_spaces_between_sentences_not_the_line_breaks():
    pairs = [("茶很好。", " "), ("手工采摘。", "\n"), ("沙坝很冷。", "")]
    assert segments_join(pairs, language="zh-hans") == "茶很好。手工采摘。\n沙坝很冷。"


@given(st.text(alphabet="ab .!?\n", max_size=40))
def test_sentences_joined_back_give_the_text(text):
    assert segments_join(segments_split(text), language="vi") == text.strip()


def test_a_machine_output_that_mangles_a_protected_name_is_flagged(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        GlossaryTerm.objects.create(
            term="Sa Pa", term_folded="sa pa", kind="place", do_not_translate=True
        )
        GlossaryTerm.objects.create(
            term="Mận tam hoa",
            term_folded="man tam hoa",
            kind="product",
            renderings={"en": "Tam Hoa plum", "zh-hans": "三华李"},
        )
        glossary_changed()
    source = "Mận tam hoa từ SA PA."
    flagged = glossary_check(source, "Tam Hoa plums from Sand Pa.", language="en")
    assert [hit.term for hit in flagged] == ["Sa Pa"]
    assert glossary_check(source, "tam hoa plum from Sa Pa.", language="en") == []
    assert [hit.term for hit in glossary_check(source, "来自Sa Pa的李子", language="zh-hans")] == [
        "Mận tam hoa"
    ]
    # Whole words only: "Bản" is not found in "Bảng".
    assert glossary_check("Sa Panh", "x", language="en") == []
