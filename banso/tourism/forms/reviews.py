"""The guest's review of a completed booking, and the host's reply."""

from django import forms
from django.utils.translation import gettext_lazy as _

from banso.tourism.services.reviews import TEXT_MAX_LENGTH

RATINGS = [(value, "★" * value) for value in range(5, 0, -1)]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What would you tell other guests?"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReplyForm(forms.Form):
    host_reply = forms.CharField(
        label=_("Your reply, shown under the review"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
