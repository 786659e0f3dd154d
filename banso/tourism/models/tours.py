from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from banso.common.fields import SortKeyField
from banso.common.models import Photo, TimeStampedModel
from banso.orgs.models import Organisation
from banso.places.models import AdministrativeUnit
from banso.tourism.models.lodgings import CancellationPolicy, Listing
from banso.tourism.models.places import Place


class TourKind(models.TextChoices):
    TREK = "trek", _("Trekking")
    CULTURE = "culture", _("Culture and crafts")
    FARM = "farm", _("Farm and tea")
    FOOD = "food", _("Food")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MODERATE = "moderate", _("Moderate")
    HARD = "hard", _("Hard")


class Tour(Listing):
    """A guided tour (tour có hướng dẫn viên) of an organisation: a trek, a cultural or a farm
    tour. It runs on departures (``TourDeparture``), each with its seats; a group may also ask
    for a private tour on a day of its choice when ``private_on_request`` is set.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="tours"
    )
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=220, db_index=True, editable=False)
    name_sort = SortKeyField()
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=TourKind.choices)
    story = models.TextField(_("story"), blank=True)
    included = models.TextField(_("what is included"), blank=True)
    meeting_point = models.CharField(_("meeting point"), max_length=200)
    meeting_latitude = models.FloatField(
        _("latitude of the meeting point"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    meeting_longitude = models.FloatField(
        _("longitude of the meeting point"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_current": True, "level": "commune"},
    )
    places = models.ManyToManyField(
        Place, verbose_name=_("places visited"), blank=True, related_name="tours"
    )
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(30)]
    )
    distance_km = models.DecimalField(
        _("distance (km)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.EASY
    )
    guide_languages = models.JSONField(
        _("guide speaks"), default=list, blank=True, help_text=_("Language codes: vi, en, zh-hans…")
    )
    price_vnd = models.PositiveIntegerField(
        _("price a person (₫)"), validators=[MinValueValidator(1)]
    )
    child_price_vnd = models.PositiveIntegerField(
        _("price a child (₫)"), null=True, blank=True, help_text=_("Empty: the same as adults.")
    )
    group_size = models.PositiveSmallIntegerField(
        _("seats a departure"), default=12, validators=[MinValueValidator(1)]
    )
    private_on_request = models.BooleanField(_("private tours on request"), default=False)
    private_price_vnd = models.PositiveIntegerField(
        _("price of a private tour (₫)"), null=True, blank=True
    )
    cancellation_policy = models.CharField(
        _("cancellation policy"),
        max_length=16,
        choices=CancellationPolicy.choices,
        default=CancellationPolicy.FLEXIBLE,
    )
    accepts_pay_at_property = models.BooleanField(_("guests may pay on the day"), default=True)
    notify_email = models.EmailField(_("email for new bookings"), blank=True)

    class Meta:
        verbose_name = _("tour")
        verbose_name_plural = _("tours")
        ordering = ["name_sort"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepts_pay_at_property=True) | Q(accepts_vietqr=True),
                name="tourism_tour_payment_method",
                violation_error_code="no_payment",
                violation_error_message=_("Accept payment on the day, VietQR transfer, or both."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TourDeparture(TimeStampedModel):
    """A tour on a day and time, with its seats. Seats are taken with a conditional UPDATE
    (``seats_taken + n <= capacity``), so the last seat is sold once; the constraint is the last
    line of defence."""

    tour = models.ForeignKey(
        Tour, verbose_name=_("tour"), on_delete=models.CASCADE, related_name="departures"
    )
    starts_at = models.DateTimeField(_("starts at"))
    capacity = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    seats_taken = models.PositiveSmallIntegerField(_("seats booked"), default=0)
    price_vnd = models.PositiveIntegerField(
        _("price a person (₫)"), null=True, blank=True, help_text=_("Empty: the tour's price.")
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        verbose_name = _("departure")
        verbose_name_plural = _("departures")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")), name="tourism_departure_not_oversold"
            ),
            models.UniqueConstraint(fields=["tour", "starts_at"], name="tourism_departure_unique"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="tourism_departure_start")]

    def __str__(self) -> str:
        return f"{self.tour} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def seats_free(self) -> int:
        return max(self.capacity - self.seats_taken, 0)


def tour_photo_upload_to(photo, filename: str) -> str:
    return f"tourism/tours/{photo.tour_id}/{filename}"


class TourPhoto(Photo):
    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="photos")

    class Meta(Photo.Meta):
        verbose_name = _("photo of a tour")
        verbose_name_plural = _("photos of tours")

    def upload_path(self, filename: str) -> str:
        return tour_photo_upload_to(self, filename)
