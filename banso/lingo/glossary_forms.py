"""The officers' forms for the glossary: one term, and a workbook to import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from banso.lingo.glossary import GlossaryTermData, target_language_names
from banso.lingo.models import GlossaryKind, GlossaryTerm


def rendering_field_name(language: str) -> str:
    return "rendering_" + language.replace("-", "_")


class GlossaryTermForm(forms.Form):
    """A term, with one rendering field per language it may be rendered in, labelled with the
    language's own name ("English", "简体中文")."""

    term = forms.CharField(
        label=_("Term"),
        max_length=200,
        help_text=_("In Vietnamese, as it is written here, such as “Sa Pa” or “Mận tam hoa”."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=GlossaryKind.choices)
    do_not_translate = forms.BooleanField(
        label=_("Keep this name as it is in every language"),
        required=False,
        help_text=_(
            "Tick it for a name that is not translated, such as a place, a people or a "
            "festival: “Sa Pa” stays “Sa Pa” in English. A translation that leaves the name "
            "out is then shown to a translator. Where a language writes the name its own way "
            "(Chinese characters), write that below."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in target_language_names():
            self.fields[rendering_field_name(code)] = forms.CharField(
                label=name,
                max_length=200,
                required=False,
                help_text=_(
                    "How the term must be written in this language. Leave it empty "
                    "when there is no fixed way."
                ),
            )
        self.fields["note"] = forms.CharField(
            label=_("Note"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("For translators: what the term means, where it is used."),
        )

    @staticmethod
    def initial_for(term: GlossaryTerm) -> dict[str, object]:
        initial: dict[str, object] = {
            "term": term.term,
            "kind": term.kind,
            "do_not_translate": term.do_not_translate,
            "note": term.note,
        }
        for code, _name in target_language_names():
            initial[rendering_field_name(code)] = (term.renderings or {}).get(code, "")
        return initial

    def data_for_service(self) -> GlossaryTermData:
        cleaned = self.cleaned_data
        return GlossaryTermData(
            term=cleaned["term"],
            kind=cleaned["kind"],
            do_not_translate=cleaned["do_not_translate"],
            renderings={
                code: cleaned[rendering_field_name(code)] for code, _name in target_language_names()
            },
            note=cleaned["note"],
        )


class GlossaryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "Columns: term, kind, do not translate (yes or no), one column per language, "
            "note. The first row is the header; download the glossary to get a workbook "
            "to fill in."
        ),
    )


class GlossarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *GlossaryKind.choices]
    )
