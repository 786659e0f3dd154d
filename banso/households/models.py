from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banso.common.models import TimeStampedModel
from banso.households.ethnicities import Ethnicity
from banso.places.models import AdministrativeUnit, Village


class Area(models.TextChoices):
    """Where a household lives, as the standard's income lines tell apart (nông thôn / thành
    thị; "đô thị" in Decree 351/2025/NĐ-CP)."""

    RURAL = "rural", _("Rural")
    URBAN = "urban", _("Urban")


class LivingStandard(models.TextChoices):
    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")
    MEDIUM = "medium", _("Medium living standard")
    NOT_POOR = "not_poor", _("Not poor")


class Dimension(models.TextChoices):
    """The basic social services (dịch vụ xã hội cơ bản) whose lack a standard measures."""

    EMPLOYMENT = "employment", _("Employment")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    HOUSING = "housing", _("Housing")
    WATER_SANITATION = "water_sanitation", _("Clean water and sanitation")
    INFORMATION = "information", _("Information")


class IndicatorCode(models.TextChoices):
    """The indicators of deprivation (chỉ số đo lường mức độ thiếu hụt), named as Decree
    07/2021/NĐ-CP, Article 3, clause 1 b names them. Their rules are in
    :mod:`banso.households.standards`, keyed by these codes.

    The order is each code's bit in ``Assessment.deprivation_bits``: a new code is appended,
    never inserted, and none is ever reordered."""

    EMPLOYMENT = "employment", _("Employment")
    DEPENDANTS = "dependants", _("Dependants in the household")
    NUTRITION = "nutrition", _("Nutrition")
    HEALTH_INSURANCE = "health_insurance", _("Health insurance")
    ADULT_EDUCATION = "adult_education", _("Education level of adults")
    CHILD_SCHOOLING = "child_schooling", _("School attendance of children")
    HOUSING_QUALITY = "housing_quality", _("Housing quality")
    HOUSING_AREA = "housing_area", _("Living area per person")
    WATER = "water", _("Domestic water source")
    SANITATION = "sanitation", _("Hygienic latrine")
    TELECOM = "telecom", _("Use of telecommunication services")
    INFORMATION_MEANS = "information_means", _("Means of accessing information")


def deprivation_bits(codes: list[str]) -> int:
    """The bit set of the indicators ``codes`` names (bit ``i``: ``IndicatorCode.values[i]``)."""
    values = IndicatorCode.values
    return sum(1 << values.index(code) for code in set(codes))


def deprivation_codes(bits: int) -> list[str]:
    """The indicator codes of the bit set ``bits``, in ``IndicatorCode`` order."""
    return [code for i, code in enumerate(IndicatorCode.values) if bits >> i & 1]


class PovertyStandard(TimeStampedModel):
    """A multidimensional poverty standard (chuẩn nghèo đa chiều): income lines, the indicators
    of deprivation and how many make a household poor, for a span of years.

    National standards have no province; a province may set a local standard of its own
    (higher than the national one), which then judges its households in those years. Each
    assessment keeps the standard it was judged by, so a standard is never changed once used:
    a new period is a new standard.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_current": True, "level": "province"},
        help_text=_("Empty for a national standard."),
    )
    valid_from_year = models.PositiveSmallIntegerField(_("valid from (year)"))
    valid_to_year = models.PositiveSmallIntegerField(_("valid until (year)"), null=True, blank=True)
    poverty_line_rural_vnd = models.PositiveIntegerField(_("poverty line, rural (₫/person/month)"))
    poverty_line_urban_vnd = models.PositiveIntegerField(_("poverty line, urban (₫/person/month)"))
    medium_line_rural_vnd = models.PositiveIntegerField(
        _("medium living standard line, rural (₫/person/month)"), null=True, blank=True
    )
    medium_line_urban_vnd = models.PositiveIntegerField(
        _("medium living standard line, urban (₫/person/month)"), null=True, blank=True
    )
    deprivation_threshold = models.PositiveSmallIntegerField(
        _("deprivations that make a household poor"),
        default=3,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = _("poverty standard")
        verbose_name_plural = _("poverty standards")
        ordering = ["valid_from_year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to_year__isnull=True)
                | Q(valid_to_year__gte=F("valid_from_year")),
                name="households_standard_years_in_order",
            ),
            models.CheckConstraint(
                condition=Q(medium_line_rural_vnd__isnull=True)
                | Q(medium_line_rural_vnd__gt=F("poverty_line_rural_vnd")),
                name="households_standard_rural_lines_in_order",
            ),
            models.CheckConstraint(
                condition=Q(medium_line_urban_vnd__isnull=True)
                | Q(medium_line_urban_vnd__gt=F("poverty_line_urban_vnd")),
                name="households_standard_urban_lines_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def poverty_line_vnd(self, area: str) -> int:
        return self.poverty_line_urban_vnd if area == Area.URBAN else self.poverty_line_rural_vnd

    def medium_line_vnd(self, area: str) -> int | None:
        return self.medium_line_urban_vnd if area == Area.URBAN else self.medium_line_rural_vnd


class PovertyIndicator(models.Model):
    """One indicator of deprivation in a standard, in its dimension. What makes a household
    deprived is the rule of the same code in :mod:`banso.households.standards`."""

    standard = models.ForeignKey(
        PovertyStandard,
        verbose_name=_("poverty standard"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.CharField(_("indicator"), max_length=24, choices=IndicatorCode.choices)
    dimension = models.CharField(_("dimension"), max_length=24, choices=Dimension.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator of deprivation")
        verbose_name_plural = _("indicators of deprivation")
        ordering = ["standard", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "code"], name="households_indicator_once_per_standard"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_code_display())


class Household(TimeStampedModel):
    """A household (hộ gia đình) of a village, as the commune's yearly poverty review lists it.

    ``code`` is its identity across reviews and re-imports and never changes. ``unit`` is the
    commune of its village, kept beside it so that scoped reads filter on one indexed path.
    Names and phone numbers are personal data: only the officers of the household's commune
    and province, and the team of its village, read them (see ``selectors``).
    """

    code = models.CharField(_("household code"), max_length=24, unique=True, editable=False)
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    head_name = models.CharField(_("head of household"), max_length=120)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=Ethnicity.choices)
    area = models.CharField(_("area"), max_length=8, choices=Area.choices, default=Area.RURAL)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Wife or husband")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other")


class Member(TimeStampedModel):
    """A person of a household (nhân khẩu)."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=120)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    relation = models.CharField(_("relation to the head"), max_length=12, choices=Relation.choices)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["household", "birth_year", "pk"]

    def __str__(self) -> str:
        return self.full_name


class Assessment(models.Model):
    """A household's yearly poverty review (rà soát): the answers recorded, and what the
    standard in force that year made of them, stored.

    The flags and the class are computed once, by ``standard``, when the answers are
    recorded (``services.assessment_record``), and never again by another standard: a
    household judged near-poor under the 2022–2026 standard stays so in the figures of those
    years after the 2027 standard comes in. ``lacks_information_means`` is empty when the
    standard has no such indicator (the standard from 2027).

    The review also keeps the household as it found it: its village, the commune the review
    was made in (``unit``: for a review before the reform of 1 July 2025, the old commune,
    which ``places``' successions lead to today's), the ethnicity and the sex of the head. A
    household that moves later leaves its earlier reviews where they were made; corrections to
    the ethnicity or the head reach the household's latest review
    (``services.review_snapshot_refresh``). The indicators count these columns, with the
    flags, in one pass over a covering index, never joining households or members.
    """

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    standard = models.ForeignKey(
        PovertyStandard,
        verbose_name=_("poverty standard"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village at the review"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune of the review"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=Ethnicity.choices, editable=False
    )
    head_sex = models.CharField(
        _("sex of the head"), max_length=8, choices=Sex.choices, blank=True, editable=False
    )
    answers = models.JSONField(_("answers"), default=dict)
    income_per_capita_vnd = models.PositiveIntegerField(_("income per person (₫/month)"))
    deprived_indicators = models.JSONField(_("deprived indicators"), default=list, blank=True)
    deprivation_bits = models.PositiveIntegerField(default=0, editable=False)
    deprivation_count = models.PositiveSmallIntegerField(_("deprivations"), default=0)
    living_standard = models.CharField(
        _("classification"), max_length=10, choices=LivingStandard.choices
    )
    lacks_telecom = models.BooleanField(_("lacks telecommunication services"), default=False)
    lacks_information_means = models.BooleanField(
        _("lacks means of accessing information"), null=True, blank=True
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    made_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("poverty assessment")
        verbose_name_plural = _("poverty assessments")
        ordering = ["household", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"], name="households_assessment_once_a_year"
            ),
        ]
        indexes = [
            # The indicators' two grouped counts read these indexes alone, in their order.
            models.Index(
                fields=[
                    "year",
                    "village",
                    "unit",
                    "ethnicity",
                    "head_sex",
                    "living_standard",
                    "lacks_telecom",
                    "lacks_information_means",
                ],
                name="households_assessment_counts",
            ),
            models.Index(
                fields=["year", "village", "unit", "deprivation_bits"],
                name="households_assessment_flags",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.year}"


class ExportKind(models.TextChoices):
    HOUSEHOLDS = "households", _("Household list")
    ASSESSMENTS = "assessments", _("Poverty assessments")


class ExportLog(models.Model):
    """Who took personal data of households out of the platform, when, why and how much.

    Every export of names (a spreadsheet, a printed list) records a row through
    ``services.export_log_record`` before the file is made; rows are never changed or deleted.
    """

    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    made_at = models.DateTimeField(_("exported at"), default=timezone.now)
    purpose = models.TextField(_("purpose"))
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=12, choices=ExportKind.choices)
    row_count = models.PositiveIntegerField(_("rows"))

    class Meta:
        verbose_name = _("export of personal data")
        verbose_name_plural = _("exports of personal data")
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"{self.made_at:%Y-%m-%d %H:%M} {self.kind}"


# --- Telecom support (Circular 14/2022/TT-BTTTT) ---------------------------------------------


class TelecomSupportKind(models.TextChoices):
    """The forms of support of the public-utility telecom programme to 2025 (Chương trình cung
    cấp dịch vụ viễn thông công ích đến năm 2025, Decision 2269/QĐ-TTg) for a household, as
    Circular 14/2022/TT-BTTTT sets them: a smartphone together with support for using a mobile
    service; support for one subscription (mobile, or fixed broadband where the household lives
    in an extremely difficult commune); or money, for a household on the list that bought a
    smartphone itself."""

    SMARTPHONE = "smartphone", _("Smartphone given")
    SUBSCRIPTION = "subscription", _("Subscription supported")
    CASH = "cash", _("Cash instead of a smartphone")


class TelecomProvider(models.TextChoices):
    """The enterprises that provide public-utility telecom services to households."""

    VIETTEL = "viettel", "Viettel"
    VINAPHONE = "vinaphone", "VNPT (VinaPhone)"
    MOBIFONE = "mobifone", "MobiFone"
    VIETNAMOBILE = "vietnamobile", "Vietnamobile"
    GMOBILE = "gmobile", "Gmobile"
    OTHER = "other", _("Other provider")


class TelecomStatus(models.TextChoices):
    ACTIVE = "active", _("Supported")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class TelecomEnrolment(TimeStampedModel):
    """A household's enrolment in telecom support (hỗ trợ sử dụng dịch vụ viễn thông công ích).

    ``subscriber_number`` keeps only the last three digits of the supported number
    (``*******678``): the provider holds the number and reports traffic per enrolment; an
    officer matches its monthly report to the household by the household, the provider and
    those digits, and needs no more. The full number is personal data the programme's figures
    do not need, so it is never stored here (the household's own ``phone`` is a separate,
    optional field).

    ``status`` follows the monthly traffic reports (``TelecomActivity``): see
    ``telecom_services.activity_record``. One household has at most one enrolment that is not
    ended.
    """

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="telecom_enrolments",
    )
    kind = models.CharField(_("form of support"), max_length=12, choices=TelecomSupportKind.choices)
    provider = models.CharField(_("provider"), max_length=12, choices=TelecomProvider.choices)
    subscriber_number = models.CharField(_("subscriber number (masked)"), max_length=16, blank=True)
    monthly_support_vnd = models.PositiveIntegerField(_("monthly support (₫)"), default=0)
    one_off_support_vnd = models.PositiveIntegerField(_("one-off support (₫)"), default=0)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TelecomStatus.choices, default=TelecomStatus.ACTIVE
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("telecom support enrolment")
        verbose_name_plural = _("telecom support enrolments")
        ordering = ["household", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=~Q(status="ended"),
                name="households_telecom_one_open_enrolment",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="households_telecom_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status="ended") | Q(ended_on__isnull=True),
                name="households_telecom_end_date_when_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.kind} {self.started_on:%Y-%m}"


class TelecomActivity(models.Model):
    """Whether the supported subscription had traffic (phát sinh lưu lượng) in a month, as the
    provider reports it. ``status_after`` is the enrolment's support status from the next month
    on, as the rule makes it from this report and the months before (stored so that a month's
    coverage reads the latest report before it)."""

    enrolment = models.ForeignKey(
        TelecomEnrolment,
        verbose_name=_("enrolment"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    has_traffic = models.BooleanField(_("had traffic"))
    status_after = models.CharField(
        _("status from the next month"),
        max_length=10,
        choices=TelecomStatus.choices,
        default=TelecomStatus.ACTIVE,
        editable=False,
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    made_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("monthly telecom activity")
        verbose_name_plural = _("monthly telecom activity")
        ordering = ["enrolment", "month"]
        constraints = [
            # ``month`` is the first day of its month (``activity_record`` writes it so). No
            # check constraint says it: on SQLite one would call a function only Django's
            # connections define, and a backup or a plain ``sqlite3`` could not write the table.
            models.UniqueConstraint(
                fields=["enrolment", "month"], name="households_telecom_activity_once_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.month:%Y-%m}"
