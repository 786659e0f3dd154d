"""Forms of the review pages: the queue's filters, the decision on one translation, and the
reviewed file brought back."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from banso.lingo.models import TranslationState
from banso.lingo.services import ReviewAction


def target_language_choices() -> list[tuple[str, str]]:
    """The languages content is translated into (every site language but the source's)."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class ReviewFilterForm(forms.Form):
    """The queue's filters; an unknown value is ignored rather than refused (a stale link)."""

    language = forms.ChoiceField(label=_("Language"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["language"].choices = every + target_language_choices()  # type: ignore[attr-defined]
        states = [
            (value, label)
            for value, label in TranslationState.choices
            if value != TranslationState.REVIEWED
        ]
        self.fields["state"].choices = every + states  # type: ignore[attr-defined]

    def values(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["language"], self.cleaned_data["state"]


class TranslationReviewForm(forms.Form):
    """Accept (the text as written in the box: the proposal, or the reviewer's own wording) or
    reject the proposal."""

    text = forms.CharField(
        label=_("Translation"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    action = forms.ChoiceField(choices=ReviewAction.choices)
    language = forms.CharField(required=False, widget=forms.HiddenInput)
    state = forms.CharField(required=False, widget=forms.HiddenInput)


class ReturnedFileForm(forms.Form):
    """A reviewed file: the XLIFF 2.0 or the Excel workbook exported from the queue."""

    file = forms.FileField(
        label=_("Reviewed file (.xlf or .xlsx)"),
        help_text=_(
            "The file exported below, with the translations filled in or corrected. "
            "Translations whose Vietnamese text changed since the export are left out."
        ),
    )
