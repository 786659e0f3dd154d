"""Lào Cai's 2023 targets on the two information indicators, so that the dashboard shows the
figures of the province's report of October 2023 (Báo Dân tộc và Phát triển, 6 October
2023): 96.7 % of poor and near-poor households using telecommunication services, 125.6 % of the
year's target, and 91.8 % with a means of accessing information, 98.7 % of the target.

The report gives the actual figures and their share of the target, not the targets: they are
worked back from them (96.7 ÷ 1.256 ≈ 77.0; 91.8 ÷ 0.987 ≈ 93.0) and give the report's shares
again to one decimal. The actual figures come from the households demo's 10,000 reviews of 2023
(``households.demo``), which must be seeded first; the recompute then fills the analytics table
so that the dashboard shows them at once, without waiting for the worker.
"""

from django.conf import settings
from django.urls import reverse

from banso.indicators.models import Indicator
from banso.indicators.services import indicators_recompute, target_set
from banso.places.models import AdministrativeUnit, UnitLevel

YEAR = 2023
TARGETS = {
    "poor-near-poor-using-telecom": 77.0,
    "poor-near-poor-information-means": 93.0,
}


def indicators_demo_seed(*, admin) -> list[str]:
    """Set the province's 2023 targets and compute the 2023 figures; returns the dashboard's
    address. Seeding twice changes nothing."""
    province = AdministrativeUnit.objects.get(
        is_current=True, level=UnitLevel.PROVINCE, code=settings.HOME_PROVINCE_CODE
    )
    for indicator in Indicator.objects.filter(code__in=TARGETS):
        target_set(
            actor=admin,
            indicator=indicator,
            unit=province,
            year=YEAR,
            value=TARGETS[indicator.code],
        )
    indicators_recompute(year=YEAR)
    return [settings.SITE_URL.rstrip("/") + reverse("indicators:dashboard") + f"?period={YEAR}"]
