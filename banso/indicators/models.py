from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from banso.indicators.ranking_indexes import RankingIndex, index_pillars
from banso.places.models import AdministrativeUnit, Village

EXPRESSION_MESSAGE = _(
    "Write fact codes joined by + and -, e.g. households.poor + households.near_poor."
)


class Disaggregation(models.TextChoices):
    """How an indicator's figures may be broken down (DHIS2's category combinations)."""

    ETHNICITY = "ethnicity", _("Ethnicity")
    HEAD_SEX = "head_sex", _("Sex of the head of household")
    CLASS = "class", _("Poor or near-poor")
    SUPPORT = "support", _("Form of telecom support")


class Indicator(models.Model):
    """An indicator (chỉ tiêu) as DHIS2 defines one: numerator ÷ denominator × factor, both
    counted from facts, never typed in.

    ``numerator`` and ``denominator`` are fact expressions: fact codes joined by ``+`` and
    ``-`` (``households.poor_near_poor - households.poor_near_poor.lacks_telecom``); an empty
    denominator makes the indicator a count. Seeded indicators keep their English name, shown
    through the translation catalogs (``display_name``); an indicator a province adds shows its
    name as written.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    numerator = models.CharField(_("numerator"), max_length=400)
    denominator = models.CharField(_("denominator"), max_length=400, blank=True)
    factor = models.PositiveIntegerField(_("factor"), default=100)
    decimals = models.PositiveSmallIntegerField(
        _("decimals"), default=1, validators=[MaxValueValidator(4)]
    )
    disaggregations = models.JSONField(_("disaggregations allowed"), default=list, blank=True)
    is_higher_better = models.BooleanField(_("higher is better"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        from banso.indicators.facts import expression_is_valid

        errors = {}
        if not expression_is_valid(self.numerator):
            errors["numerator"] = ValidationError(EXPRESSION_MESSAGE, code="expression")
        if self.denominator.strip() and not expression_is_valid(self.denominator):
            errors["denominator"] = ValidationError(EXPRESSION_MESSAGE, code="expression")
        unknown = set(self.disaggregations or []) - set(Disaggregation.values)
        if unknown or not isinstance(self.disaggregations, list):
            errors["disaggregations"] = ValidationError(
                _("Unknown disaggregation."), code="disaggregation"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        return gettext(self.name)

    @property
    def is_percentage(self) -> bool:
        return bool(self.denominator) and self.factor == 100


class Target(models.Model):
    """What a unit aims to reach on an indicator in a year (chỉ tiêu kế hoạch năm), e.g. 77 %
    of poor and near-poor households using telecommunication services in 2023. DHIS2 has no
    targets as values of their own; here "Percent of target" is actual ÷ target × 100."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.FloatField(_("target"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "unit__path", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year"], name="indicators_target_once_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit_id} {self.year}: {self.value}"


class RecordedFact(models.Model):
    """A count recorded as a figure rather than counted from rows of the platform: the
    totals of a review made before the platform, as the commune reported them, under the unit
    of that time (an old commune of a district abolished on 1 July 2025 keeps its figures).
    The recompute reads them beside the counted facts, as DHIS2 reads its data values."""

    code = models.CharField(_("fact"), max_length=80)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # "2023" or "202306". Checked by the validator (the service runs it), not by a database
    # constraint: on SQLite a regex constraint calls a function only Django's connections
    # define, and a backup or a plain sqlite3 could then not write the table.
    period = models.CharField(
        _("period"), max_length=6, validators=[RegexValidator(r"^[0-9]{4}([0-9]{2})?$")]
    )
    disaggregation = models.CharField(_("disaggregation"), max_length=40, blank=True)
    value = models.PositiveIntegerField(_("households"))
    source = models.CharField(_("source"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("recorded fact")
        verbose_name_plural = _("recorded facts")
        ordering = ["period", "unit__path", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "unit", "period", "disaggregation"],
                name="indicators_recorded_fact_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.unit_id} {self.period}: {self.value}"

    def clean(self) -> None:
        # The validator takes six digits; a month is 01 to 12 (DHIS2's "202306").
        if len(self.period) == 6 and self.period.isdigit() and not 1 <= int(self.period[4:]) <= 12:
            raise ValidationError(
                {"period": ValidationError(_("A month is numbered 01 to 12."), code="month")}
            )


class Level(models.TextChoices):
    VILLAGE = "village", _("Village")
    COMMUNE = "commune", _("Commune or ward")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")


class Hierarchy(models.TextChoices):
    """Which map a value is counted over: today's units (figures of old communes moved onto
    the communes that took them), or the units of the time (before 1 July 2025)."""

    CURRENT = "current", _("Today's units")
    HISTORIC = "historic", _("Units before 1 July 2025")


class IndicatorValue(models.Model):
    """One computed figure of the analytics table (DHIS2's analytics tables): an indicator in
    a unit, a period and a disaggregation, with what it was computed from. Written only by
    ``services.indicators_recompute``, which replaces a period's rows at once."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("For a village, its commune."),
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    period = models.CharField(_("period"), max_length=6)
    year = models.PositiveSmallIntegerField(_("year"))
    disaggregation = models.CharField(_("disaggregation"), max_length=40, blank=True)
    numerator = models.IntegerField(_("numerator"))
    denominator = models.IntegerField(_("denominator"), null=True, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    is_suppressed = models.BooleanField(_("suppressed"), default=False)
    hierarchy = models.CharField(
        _("hierarchy"), max_length=10, choices=Hierarchy.choices, default=Hierarchy.CURRENT
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "period", "unit__path"]
        indexes = [
            models.Index(
                fields=["period", "hierarchy", "level", "unit"], name="indicators_value_lookup"
            ),
            models.Index(fields=["year"], name="indicators_value_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.period} {self.disaggregation}"


class RankingEdition(models.Model):
    """One edition of a published index (bảng xếp hạng) for a province: its score, rank and
    the number of provinces ranked, with the source it was read from. The unit is the
    province the edition ranked: editions of before 1 July 2025 ranked the 63 provinces of the
    time (a retired province), the DTI 2024, published in October 2025, the 34 of today."""

    index = models.CharField(_("index"), max_length=10, choices=RankingIndex.choices)
    edition = models.PositiveSmallIntegerField(
        _("edition"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
    )
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=4)
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    out_of = models.PositiveSmallIntegerField(
        _("provinces ranked"), validators=[MinValueValidator(1)]
    )
    pillar_scores = models.JSONField(_("pillar scores"), default=dict, blank=True)
    source = models.TextField(_("source"), help_text=_("Who published it, where, and its address."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("ranking edition")
        verbose_name_plural = _("ranking editions")
        ordering = ["index", "edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["index", "edition", "unit"], name="indicators_ranking_edition_once"
            ),
            models.CheckConstraint(
                condition=Q(rank__lte=models.F("out_of")),
                name="indicators_ranking_rank_within",
                violation_error_code="rank",
                violation_error_message=_("The rank cannot exceed the number of provinces ranked."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.index} {self.edition} {self.unit_id}: {self.rank}/{self.out_of}"

    def clean(self) -> None:
        pillars = {pillar.code for pillar in index_pillars(self.index)}
        scores = self.pillar_scores
        if not isinstance(scores, dict) or set(scores) - pillars:
            raise ValidationError(
                {
                    "pillar_scores": ValidationError(
                        _("Give scores only for the pillars of this index."), code="pillars"
                    )
                }
            )
        if any(not isinstance(value, int | float) or value < 0 for value in scores.values()):
            raise ValidationError(
                {
                    "pillar_scores": ValidationError(
                        _("A pillar score is a number, 0 or more."), code="pillar_score"
                    )
                }
            )
