"""Forms of the officers' team pages: they parse, the services decide."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from banso.accounts.phone import phone_normalize
from banso.common.uploads import validate_document
from banso.places.models import AdministrativeUnit, Village
from banso.teams.models import HelpKind, HelpOutcome, MemberBackground, TeamMember, TeamPosition

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TeamFilterForm(forms.Form):
    commune: "forms.ModelChoiceField[AdministrativeUnit]" = forms.ModelChoiceField(
        queryset=None, label=_("Commune or ward"), required=False
    )
    dissolved = forms.BooleanField(label=_("Show dissolved teams too"), required=False)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = communes


class TeamFoundForm(forms.Form):
    village: "forms.ModelChoiceField[Village]" = forms.ModelChoiceField(
        queryset=None, label=_("Village")
    )
    decision_number = forms.CharField(
        label=_("Founding decision number"), max_length=50, help_text=_("For example 125/QĐ-UBND.")
    )
    decision_date = forms.DateField(label=_("Founding decision date"), widget=_DATE)
    founded_on = forms.DateField(
        label=_("Founded on"),
        widget=_DATE,
        required=False,
        help_text=_("Leave empty when the team starts on the day of the decision."),
    )
    decision_scan = forms.FileField(
        label=_("Scan of the decision (PDF or photo)"),
        required=False,
        validators=[validate_document],
    )

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = villages


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    position = forms.ChoiceField(
        label=_("Position in the team"), choices=TeamPosition.choices, initial=TeamPosition.MEMBER
    )
    background = forms.ChoiceField(label=_("Comes from"), choices=MemberBackground.choices)
    training = forms.CharField(label=_("Training received"), max_length=300, required=False)
    joined_on = forms.DateField(
        label=_("Joined on"), widget=_DATE, required=False, help_text=_("Today when left empty.")
    )


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(
        label=_("Left on"), widget=_DATE, required=False, help_text=_("Today when left empty.")
    )
    reason = forms.CharField(label=_("Why they left"), max_length=300, required=False)


class MemberEditForm(forms.Form):
    """A serving member's details as an officer corrects them (``member_update``): their name,
    phone number, position, where they come from, training received."""

    full_name = forms.CharField(label=_("Full name"), max_length=120)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    position = forms.ChoiceField(label=_("Position in the team"), choices=TeamPosition.choices)
    background = forms.ChoiceField(label=_("Comes from"), choices=MemberBackground.choices)
    training = forms.CharField(label=_("Training received"), max_length=300, required=False)


class TeamDissolveForm(forms.Form):
    """Dissolve a team: the day, the decision or reason, and a box ticked to confirm (the page
    says what follows)."""

    on = forms.DateField(label=_("Dissolved on"), widget=_DATE)
    note = forms.CharField(
        label=_("Decision or reason"),
        max_length=300,
        help_text=_("For example: Decision 45/QĐ-UBND; the village merged with Na Pao."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm: the team is dissolved and its serving members leave it on that day.")
    )


class TeamReplaceForm(forms.Form):
    """Replace a team by a new decision of the commune (``team_replace``), confirmed."""

    decision_number = forms.CharField(
        label=_("New decision number"), max_length=50, help_text=_("For example 125/QĐ-UBND.")
    )
    decision_date = forms.DateField(label=_("New decision date"), widget=_DATE)
    founded_on = forms.DateField(
        label=_("The new team starts on"),
        widget=_DATE,
        required=False,
        help_text=_("Leave empty when it starts on the day of the decision."),
    )
    decision_scan = forms.FileField(
        label=_("Scan of the decision (PDF or photo)"),
        required=False,
        validators=[validate_document],
    )
    members_carried = forms.BooleanField(
        label=_("The members serving now go on in the new team"),
        required=False,
        initial=True,
        help_text=_(
            "Each leaves this team and joins the new one on the day it starts, with the same "
            "position, background and training."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I confirm: this team is dissolved on the day the new one starts.")
    )


class TeamImportForm(forms.Form):
    unit: "forms.ModelChoiceField[AdministrativeUnit]" = forms.ModelChoiceField(
        queryset=None, label=_("Commune, ward or province")
    )
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "One member a row, with the columns of the empty workbook; the rows of a village "
            "make its team. The first row is the header."
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["unit"])
        field.queryset = units
        only = list(units[:2])
        if len(only) == 1:
            field.initial = only[0].pk


class HelpRecordForm(forms.Form):
    """A visit, as a team member records it on the team's page: sent at once by the page
    without JavaScript, or kept on the phone and sent when there is signal (``offline.js``,
    which reads the same fields). ``client_id`` is made when the form is shown, so sending the
    same form twice records the visit once."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    helper = forms.TypedChoiceField(label=_("Who helped"), coerce=int)
    household = forms.ChoiceField(
        label=_("Household"),
        required=False,
        help_text=_("Leave empty for a person who is not in the register, and write their name."),
    )
    person_name = forms.CharField(
        label=_("Name of the person helped"), max_length=200, required=False
    )
    person_phone = forms.CharField(label=_("Their phone number"), max_length=30, required=False)
    kinds = forms.MultipleChoiceField(label=_("Help given"), widget=forms.CheckboxSelectMultiple)
    helped_on = forms.DateField(label=_("Day of the visit"), widget=_DATE)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=HelpOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, members, households, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["helper"]).choices = [
            (member.pk, member.full_name) for member in members
        ]
        cast(forms.ChoiceField, self.fields["household"]).choices = [
            ("", _("Not in the register")),
            *((h.code, f"{h.code} · {h.head_name}") for h in households),
        ]
        cast(forms.MultipleChoiceField, self.fields["kinds"]).choices = [
            (kind.code, kind.display_name) for kind in kinds
        ]

    def clean(self):
        data = super().clean()
        if not data.get("household") and not (data.get("person_name") or "").strip():
            self.add_error(
                "person_name", _("Choose a household, or write the name of the person helped.")
            )
        return data


class CommuneChooseForm(forms.Form):
    """The first step of the public request: the commune or ward (a plain GET form, so that it
    works without JavaScript)."""

    commune: "forms.ModelChoiceField[AdministrativeUnit]" = forms.ModelChoiceField(
        queryset=None, label=_("Your commune or ward")
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = communes


class HelpRequestForm(forms.Form):
    """The public request for help: the village (of the commune chosen first), what the person
    needs, a phone number to call back, and a name if they wish."""

    village: "forms.ModelChoiceField[Village]" = forms.ModelChoiceField(
        queryset=None, label=_("Your village")
    )
    kinds: "forms.ModelMultipleChoiceField[HelpKind]" = forms.ModelMultipleChoiceField(
        queryset=None, label=_("What do you need help with?"), widget=forms.CheckboxSelectMultiple
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=20,
        help_text=_("The team calls you back on this number. It is never shown publicly."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    note = forms.CharField(
        label=_("Anything else the team should know (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, villages, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = villages
        field = cast(forms.ModelMultipleChoiceField, self.fields["kinds"])
        field.queryset = kinds
        field.label_from_instance = lambda kind: kind.display_name

    def clean_phone(self) -> str:
        return phone_normalize(self.cleaned_data["phone"])


class HelpRequestFilterForm(forms.Form):
    """The list of requests: a commune, a village (those with requests the person reads) and
    open or answered (a plain GET form)."""

    STATES = (("open", _("Waiting")), ("answered", _("Answered")), ("all", _("All")))

    commune = forms.TypedChoiceField(
        label=_("Commune or ward"), coerce=int, required=False, empty_value=None
    )
    village = forms.TypedChoiceField(
        label=_("Village"), coerce=int, required=False, empty_value=None
    )
    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)

    def __init__(self, *args, summary, **kwargs):
        super().__init__(*args, **kwargs)
        communes = {row.commune_id: row.commune for row in summary}
        commune = cast(forms.TypedChoiceField, self.fields["commune"])
        commune.choices = [("", _("All")), *sorted(communes.items(), key=lambda c: c[1])]
        if len(communes) < 2:
            del self.fields["commune"]
        cast(forms.TypedChoiceField, self.fields["village"]).choices = [
            ("", _("All")),
            *((row.village_id, f"{row.village} · {row.commune}") for row in summary),
        ]


class FollowUpRecordForm(forms.Form):
    """One visit recorded from a page (the to-do list's "Record help"): the checks are the
    sync's (``services.help.help_record``). ``client_id`` is made when the form is shown, so
    the same form sent twice is stored once."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    request = forms.IntegerField(widget=forms.HiddenInput, required=False)
    helper: "forms.ModelChoiceField[TeamMember]" = forms.ModelChoiceField(
        queryset=None, label=_("Who helped")
    )
    household = forms.CharField(label=_("Household code"), max_length=24, required=False)
    person_name = forms.CharField(
        label=_("Or the person helped, when not in the register"), max_length=120, required=False
    )
    person_phone = forms.CharField(label=_("Their phone number"), max_length=20, required=False)
    kinds: "forms.ModelMultipleChoiceField[HelpKind]" = forms.ModelMultipleChoiceField(
        queryset=None, label=_("What with"), widget=forms.CheckboxSelectMultiple
    )
    helped_on = forms.DateField(label=_("Day"), widget=_DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=HelpOutcome.choices)
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, helpers, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["helper"]).queryset = helpers
        field = cast(forms.ModelMultipleChoiceField, self.fields["kinds"])
        field.queryset = kinds
        field.label_from_instance = lambda kind: kind.display_name
