import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from banso.common.fields import SortKeyField
from banso.common.models import Photo, TimeStampedModel
from banso.orgs.models import Organisation
from banso.places.models import AdministrativeUnit, Village


class ListingStatus(models.TextChoices):
    """Where a stay or a tour stands with the province: like a shop, it is shown and booked only
    once a province officer has approved it."""

    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    SUSPENDED = "suspended", _("Suspended")


class LodgingKind(models.TextChoices):
    HOMESTAY = "homestay", _("Homestay")
    GUESTHOUSE = "guesthouse", _("Guesthouse")
    HOTEL = "hotel", _("Hotel")
    FARMSTAY = "farmstay", _("Farm stay")


class CancellationPolicy(models.TextChoices):
    """What a guest gets back on cancelling; the rules are in ``banso.tourism.policies``."""

    FLEXIBLE = "flexible", _("Flexible: full refund up to 1 day before")
    MODERATE = "moderate", _("Moderate: full refund up to 5 days before, half after")
    STRICT = "strict", _("Strict: half refunded up to 14 days before, nothing after")
    NON_REFUNDABLE = "non_refundable", _("Non-refundable")


class Amenity(models.TextChoices):
    """Amenities are data, not text: each is shown by its label in the visitor's language."""

    WIFI = "wifi", _("Wi-Fi")
    HOT_WATER = "hot_water", _("Hot water")
    PRIVATE_BATHROOM = "private_bathroom", _("Private bathroom")
    SHARED_BATHROOM = "shared_bathroom", _("Shared bathroom")
    HEATING = "heating", _("Heating or electric blanket")
    FIREPLACE = "fireplace", _("Wood fire")
    MOSQUITO_NET = "mosquito_net", _("Mosquito net")
    BREAKFAST = "breakfast", _("Breakfast included")
    FAMILY_DINNER = "family_dinner", _("Dinner with the family")
    HERBAL_BATH = "herbal_bath", _("Dao herbal bath")
    PARKING = "parking", _("Parking")
    MOTORBIKE_RENTAL = "motorbike_rental", _("Motorbike rental")
    PICKUP = "pickup", _("Pick-up from the bus or train")
    MOUNTAIN_VIEW = "mountain_view", _("Mountain or rice-terrace view")
    CARD_PAYMENT = "card_payment", _("Cashless payment")


def amenities_validate(value) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or any(item not in Amenity.values for item in value):
        raise ValidationError(_("Choose amenities from the list."), code="amenities")


class Listing(TimeStampedModel):
    """What a stay and a tour share as things a guest books: the phone guests call, payment by
    VietQR into the organisation's account with its deposit, and the province's review."""

    phone = models.CharField(_("phone number"), max_length=20)
    accepts_vietqr = models.BooleanField(_("bank transfer by VietQR"), default=True)
    deposit_percent = models.PositiveSmallIntegerField(
        _("deposit (%)"),
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of the price paid by VietQR to hold the booking; 100 means in full."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ListingStatus.choices, default=ListingStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("note from the province"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def is_bookable(self) -> bool:
        return self.status == ListingStatus.APPROVED


class Lodging(Listing):
    """A homestay, guesthouse or hotel (cơ sở lưu trú) of an organisation: a household business,
    a co-operative or an enterprise.

    It takes bookings only once a province officer has approved it. Payment by VietQR goes into
    its organisation's bank account (``orgs``), as for shops. House rules and the story are free
    text translated through ``lingo``; the policy, times and payment options are data.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="lodgings",
    )
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=220, db_index=True, editable=False)
    name_sort = SortKeyField()
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=LodgingKind.choices, default=LodgingKind.HOMESTAY
    )
    story = models.TextField(_("story"), blank=True)
    house_rules = models.TextField(_("house rules"), blank=True)
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
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    latitude = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    notify_email = models.EmailField(
        _("email for new bookings"), blank=True, help_text=_("New bookings are sent here.")
    )
    check_in_from = models.TimeField(_("check-in from"), default="14:00")
    check_out_until = models.TimeField(_("check-out until"), default="11:00")
    cancellation_policy = models.CharField(
        _("cancellation policy"),
        max_length=16,
        choices=CancellationPolicy.choices,
        default=CancellationPolicy.MODERATE,
    )
    accepts_pay_at_property = models.BooleanField(_("guests may pay on arrival"), default=True)

    class Meta:
        verbose_name = _("place to stay")
        verbose_name_plural = _("places to stay")
        ordering = ["name_sort"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepts_pay_at_property=True) | Q(accepts_vietqr=True),
                name="tourism_lodging_payment_method",
                violation_error_code="no_payment",
                violation_error_message=_("Accept payment on arrival, VietQR transfer, or both."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


def lodging_photo_upload_to(photo, filename: str) -> str:
    return f"tourism/lodgings/{photo.lodging_id}/{filename}"


class LodgingPhoto(Photo):
    lodging = models.ForeignKey(Lodging, on_delete=models.CASCADE, related_name="photos")
    room_type = models.ForeignKey(
        "RoomType",
        verbose_name=_("room type"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )

    class Meta(Photo.Meta):
        verbose_name = _("photo of a place to stay")
        verbose_name_plural = _("photos of places to stay")

    def upload_path(self, filename: str) -> str:
        return lodging_photo_upload_to(self, filename)


def calendar_token_new() -> str:
    return secrets.token_urlsafe(18)


class RoomType(TimeStampedModel):
    """A kind of room of a stay, with how many identical rooms it has (``quantity``).

    Nights are sold per room type: a booking takes ``rooms`` of them for each of its nights
    (see ``RoomNight``). ``calendar_token`` is the secret in the address of its iCalendar
    export, which hosts give to their other channels.
    """

    lodging = models.ForeignKey(
        Lodging, verbose_name=_("place to stay"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    quantity = models.PositiveSmallIntegerField(
        _("number of such rooms"), default=1, validators=[MinValueValidator(1)]
    )
    max_guests = models.PositiveSmallIntegerField(
        _("guests per room"), default=2, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    double_beds = models.PositiveSmallIntegerField(_("double beds"), default=0)
    single_beds = models.PositiveSmallIntegerField(_("single beds"), default=0)
    floor_mattresses = models.PositiveSmallIntegerField(_("mattresses on the floor"), default=0)
    amenities = models.JSONField(
        _("amenities"), default=list, blank=True, validators=[amenities_validate]
    )
    rate_vnd = models.PositiveIntegerField(
        _("price a night (₫)"), validators=[MinValueValidator(1)]
    )
    weekend_rate_vnd = models.PositiveIntegerField(
        _("price on Friday and Saturday nights (₫)"),
        null=True,
        blank=True,
        help_text=_("Empty: the same as other nights."),
    )
    min_nights = models.PositiveSmallIntegerField(
        _("minimum stay (nights)"), default=1, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("taking bookings"), default=True)
    calendar_token = models.CharField(
        max_length=32, unique=True, default=calendar_token_new, editable=False
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("room type")
        verbose_name_plural = _("room types")
        ordering = ["lodging", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.lodging} — {self.name}"


class RoomNight(models.Model):
    """One room type on one night: how many of its rooms are sold, closed or blocked.

    The night of a date runs from that evening to the next morning. A row exists only for nights
    where something happened; a missing row is a night with every room free. Bookings take rooms
    with one conditional UPDATE per night (``banso.tourism.services.bookings``), so no night is
    ever sold twice; the constraint below is the last line of defence. ``capacity`` is the room
    type's quantity, kept in step when it changes, so a night's free rooms are read from its own
    row, without a join.
    """

    room_type = models.ForeignKey(
        RoomType, verbose_name=_("room type"), on_delete=models.CASCADE, related_name="nights"
    )
    date = models.DateField(_("night of"))
    capacity = models.PositiveSmallIntegerField(_("rooms"))
    booked = models.PositiveSmallIntegerField(_("rooms booked"), default=0)
    closed = models.PositiveSmallIntegerField(_("rooms closed by the host"), default=0)
    blocked = models.PositiveSmallIntegerField(_("rooms taken on other channels"), default=0)

    class Meta:
        verbose_name = _("night")
        verbose_name_plural = _("nights")
        constraints = [
            models.UniqueConstraint(fields=["room_type", "date"], name="tourism_night_unique"),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")) & Q(closed__lte=F("capacity")),
                name="tourism_night_not_oversold",
            ),
        ]
        # The search of what is free reads only the counters of a night, so both of its paths
        # find them in an index without the table: by room type and date on SQLite (one look-up
        # a room type), by date with the counters included on PostgreSQL (one range of dates,
        # read index-only); ``include`` is PostgreSQL's, SQLite builds the plain index.
        indexes = [
            models.Index(
                fields=["date", "room_type"],
                include=["capacity", "booked", "closed", "blocked"],
                name="tourism_night_date",
            ),
            models.Index(
                fields=["room_type", "date", "capacity", "booked", "closed", "blocked"],
                name="tourism_night_counts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room_type_id} {self.date}: {self.booked}/{self.capacity}"

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked - self.closed - self.blocked, 0)


class RateRuleKind(models.TextChoices):
    SEASON = "season", _("Season, every year")
    DATES = "dates", _("Dates")
    TET = "tet", _("Lunar New Year (Tết)")


class RateRule(TimeStampedModel):
    """A price of a room type for some nights, instead of its usual price.

    Seasons come back every year (from one day and month to another); dates are one range;
    Tết follows the lunar calendar, so its nights are computed for each year (from
    ``days_before`` the first day of the lunar year to ``days_after`` it). Where rules overlap,
    dates win over Tết, and Tết over a season; a rule's weekend price applies to its Friday and
    Saturday nights.
    """

    room_type = models.ForeignKey(
        RoomType, verbose_name=_("room type"), on_delete=models.CASCADE, related_name="rate_rules"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=RateRuleKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until (last night)"), null=True, blank=True)
    start_month = models.PositiveSmallIntegerField(
        _("from month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    start_day = models.PositiveSmallIntegerField(
        _("from day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    end_month = models.PositiveSmallIntegerField(
        _("to month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    end_day = models.PositiveSmallIntegerField(
        _("to day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    days_before = models.PositiveSmallIntegerField(_("nights before Tết"), default=2)
    days_after = models.PositiveSmallIntegerField(_("nights from Tết on"), default=5)
    rate_vnd = models.PositiveIntegerField(
        _("price a night (₫)"), validators=[MinValueValidator(1)]
    )
    weekend_rate_vnd = models.PositiveIntegerField(
        _("price on Friday and Saturday nights (₫)"), null=True, blank=True
    )
    min_nights = models.PositiveSmallIntegerField(
        _("minimum stay (nights)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("price rule")
        verbose_name_plural = _("price rules")
        ordering = ["room_type", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="dates")
                | (
                    Q(start_date__isnull=False)
                    & Q(end_date__isnull=False)
                    & Q(end_date__gte=F("start_date"))
                ),
                name="tourism_rate_dates",
                violation_error_code="dates",
                violation_error_message=_("Give the first and the last night, in that order."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="season")
                | (
                    Q(start_month__isnull=False)
                    & Q(start_day__isnull=False)
                    & Q(end_month__isnull=False)
                    & Q(end_day__isnull=False)
                ),
                name="tourism_rate_season",
                violation_error_code="season",
                violation_error_message=_("Give the day and month the season starts and ends."),
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()
