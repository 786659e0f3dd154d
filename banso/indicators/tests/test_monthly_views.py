"""The dashboards and files of a month of telecom support (``tests/telecom_support.py``): the
month named in the page's language, the period picker, the year's target held by a ratio and
not by a count, the DHIS2 and Excel files with DHIS2's monthly periods."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from banso.indicators.models import Indicator
from banso.indicators.selectors import indicator_dashboard
from banso.indicators.services import indicators_recompute, target_set
from banso.indicators.tests.telecom_support import SHARE, SUPPORTED, telecom_support_by_hand

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(province_officer, village, bac_ha):
    telecom_support_by_hand(province_officer, village, bac_ha)
    indicators_recompute(year=2023)


@pytest.mark.parametrize(
    ("language", "label"),
    [("vi", "tháng 4/2023"), ("en", "April 2023"), ("zh-hans", "2023年4月")],
)
def test_the_dashboard_names_the_month_in_the_pages_language(client, computed, language, label):
    with translation.override(language):
        address = reverse("indicators:dashboard")
    page = client.get(address, {"period": "202304"}).content.decode()
    assert f'<option value="202304" selected>{label}</option>' in page
    assert ">202304<" not in page
    assert 'id="indicator-telecom-traffic-share"' in page
    # A month lists the monthly indicators only: the yearly review's have no monthly figure.
    assert 'id="indicator-poor-household-rate"' not in page


def test_the_picker_lists_years_then_months(client, computed, reviewed):
    indicators_recompute(year=2023)
    page = client.get(reverse("indicators:dashboard")).content.decode()
    options = page[page.index('name="period"') : page.index("</select>")]
    order = [options.index(f'value="{period}"') for period in ("2023", "202304", "202301")]
    assert order == sorted(order)
    assert '<option value="2023" selected>2023</option>' in options  # the year by default
    assert "tháng 1/2023" in options


def test_a_month_is_held_to_its_years_target_when_a_ratio(
    client, computed, lao_cai, province_officer
):
    for code, target in ((SHARE, 80.0), (SUPPORTED, 100.0)):
        target_set(
            actor=province_officer,
            indicator=Indicator.objects.get(code=code),
            unit=lao_cai,
            year=2023,
            value=target,
        )
    # The province's officer: 5 of 7 is withheld from the public (2 without traffic).
    board = indicator_dashboard(province_officer, unit=lao_cai, period="202304")
    panels = {panel.indicator.code: panel for panel in board.panels}
    assert (panels[SHARE].target, panels[SHARE].percent_of_target) == (80.0, 89.2)  # 71.4 ÷ 80
    assert panels[SHARE].status == "off"
    # A count: a year's target is not a month's.
    assert (panels[SUPPORTED].target, panels[SUPPORTED].percent_of_target) == (None, None)
    client.force_login(province_officer)
    page = client.get(reverse("indicators:dashboard"), {"period": "202304"}).content.decode()
    section = page[page.index('id="indicator-telecom-households-supported"') :]
    assert '<td class="value">7</td>' in section  # a count, not "7,0"


def test_the_dhis2_file_carries_monthly_periods(client, computed, lao_cai, province_officer):
    public = client.get(reverse("indicators:export-dhis2"), {"period": "202304"}).json()
    # The public file holds no small cell: the province's 5 of 7 tells 2 without traffic.
    assert not any(value["dataElement"] == SHARE for value in public["dataValues"])
    client.force_login(province_officer)
    response = client.get(reverse("indicators:export-dhis2"), {"period": "202304"})
    values = response.json()["dataValues"]
    assert {value["period"] for value in values} == {"202304"}
    assert {
        "dataElement": SHARE,
        "period": "202304",
        "orgUnit": lao_cai.code,
        "categoryOptionCombo": "default",
        "value": "71.4",
    } in values


def test_the_excel_report_of_a_month(client, computed, province_officer, lao_cai):
    client.force_login(province_officer)
    response = client.get(
        reverse("indicators:export-xlsx"), {"unit": lao_cai.code, "period": "202304"}
    )
    assert '202304.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    period_row = next(row for row in rows if row[0] == "Kỳ báo cáo")
    assert period_row[1:3] == ("202304", "tháng 4/2023")
    figures = {row[1]: row for row in rows if row and isinstance(row[0], int)}
    share = figures[Indicator.objects.get(code=SHARE).display_name]
    assert share[2:5] == (5, 7, 71.4)
