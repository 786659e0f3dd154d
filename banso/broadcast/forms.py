"""The editors' forms: bulletins, recordings, speakers and groups, programme slots."""

from typing import cast

from django import forms
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _

from banso.broadcast.models import (
    EVERY_DAY,
    LANGUAGE_SCRIPTS,
    Bulletin,
    Category,
    Language,
    LinkKind,
    Priority,
    Script,
    Speaker,
    SpeakerGroup,
)
from banso.broadcast.selectors.bulletins import target_choices
from banso.broadcast.services.bulletins import BulletinData
from banso.broadcast.services.speakers import SpeakerData
from banso.places.models import AdministrativeUnit, Village

LOCAL_DATETIME = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL_DATETIME, **kwargs)


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=LocalDateTimeInput(), input_formats=[LOCAL_DATETIME]
    )


class VillageChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Village) -> str:
        return str(obj)


class BulletinForm(forms.Form):
    """A bulletin of ``unit`` (the province or commune it speaks for): its targets are the
    unit's own (the whole unit; for the province, some of its communes; for a commune, some of
    its villages or speaker groups)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Written as it is to be read aloud; it is voiced in Vietnamese."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        initial=Priority.NORMAL,
        widget=forms.RadioSelect,
        help_text=_(
            "Normal: the commune chooses when it plays. Priority: first in every programme "
            "slot. Emergency: at once, on every speaker it reaches."
        ),
    )
    department = forms.CharField(
        label=_("Department"),
        max_length=200,
        required=False,
        help_text=_("The office that asked for it, e.g. the Department of Health."),
    )
    valid_from = _datetime_field(_("Valid from"))
    valid_until = _datetime_field(_("Valid until"))
    whole_unit = forms.BooleanField(label=_("The whole commune"), required=False)
    target_communes = forms.ModelMultipleChoiceField(
        label=_("Communes"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_villages = VillageChoiceField(
        label=_("Villages"),
        queryset=Village.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Speaker groups"),
        queryset=SpeakerGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, unit: AdministrativeUnit, bulletin: Bulletin | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.bulletin = bulletin
        choices = target_choices(unit)
        if unit.level == "province":
            self.fields["whole_unit"].label = _("The whole province")
            cast(forms.ModelChoiceField, self.fields["target_communes"]).queryset = choices[
                "communes"
            ]
            del self.fields["target_villages"]
            del self.fields["target_groups"]
        else:
            del self.fields["target_communes"]
            cast(forms.ModelChoiceField, self.fields["target_villages"]).queryset = choices[
                "villages"
            ]
            cast(forms.ModelChoiceField, self.fields["target_groups"]).queryset = choices["groups"]

    @classmethod
    def initial_of(cls, bulletin: Bulletin) -> dict:
        whole = bulletin.is_province_wide or (
            bulletin.source_unit.level == "commune"
            and bulletin.target_communes.filter(pk=bulletin.source_unit_id).exists()
        )
        return {
            "title": bulletin.title,
            "text": bulletin.text,
            "category": bulletin.category,
            "priority": bulletin.priority,
            "department": bulletin.department,
            "valid_from": bulletin.valid_from,
            "valid_until": bulletin.valid_until,
            "whole_unit": whole,
            "target_communes": list(bulletin.target_communes.all()),
            "target_villages": list(bulletin.target_villages.all()),
            "target_groups": list(bulletin.target_groups.all()),
        }

    def data_out(self) -> BulletinData:
        data = self.cleaned_data
        whole = data["whole_unit"]
        province = self.unit.level == "province"
        communes = tuple(data.get("target_communes") or ())
        if whole and not province:
            communes = (self.unit,)
        return BulletinData(
            title=data["title"],
            text=data["text"],
            category=data["category"],
            priority=data["priority"],
            department=data["department"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            is_province_wide=bool(whole and province),
            target_communes=communes,
            target_villages=self._targets("target_villages"),
            target_groups=self._targets("target_groups"),
        )

    def _targets(self, name: str) -> tuple:
        """The chosen targets of a field the form shows; a field it leaves out (a province's
        villages and groups, chosen through another door) keeps the bulletin's."""
        if name in self.fields:
            return tuple(self.cleaned_data.get(name) or ())
        if self.bulletin is None:
            return ()
        return tuple(getattr(self.bulletin, name).all())


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecordingForm(forms.Form):
    audio = forms.FileField(
        label=_("Recording (MP3 or WAV)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "audio/mpeg,.mp3,audio/wav,audio/x-wav,.wav"}
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[
            (value, label) for value, label in Language.choices if value != Language.VIETNAMESE
        ]
        + [(Language.VIETNAMESE.value, Language.VIETNAMESE.label)],
    )
    script = forms.ChoiceField(
        label=_("Script of the transcript"),
        choices=[("", "—"), *Script.choices],
        required=False,
        help_text=_("For H'Mông: Vietnam's Hmông script or RPA."),
    )
    transcript = forms.CharField(
        label=_("Transcript"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the recording says, written in its language (optional)."),
    )

    def clean(self):
        data = super().clean()
        language, script = data.get("language"), data.get("script")
        if script and script not in LANGUAGE_SCRIPTS.get(language or "", ()):
            self.add_error("script", _("This language is not written in that script."))
        return data


class VersionOrderForm(forms.Form):
    """A position for each version of the bulletin (1, 2, 3 …)."""

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = versions
        for index, version in enumerate(versions, start=1):
            self.fields[f"v{version.pk}"] = forms.IntegerField(
                label=version.get_language_display(),
                min_value=1,
                max_value=len(versions),
                initial=index,
            )

    def ordered_ids(self) -> list[int]:
        ranked = sorted(
            self.versions, key=lambda v: (self.cleaned_data[f"v{v.pk}"], v.position, v.pk)
        )
        return [version.pk for version in ranked]


class SpeakerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Village.objects.none(), required=False
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )
    model = forms.CharField(label=_("Model"), max_length=100, required=False)
    power_watts = forms.IntegerField(
        label=_("Speaker power (W)"), required=False, min_value=0, max_value=100_000
    )
    link = forms.ChoiceField(label=_("Connection"), choices=LinkKind.choices)
    firmware = forms.CharField(label=_("Firmware"), max_length=60, required=False)
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"),
        queryset=SpeakerGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, commune: AdministrativeUnit, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = Village.objects.filter(
            commune=commune
        ).order_by("name_sort")
        cast(forms.ModelChoiceField, self.fields["groups"]).queryset = SpeakerGroup.objects.filter(
            commune=commune
        ).order_by("name")

    @staticmethod
    def initial_of(speaker: Speaker) -> dict:
        return {
            "name": speaker.name,
            "village": speaker.village,
            "latitude": speaker.latitude,
            "longitude": speaker.longitude,
            "model": speaker.model,
            "power_watts": speaker.power_watts,
            "link": speaker.link,
            "firmware": speaker.firmware,
            "groups": list(speaker.groups.all()),
        }

    def data_out(self) -> SpeakerData:
        data = self.cleaned_data
        return SpeakerData(
            name=data["name"],
            village=data["village"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            model=data["model"],
            power_watts=data["power_watts"],
            link=data["link"],
            firmware=data["firmware"],
            groups=tuple(data["groups"]),
        )


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers"),
        queryset=Speaker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, commune: AdministrativeUnit, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["speakers"]).queryset = Speaker.objects.filter(
            commune=commune
        ).order_by("name")


# Monday first, named as Django's catalogs abbreviate the days in each language.
WEEKDAY_CHOICES = [(str(day), WEEKDAYS_ABBR[day]) for day in range(7)]


class SlotForm(forms.Form):
    starts_at = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    length_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=1, max_value=240, initial=30
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Days"),
        choices=WEEKDAY_CHOICES,
        initial=[value for value, _label in WEEKDAY_CHOICES],
        widget=forms.CheckboxSelectMultiple,
    )
    name = forms.CharField(label=_("Name"), max_length=60, required=False)

    def weekday_bits(self) -> int:
        bits = 0
        for value in self.cleaned_data["weekdays"]:
            bits |= 1 << int(value)
        return bits or EVERY_DAY


class PlacementForm(forms.Form):
    bulletin = forms.ModelChoiceField(label=_("Bulletin"), queryset=Bulletin.objects.none())

    def __init__(self, *args, bulletins, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["bulletin"]).queryset = bulletins
