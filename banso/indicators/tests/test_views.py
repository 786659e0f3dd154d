"""The dashboards and exports: what the public, a commune officer of another commune and the
commune's own officer see; targets and % of target; the DHIS2 JSON; the Excel workbook."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from banso.indicators.models import Indicator, Target
from banso.indicators.selectors import percent_of_target, target_status
from banso.indicators.services import indicators_recompute, target_set
from banso.indicators.tests.conftest import YEAR

TELECOM = "poor-near-poor-using-telecom"


@pytest.fixture
def computed(reviewed):
    indicators_recompute(year=YEAR)


def _commune_page(client, unit):
    return client.get(reverse("indicators:unit-dashboard", args=[unit.code]), {"period": YEAR})


@pytest.mark.django_db
def test_percent_of_target_and_its_colour():
    telecom = Indicator.objects.get(code=TELECOM)
    poor_rate = Indicator.objects.get(code="poor-household-rate")
    assert percent_of_target(96.7, 77.0) == 125.6
    assert percent_of_target(91.8, 93.0) == 98.7
    assert target_status(telecom, 96.7, 77.0) == "on"
    assert target_status(telecom, 91.8, 93.0) == "near"
    assert target_status(telecom, 50.0, 77.0) == "off"
    assert target_status(poor_rate, 8.0, 10.0) == "on"  # lower is better: under the ceiling
    assert target_status(poor_rate, 20.0, 10.0) == "off"
    assert target_status(telecom, 50.0, None) == ""


def test_the_public_sees_no_small_cells_and_no_villages(client, computed, muong_khuong):
    page = _commune_page(client, muong_khuong).content.decode()
    assert "61,5 %" in page  # Vietnamese decimal comma
    assert "Mã Tuyển" not in page
    assert "Ít hơn 5 hộ" in page  # the poor among them, 3 of 8: withheld
    assert "37,5" not in page


def test_an_officer_of_another_commune_sees_the_public_figures(
    client, computed, muong_khuong, other_commune_officer
):
    client.force_login(other_commune_officer)
    page = _commune_page(client, muong_khuong).content.decode()
    assert "Mã Tuyển" not in page
    assert 'id="detail-note"' not in page


def test_the_communes_officer_sees_its_villages_and_small_cells(
    client, computed, muong_khuong, commune_officer
):
    client.force_login(commune_officer)
    page = _commune_page(client, muong_khuong).content.decode()
    assert "Mã Tuyển" in page
    assert 'id="detail-note"' in page
    assert "37,5" in page  # 3 of 8 poor households: shown to the commune's officer


def test_target_and_percent_of_target_on_the_page(
    client, computed, muong_khuong, commune_officer, other_commune_officer
):
    telecom = Indicator.objects.get(code=TELECOM)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        target_set(
            actor=other_commune_officer, indicator=telecom, unit=muong_khuong, year=YEAR, value=60
        )
    assert not Target.objects.exists()
    target_set(actor=commune_officer, indicator=telecom, unit=muong_khuong, year=YEAR, value=60)
    page = _commune_page(client, muong_khuong).content.decode()
    assert 'class="track-on">102,5 %' in page  # 61.5 ÷ 60


def test_dhis2_data_value_sets(client, computed, lao_cai):
    response = client.get(reverse("indicators:export-dhis2"), {"period": YEAR})
    payload = response.json()
    assert set(payload) >= {"dataValues"}
    values = payload["dataValues"]
    assert values
    assert all(
        set(value) == {"dataElement", "period", "orgUnit", "categoryOptionCombo", "value"}
        for value in values
    )
    province = [
        value
        for value in values
        if value["orgUnit"] == lao_cai.code
        and value["dataElement"] == TELECOM
        and value["categoryOptionCombo"] == "default"
    ]
    assert province == [
        {
            "dataElement": TELECOM,
            "period": "2023",
            "orgUnit": "15",
            "categoryOptionCombo": "default",
            "value": "61.5",
        }
    ]
    # The public file holds no small cell: 3 of 8 poor households is left out.
    assert not any(
        value["categoryOptionCombo"] == "class:poor" and value["dataElement"] == TELECOM
        for value in values
    )


def test_excel_export_holds_the_figures_of_the_page(
    client, computed, muong_khuong, commune_officer
):
    client.force_login(commune_officer)
    response = client.get(
        reverse("indicators:export-xlsx"), {"unit": muong_khuong.code, "period": YEAR}
    )
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and isinstance(row[0], int)]
    by_name = {row[1]: row for row in rows}
    telecom = by_name[Indicator.objects.get(code=TELECOM).display_name]
    assert telecom[2:5] == (8, 13, 61.5)
    # One row an indicator with figures in the year: not the monthly telecom ones.
    yearly = Indicator.objects.filter(is_active=True).exclude(code__startswith="telecom-")
    assert len(rows) == yearly.count() == 4


def test_the_old_district_has_a_dashboard_of_its_old_communes(client, superuser, lao_cai):
    """The map of the time: the old province lists its old districts, each a link to its
    dashboard, which lists the old communes that made the 2023 lists."""
    from banso.indicators.services import recorded_fact_set
    from banso.places.models import AdministrativeUnit

    for code, (households, lacking) in {"02857": (20, 6), "02863": (30, 8)}.items():
        for fact, count in (
            ("households.poor_near_poor", households),
            ("households.poor_near_poor.lacks_telecom", lacking),
        ):
            recorded_fact_set(
                actor=superuser,
                code=fact,
                unit=AdministrativeUnit.objects.get(is_current=False, code=code),
                period="2023",
                value=count,
                source="Báo cáo rà soát 2023",
            )
    indicators_recompute(year=2023)
    district = AdministrativeUnit.objects.get(is_current=False, level="district", code="085")
    old_province = client.get(
        reverse("indicators:dashboard"), {"period": "2023", "hierarchy": "historic"}
    ).content.decode()
    link = reverse("indicators:unit-dashboard", args=[district.code])
    assert f'href="{link}?period=2023&amp;hierarchy=historic"' in old_province
    page = client.get(link, {"period": "2023", "hierarchy": "historic"})
    assert page.status_code == 200
    text = page.content.decode()
    assert district.name in text
    assert "72,0 %" in text  # 36 of 50 households use telecom
    assert "Thải Giàng Phố" in text and "Hoàng Thu Phố" in text
    # Not a unit of today's map.
    assert client.get(link, {"period": "2023"}).status_code == 404
