from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from banso.common.fields import SortKeyField
from banso.common.models import Photo, TimeStampedModel
from banso.orgs.models import Organisation
from banso.places.models import AdministrativeUnit, Village


class PlaceKind(models.TextChoices):
    ATTRACTION = "attraction", _("Attraction")
    VILLAGE = "village", _("Village")
    MARKET = "market", _("Market")
    VIEWPOINT = "viewpoint", _("Viewpoint")
    TREK = "trek", _("Trekking route")
    HERITAGE = "heritage", _("Heritage site")


class RoadAccess(models.TextChoices):
    CAR = "car", _("By car or coach")
    MOTORBIKE = "motorbike", _("By motorbike only")
    FOOT = "foot", _("On foot only")


def month_list_validate(value) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or any(
        not isinstance(month, int) or not 1 <= month <= 12 for month in value
    ):
        raise ValidationError(_("Give the best months as numbers from 1 to 12."), code="months")


def weekday_list_validate(value) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or any(
        not isinstance(day, int) or not 0 <= day <= 6 for day in value
    ):
        raise ValidationError(
            _("Give the opening days as numbers from 0 (Monday) to 6 (Sunday)."), code="weekdays"
        )


class Place(TimeStampedModel):
    """A place to visit (điểm du lịch): an attraction, a village, a market, a viewpoint or a
    trekking route.

    Its facts (opening days and hours, fees, best months, road access, coordinates) are data,
    rendered in every language; its story, the way there and the accessibility notes are free
    text, translated through ``lingo``. An organisation (a commune's people's committee, a
    co-operative) may look after it; a province officer publishes it.
    """

    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=220, db_index=True, editable=False)
    name_sort = SortKeyField()
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=PlaceKind.choices)
    story = models.TextField(_("story"), blank=True)
    how_to_get_there = models.TextField(_("how to get there"), blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_(
            "Steps, slopes, paths: what a visitor with a wheelchair or a pram should know."
        ),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_current": True, "level": "commune"},
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("looked after by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tourism_places",
    )
    latitude = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    open_days = models.JSONField(
        _("open on"),
        default=list,
        blank=True,
        validators=[weekday_list_validate],
        help_text=_("Empty: open every day."),
    )
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    fee_adult_vnd = models.PositiveIntegerField(_("entry fee, adult (₫)"), default=0)
    fee_child_vnd = models.PositiveIntegerField(_("entry fee, child (₫)"), default=0)
    best_months = models.JSONField(
        _("best months"), default=list, blank=True, validators=[month_list_validate]
    )
    road_access = models.CharField(
        _("road access"), max_length=10, choices=RoadAccess.choices, default=RoadAccess.CAR
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("place to visit")
        verbose_name_plural = _("places to visit")
        ordering = ["name_sort"]

    def __str__(self) -> str:
        return self.name


def place_photo_upload_to(photo, filename: str) -> str:
    return f"tourism/places/{photo.place_id}/{filename}"


class PlacePhoto(Photo):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        verbose_name = _("photo of a place")
        verbose_name_plural = _("photos of places")

    def upload_path(self, filename: str) -> str:
        return place_photo_upload_to(self, filename)
