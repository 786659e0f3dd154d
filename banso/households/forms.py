"""Forms of the officers' household pages: they parse, the services decide."""

from typing import TYPE_CHECKING, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banso.households.ethnicities import Ethnicity
from banso.households.models import (
    Area,
    LivingStandard,
    Relation,
    Sex,
    TelecomProvider,
    TelecomSupportKind,
)
from banso.households.standards import Question
from banso.places.models import AdministrativeUnit, UnitLevel, Village
from banso.places.selectors import unit_predecessors

if TYPE_CHECKING:
    from django.db.models import QuerySet

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, 2021, -1)]


class HouseholdFilterForm(forms.Form):
    code = forms.CharField(label=_("Household code"), required=False, max_length=24)
    village: "forms.ModelChoiceField[Village]" = forms.ModelChoiceField(
        queryset=None, label=_("Village"), required=False
    )
    living_standard = forms.ChoiceField(
        label=_("Classification (latest review)"),
        required=False,
        choices=[("", _("All")), *list(LivingStandard.choices)],
    )

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = villages


class HouseholdForm(forms.Form):
    code = forms.CharField(
        label=_("Household code"),
        required=False,
        max_length=24,
        help_text=_("The code of the commune's review list; leave empty to have one made."),
    )
    village: "forms.ModelChoiceField[Village]" = forms.ModelChoiceField(
        queryset=None, label=_("Village")
    )
    head_name = forms.CharField(label=_("Head of household"), max_length=120)
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), choices=Ethnicity.choices)
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices, initial=Area.RURAL)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=20)

    def __init__(self, *args, villages, is_new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = villages
        if not is_new:
            del self.fields["code"]


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100)
    relation = forms.ChoiceField(label=_("Relation to the head"), choices=Relation.choices)


class AssessmentYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year of the review"), coerce=int, choices=_year_choices)


class AssessmentForm(forms.Form):
    """The income and one field per question the standard of the year asks."""

    income_per_capita_vnd = forms.IntegerField(
        label=_("Income per person a month (₫)"), min_value=0, max_value=1_000_000_000
    )

    def __init__(
        self,
        *args,
        questions: list[Question],
        old_communes: "QuerySet[AdministrativeUnit] | None" = None,
        today: AdministrativeUnit | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        if old_communes is not None and today is not None:
            # A review of a year before 2025 was made by one of the old communes.
            self.fields["unit"] = forms.ModelChoiceField(
                queryset=old_communes,
                required=False,
                label=_("Commune that made the review"),
                empty_label=_("%(commune)s (today's commune)") % {"commune": today.name},
            )
        for question in questions:
            if question.kind is bool:
                self.fields[question.key] = forms.ChoiceField(
                    label=str(question.label), choices=YES_NO, widget=forms.RadioSelect
                )
            else:
                self.fields[question.key] = forms.IntegerField(
                    label=str(question.label), min_value=question.minimum, max_value=10_000
                )

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            q.key: (data[q.key] == "yes") if q.kind is bool else data[q.key] for q in self.questions
        }


class HouseholdImportForm(forms.Form):
    commune: "forms.ModelChoiceField[AdministrativeUnit]" = forms.ModelChoiceField(
        queryset=None, label=_("Commune or ward")
    )
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "The commune's review list, one household a row, with the columns of the empty "
            "workbook. The first row is the header."
        ),
    )

    review_unit: "forms.ModelChoiceField[AdministrativeUnit]" = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Old commune that made the list"),
        help_text=_(
            "Only for a review of a year before 2025 made by one of the old communes that the "
            "commune took in on 1 July 2025: its figures then count under that old commune "
            "and its district too."
        ),
    )

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["commune"])
        field.queryset = communes
        only = list(communes[:2])
        if len(only) == 1:
            field.initial = only[0].pk
        old = cast(forms.ModelChoiceField, self.fields["review_unit"])
        old.queryset = (
            AdministrativeUnit.objects.filter(
                is_current=False,
                level=UnitLevel.COMMUNE,
                successions__successor__in=communes,
            )
            .select_related("parent")
            .distinct()
            .order_by("name_sort", "code")
        )
        old.label_from_instance = lambda unit: (  # type: ignore[method-assign]
            f"{unit.name} ({unit.parent.name})" if unit.parent_id else unit.name
        )

    def clean(self):
        data = super().clean()
        commune, old = data.get("commune"), data.get("review_unit")
        if commune and old and not unit_predecessors(commune).filter(pk=old.pk).exists():
            self.add_error(
                "review_unit",
                _("This old commune is not one that %(commune)s took in.")
                % {"commune": commune.name},
            )
        return data


class HouseholdExportForm(forms.Form):
    unit: "forms.ModelChoiceField[AdministrativeUnit]" = forms.ModelChoiceField(
        queryset=None, label=_("Commune, ward or province")
    )
    purpose = forms.CharField(
        label=_("Why do you export this list?"),
        max_length=300,
        help_text=_("For example: the review of 2025 with the village heads. It is kept."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units


class MonthField(forms.DateField):
    """A month, written as the browser's month input writes it (2025-03) or as a date."""

    input_formats = ["%Y-%m", "%Y-%m-%d", "%m/%Y", "%d/%m/%Y"]
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class UnechoedInput(forms.TextInput):
    """A text input that never writes a value into the page: what was typed in it is personal
    data the page must not carry back (a subscriber number, of which only the last three digits
    are stored)."""

    def format_value(self, value):
        return None


class TelecomEnrolmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Form of support"), choices=TelecomSupportKind.choices)
    provider = forms.ChoiceField(label=_("Provider"), choices=TelecomProvider.choices)
    subscriber_number = forms.CharField(
        label=_("Subscriber number"),
        required=False,
        max_length=20,
        help_text=_("Only its last three digits are kept. Not needed for the cash support."),
        widget=UnechoedInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    monthly_support_vnd = forms.IntegerField(
        label=_("Monthly support (₫)"),
        required=False,
        min_value=0,
        max_value=10_000_000,
        help_text=_("Empty: 60,000 ₫ for a mobile subscription, nothing for the cash support."),
    )
    started_on = forms.DateField(
        label=_("Started on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and str(self.data.get("subscriber_number", "")).strip():
            # Shown again with errors: the field comes back empty, and says why.
            self.fields["subscriber_number"].help_text = _(
                "The number you typed is not shown again, as it is personal data: type it "
                "again. Only its last three digits are kept."
            )


class TelecomActivityForm(forms.Form):
    month = MonthField(label=_("Month"))
    has_traffic = forms.ChoiceField(
        label=_("Did the subscription have traffic that month?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )


class TelecomEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Ended on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class CoverageYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)
