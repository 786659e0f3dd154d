"""The published indices a province is ranked on, and their pillars.

Kept as choices in code rather than rows of a table: there are five, each published by a
national body with a methodology of its own (DTI by the Ministry of Science and Technology,
formerly of Information and Communications; PCI by VCCI; PAPI by UNDP; the PAR Index and SIPAS
by the Ministry of Home Affairs), and their names and pillars must read in Vietnamese, English
and Chinese, which the translation catalogs give code and not rows. A new index or pillar is a
reviewed change, as a change of methodology is.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class RankingIndex(models.TextChoices):
    DTI = "dti", _("Digital transformation index (DTI)")
    PCI = "pci", _("Provincial competitiveness index (PCI)")
    PAPI = "papi", _("Governance and public administration performance index (PAPI)")
    PAR = "par", _("Public administration reform index (PAR Index)")
    SIPAS = "sipas", _("Satisfaction with public administrative services (SIPAS)")


@dataclass(frozen=True)
class Pillar:
    code: str
    name: str | Promise


# The provincial DTI's three pillars (Decision 922/QĐ-BTTTT of 20 May 2022).
PILLARS: dict[str, tuple[Pillar, ...]] = {
    RankingIndex.DTI: (
        Pillar("digital_government", _("Digital government")),
        Pillar("digital_economy", _("Digital economy")),
        Pillar("digital_society", _("Digital society")),
    ),
}

# Decimals each index publishes its scores with (DTI 0.7167, PCI 68.56).
DECIMALS: dict[str, int] = {RankingIndex.DTI: 4}
DEFAULT_DECIMALS = 2


def index_pillars(index: str) -> tuple[Pillar, ...]:
    return PILLARS.get(index, ())


def index_decimals(index: str) -> int:
    return DECIMALS.get(index, DEFAULT_DECIMALS)
