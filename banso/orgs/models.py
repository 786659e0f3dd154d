from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from banso.common.banks import BANK_CHOICES
from banso.common.fields import DocumentField, SortKeyField
from banso.common.models import TimeStampedModel
from banso.common.uploads import validate_document
from banso.orgs.validators import validate_tax_code
from banso.places.models import AdministrativeUnit, Village


class OrganisationKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("Co-operative (HTX)")
    ENTERPRISE = "enterprise", _("Enterprise")
    HOUSEHOLD_BUSINESS = "household_business", _("Household business")
    HOMESTAY_OPERATOR = "homestay_operator", _("Homestay operator")
    GOVERNMENT_UNIT = "government_unit", _("Government unit")


class OrganisationApproval(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Organisation(TimeStampedModel):
    """A co-operative (hợp tác xã), business, homestay operator or government unit.

    Its address is a current commune or ward, optionally a village and a street, so that
    everything it records rolls up by place.
    """

    kind = models.CharField(_("type"), max_length=24, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=220, db_index=True, editable=False)
    name_sort = SortKeyField()
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    tax_code = models.CharField(
        _("tax code"),
        max_length=14,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_tax_code],
        help_text=_("10 digits, or 10 digits, a dash and 3 digits for a branch."),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
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
    description = models.TextField(_("description"), blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    representative = models.CharField(_("representative"), max_length=150, blank=True)
    bank_bin = models.CharField(
        _("bank"),
        max_length=6,
        blank=True,
        choices=BANK_CHOICES,
        help_text=_("The bank that holds the account paid by VietQR."),
    )
    bank_account_number = models.CharField(
        _("bank account number"),
        max_length=19,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9A-Za-z]{6,19}$", _("An account number is 6 to 19 letters or digits.")
            )
        ],
    )
    bank_account_name = models.CharField(_("account holder"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # An organisation that registered itself waits for an officer of its commune or province
    # before it may open a shop or print stamps; one an officer registers is approved.
    approval = models.CharField(
        _("approval"),
        max_length=10,
        choices=OrganisationApproval.choices,
        default=OrganisationApproval.APPROVED,
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
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="organisations",
        blank=True,
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_sort"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(bank_bin="") & Q(bank_account_number=""))
                | (~Q(bank_bin="") & ~Q(bank_account_number="")),
                name="orgs_bank_account_complete",
                violation_error_code="bank_account_incomplete",
                violation_error_message=_(
                    "Choose the bank and enter the account number, or leave both empty."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.approval == OrganisationApproval.APPROVED


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    STAFF = "staff", _("Staff")
    # Reviews the translations of the organisation's texts, and does nothing else there.
    TRANSLATOR = "translator", _("Translator")


class Membership(TimeStampedModel):
    """A person who works for an organisation: its owner(s) manage it, staff record its work."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="orgs_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class CertificateKind(models.TextChoices):
    VIETGAP = "vietgap", _("VietGAP")
    ORGANIC = "organic", _("Organic")
    OCOP = "ocop", _("OCOP")
    OTHER = "other", _("Other")


def certificate_upload_to(certificate, filename: str) -> str:
    return f"orgs/{certificate.organisation_id}/certificates/{filename}"


class Certificate(TimeStampedModel):
    """A certificate an organisation holds: VietGAP, organic, OCOP (3–5 stars, with its year)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CertificateKind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    ocop_stars = models.PositiveSmallIntegerField(
        _("OCOP stars"),
        null=True,
        blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
    )
    ocop_year = models.PositiveSmallIntegerField(
        _("OCOP year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2018), MaxValueValidator(2100)],
    )
    issuer = models.CharField(_("issued by"), max_length=200)
    number = models.CharField(_("certificate number"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    scan = DocumentField(
        pgettext_lazy("scanned paper document", "scan"),
        upload_to=certificate_upload_to,
        blank=True,
        validators=[validate_document],
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="ocop")
                | (Q(ocop_stars__gte=3) & Q(ocop_stars__lte=5) & Q(ocop_year__isnull=False)),
                name="orgs_certificate_ocop_stars",
                violation_error_code="ocop_stars",
                violation_error_message=_("An OCOP certificate has 3 to 5 stars and a year."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="orgs_certificate_valid_range",
                violation_error_code="valid_range",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == CertificateKind.OCOP:
            return f"OCOP {self.ocop_stars}★ ({self.ocop_year})"
        return f"{self.get_kind_display()} {self.number}"
