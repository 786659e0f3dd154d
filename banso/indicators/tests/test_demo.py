"""The demo's targets and the households demo's 2023 reviews give the figures of Lào Cai's
report of 6 October 2023 on the province's row, and the dashboard shows them at once."""

import pytest
from django.urls import reverse

from banso.accounts.models import User
from banso.households.demo import households_demo_seed
from banso.indicators.demo import indicators_demo_seed
from banso.indicators.models import IndicatorValue, Target
from banso.indicators.selectors import indicator_dashboard


@pytest.fixture
def seeded(demo, lao_cai):
    # The villages, people and households of the demo (indicators' seed or not).
    admin = User.objects.get(phone="+84981000001")
    households_demo_seed(admin=admin)
    urls = indicators_demo_seed(admin=admin)
    return admin, urls


def test_the_province_row_gives_the_reports_figures(seeded, lao_cai):
    board = indicator_dashboard(None, unit=lao_cai, period="2023")
    panels = {panel.indicator.code: panel for panel in board.panels}
    telecom = panels["poor-near-poor-using-telecom"]
    assert telecom.figure is not None
    assert (telecom.figure.numerator, telecom.figure.denominator) == (9_670, 10_000)
    assert (telecom.figure.value, telecom.target, telecom.percent_of_target) == (
        96.7,
        77.0,
        125.6,
    )
    assert telecom.status == "on"
    information = panels["poor-near-poor-information-means"]
    assert information.figure is not None
    assert (information.figure.value, information.target) == (91.8, 93.0)
    assert information.percent_of_target == 98.7
    assert information.status == "near"


def test_the_former_bac_ha_district_counts_its_9000_poor_households(seeded):
    """The 2023 lists were made by the old communes: the old district's row of the time
    counts the 9,000 poor households of Bắc Hà the report speaks of."""
    from banso.indicators.models import Hierarchy
    from banso.places.models import AdministrativeUnit

    district = AdministrativeUnit.objects.get(
        is_current=False, level="district", name="Huyện Bắc Hà"
    )
    rate = IndicatorValue.objects.get(
        indicator__code="poor-household-rate",
        unit=district,
        hierarchy=Hierarchy.HISTORIC,
        period="2023",
        disaggregation="",
    )
    assert (rate.numerator, rate.denominator) == (9_000, 9_000)


def test_the_dashboard_shows_them_without_the_worker(seeded, client, lao_cai):
    _admin, urls = seeded
    assert urls[0].endswith(reverse("indicators:dashboard") + "?period=2023")
    page = client.get(reverse("indicators:dashboard"), {"period": "2023"}).content.decode()
    assert "96,7 %" in page
    assert "125,6 %" in page
    assert "98,7 %" in page


def test_seeding_twice_changes_nothing(seeded, lao_cai):
    admin, _urls = seeded
    values = IndicatorValue.objects.filter(year=2023).count()
    indicators_demo_seed(admin=admin)
    assert Target.objects.filter(unit=lao_cai, year=2023).count() == 2
    assert IndicatorValue.objects.filter(year=2023).count() == values


def test_the_months_of_2023_have_believable_figures(seeded, lao_cai, client):
    """The telecom demo's reports give each month of 2023 its figures: nearly all of the 3,000
    households supported, most with traffic, a few suspended, more as the year goes on."""
    board = indicator_dashboard(None, unit=lao_cai, period="202306")
    assert "202301" in board.periods and "202312" in board.periods
    panels = {panel.indicator.code: panel for panel in board.panels}
    share = panels["telecom-traffic-share"].figure
    assert share is not None and share.value is not None
    assert 80 < share.value < 98
    assert share.denominator is not None and 2_800 < share.denominator < 3_000
    supported = panels["telecom-households-supported"].figure
    assert supported is not None and 2_700 < supported.numerator < 3_000
    assert {part.label for part in panels["telecom-traffic-share"].parts}  # by commune

    def suspended(period):
        return IndicatorValue.objects.get(
            indicator__code="telecom-households-suspended",
            unit=lao_cai,
            period=period,
            disaggregation="",
        ).numerator

    assert 0 < suspended("202304") < suspended("202312") < 300
    page = client.get(reverse("indicators:dashboard"), {"period": "202312"}).content.decode()
    assert "tháng 12/2023" in page
