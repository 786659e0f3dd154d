import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from banso.common.models import TimeStampedModel
from banso.orgs.models import Organisation
from banso.places.models import AdministrativeUnit
from banso.tourism.models.lodgings import CancellationPolicy, RoomType
from banso.tourism.models.tours import Tour, TourDeparture


class BookingKind(models.TextChoices):
    STAY = "stay", _("Stay")
    TOUR = "tour", _("Tour")


class BookingStatus(models.TextChoices):
    """requested → held → confirmed → checked in → completed, or cancelled / no-show.

    A private tour starts as a request that takes nothing; every other booking starts held: its
    nights or seats are taken while the guest pays or the host answers, until ``hold_until``.
    """

    REQUESTED = "requested", _("Requested")
    HELD = "held", _("Held, waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("Did not come")


# The states in which a booking holds its nights or seats.
HOLDING_STATUSES = (BookingStatus.HELD, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)


class PaymentChoice(models.TextChoices):
    ON_ARRIVAL = "on_arrival", _("Pay on arrival")
    VIETQR_DEPOSIT = "vietqr_deposit", _("Deposit by VietQR, the rest on arrival")
    VIETQR_FULL = "vietqr_full", _("Pay in full by VietQR")


class CancelledBy(models.TextChoices):
    GUEST = "guest", _("the guest")
    HOST = "host", _("the host")
    HOLD_EXPIRED = "expired", _("the hold expired")


def guest_token_new() -> str:
    return secrets.token_urlsafe(24)


class Booking(TimeStampedModel):
    """A guest's booking (đặt chỗ) of nights in a room type or seats on a tour departure.

    Guests book with their phone number, no account needed; the booking page is reached by its
    code and the secret ``guest_token`` in the link they receive. Prices are computed when the
    booking is made and kept (``nights`` holds each night's price), so a later change of rates
    does not change what the guest agreed to; so is the cancellation policy.
    """

    code = models.CharField(_("booking code"), max_length=12, unique=True)
    guest_token = models.CharField(max_length=40, unique=True, default=guest_token_new)
    kind = models.CharField(_("kind"), max_length=4, choices=BookingKind.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("host"), on_delete=models.PROTECT, related_name="bookings"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A stay
    room_type = models.ForeignKey(
        RoomType,
        verbose_name=_("room type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    check_in = models.DateField(_("check-in"), null=True, blank=True)
    check_out = models.DateField(_("check-out"), null=True, blank=True)
    rooms = models.PositiveSmallIntegerField(_("rooms"), default=0)
    nights = models.JSONField(_("price of each night"), default=list, blank=True)
    # A tour
    tour = models.ForeignKey(
        Tour,
        verbose_name=_("tour"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    departure = models.ForeignKey(
        TourDeparture,
        verbose_name=_("departure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=0)
    requested_date = models.DateField(_("wished date"), null=True, blank=True)
    # The guest
    adults = models.PositiveSmallIntegerField(
        _("adults"), default=1, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    children = models.PositiveSmallIntegerField(
        _("children"), default=0, validators=[MaxValueValidator(99)]
    )
    guest_name = models.CharField(_("name"), max_length=150)
    guest_phone = models.CharField(_("phone number"), max_length=20, db_index=True)
    guest_email = models.EmailField(_("email address"), blank=True)
    guest_country = models.CharField(_("country"), max_length=2, blank=True)
    guest_language = models.CharField(_("language"), max_length=10, default="vi")
    guest_note = models.TextField(_("message to the host"), blank=True)
    guest_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Money and state
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.HELD
    )
    payment = models.CharField(_("payment"), max_length=16, choices=PaymentChoice.choices)
    total_vnd = models.PositiveBigIntegerField(_("total (₫)"))
    due_now_vnd = models.PositiveBigIntegerField(_("to pay by VietQR (₫)"), default=0)
    paid_vnd = models.PositiveBigIntegerField(_("paid (₫)"), default=0)
    refund_vnd = models.PositiveBigIntegerField(_("refund (₫)"), default=0)
    cancellation_policy = models.CharField(
        _("cancellation policy"), max_length=16, choices=CancellationPolicy.choices
    )
    hold_until = models.DateTimeField(_("held until"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancelled_by = models.CharField(
        _("cancelled by"), max_length=8, choices=CancelledBy.choices, blank=True
    )
    host_note = models.CharField(_("note from the host"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="stay",
                        room_type__isnull=False,
                        check_in__isnull=False,
                        check_out__gt=F("check_in"),
                        rooms__gte=1,
                    )
                    | Q(kind="tour", tour__isnull=False)
                ),
                name="tourism_booking_complete",
            ),
            models.CheckConstraint(
                condition=Q(paid_vnd__lte=F("total_vnd")) & Q(refund_vnd__lte=F("paid_vnd")),
                name="tourism_booking_money",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="tourism_booking_host"),
            models.Index(fields=["status", "hold_until"], name="tourism_booking_hold"),
            models.Index(fields=["check_in"], name="tourism_booking_check_in"),
        ]
        permissions = [("view_dashboard", _("Can see the tourism dashboard of the province"))]

    def __str__(self) -> str:
        return self.code

    @property
    def guests(self) -> int:
        return self.adults + self.children

    @property
    def night_count(self) -> int:
        if self.check_in is None or self.check_out is None:
            return 0
        return (self.check_out - self.check_in).days

    @property
    def holds_inventory(self) -> bool:
        return self.status in HOLDING_STATUSES
