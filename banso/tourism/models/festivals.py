from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from banso.common.fields import SortKeyField
from banso.common.models import TimeStampedModel
from banso.places.models import AdministrativeUnit
from banso.tourism.models.places import Place


class FestivalRule(models.TextChoices):
    LUNAR = "lunar", _("Lunar calendar date")
    WEEKLY = "weekly", _("Every week")
    SOLAR = "solar", _("Same date every year")


class Branch(models.IntegerChoices):
    """The earthly branches (địa chi) that name the days in turn; Vietnam's fourth is the cat."""

    TY = 0, pgettext_lazy("earthly branch", "Rat")
    SUU = 1, pgettext_lazy("earthly branch", "Ox")
    DAN = 2, pgettext_lazy("earthly branch", "Tiger")
    MAO = 3, pgettext_lazy("earthly branch", "Cat")
    THIN = 4, pgettext_lazy("earthly branch", "Dragon")
    TI = 5, pgettext_lazy("earthly branch", "Snake")
    NGO = 6, pgettext_lazy("earthly branch", "Horse")
    MUI = 7, pgettext_lazy("earthly branch", "Goat")
    THAN = 8, pgettext_lazy("earthly branch", "Monkey")
    DAU = 9, pgettext_lazy("earthly branch", "Rooster")
    TUAT = 10, pgettext_lazy("earthly branch", "Dog")
    HOI = 11, pgettext_lazy("earthly branch", "Pig")


class Festival(TimeStampedModel):
    """A festival (lễ hội) or a market day.

    Lào Cai's festivals follow the Vietnamese lunar calendar (Gầu Tào, Roóng Poọc, Tết Nhảy),
    its markets a weekday (Bắc Hà on Sunday, Sa Pa's love market on Saturday evening): the rule
    is stored, and the Gregorian dates of each year are computed from it
    (``banso.tourism.occurrences``), never typed year by year.
    """

    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=220, db_index=True, editable=False)
    name_sort = SortKeyField()
    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    story = models.TextField(_("story"), blank=True)
    people = models.CharField(
        _("held by"), max_length=100, blank=True, help_text=_("The ethnic group, e.g. H'Mông, Dao.")
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"is_current": True},
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="festivals",
    )
    rule = models.CharField(_("when"), max_length=8, choices=FestivalRule.choices)
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    is_leap_month = models.BooleanField(_("in the leap month"), default=False)
    day_branch = models.PositiveSmallIntegerField(
        _("branch of the day"),
        choices=Branch.choices,
        null=True,
        blank=True,
        help_text=_(
            "A lunar festival held on the first day of a branch from its date on, as Roóng Poọc "
            "on the first Dragon (Thìn) day of the year: month 1, day 1, Dragon."
        ),
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(6)],
        help_text=_("0 is Monday, 6 is Sunday."),
    )
    duration_days = models.PositiveSmallIntegerField(
        _("lasts (days)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    starts_at_time = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at_time = models.TimeField(_("ends at"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("festival or market")
        verbose_name_plural = _("festivals and markets")
        ordering = ["name_sort"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rule="weekly", weekday__isnull=False)
                | (~Q(rule="weekly") & Q(month__isnull=False, day__isnull=False)),
                name="tourism_festival_rule_complete",
                violation_error_code="rule",
                violation_error_message=_(
                    "Give the weekday of a weekly market, or the month and day of a festival."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name
