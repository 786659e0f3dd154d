from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from banso.common.fields import SortKeyField
from banso.common.models import TimeStampedModel
from banso.common.text import fold, sort_key


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune or ward")


class AdministrativeUnit(TimeStampedModel):
    """An official administrative unit (đơn vị hành chính), loaded from vietnamadminunits.

    Since 1 July 2025 there are two tiers (province → commune/ward). The three tiers before the
    reform (province → district → commune) stay as retired units (``is_current`` false) so data
    recorded against them still rolls up to today's units through ``UnitSuccession``.
    ``path`` lists the codes from the province down, for "everything under this unit" queries.
    """

    code = models.CharField(_("official code"), max_length=10)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    kind = models.CharField(_("type"), max_length=20, help_text=_("Xã, Phường, Huyện, Tỉnh …"))
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=100)
    name_folded = models.CharField(max_length=140, db_index=True, editable=False)
    name_sort = SortKeyField()
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=40, unique=True, editable=False)
    is_current = models.BooleanField(_("current"), default=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        symmetrical=False,
        related_name="predecessors",
        through_fields=("retired", "successor"),
        blank=True,
    )
    # Not stored: unit_lookup() sets it on the units it finds.
    current_successors: list["AdministrativeUnit"]

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current", "level", "code"], name="places_unit_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name if self.is_current else _("%(name)s (retired)") % {"name": self.name}


class UnitSuccession(models.Model):
    """A retired unit's land passed (in whole or in part) to a current unit.

    An old commune may feed several new ones; ``is_default`` marks the one its records roll up
    to (the one that took most of it, as the official conversion says).
    """

    retired = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="+")
    is_default = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["retired", "successor"], name="places_succession_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.retired} → {self.successor}"


class VillageKind(models.TextChoices):
    THON = "thon", _("Hamlet (thôn)")
    BAN = "ban", _("Village (bản)")
    TO_DAN_PHO = "to_dan_pho", _("Residential group (tổ dân phố)")


# The word that stands before a village's name: part of the proper name, never translated.
VILLAGE_PREFIX: dict[str, str] = {
    VillageKind.THON: "Thôn",
    VillageKind.BAN: "Bản",
    VillageKind.TO_DAN_PHO: "Tổ dân phố",
}


class Village(TimeStampedModel):
    """A village (thôn, bản, tổ dân phố) under a current commune or ward.

    No official data set lists villages, so officers create them or import them from Excel.
    """

    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune or ward"),
        on_delete=models.PROTECT,
        related_name="villages",
        limit_choices_to={"is_current": True, "level": "commune"},
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=12, choices=VillageKind.choices)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    name_sort = SortKeyField()
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["commune__path", "name_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name_folded"], name="places_village_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{VILLAGE_PREFIX[self.kind]} {self.name}"

    def clean(self) -> None:
        self.name = " ".join(self.name.split())
        self.name_folded = fold(self.name)
        self.name_sort = sort_key(self.name)
