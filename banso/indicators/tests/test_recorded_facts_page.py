"""The page of figures counted outside the platform: who records for which units (today's and
the old ones they took over), values checked at the boundary, and the year recomputed after a
save as after an import (at once without a worker, queued for one)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from banso.indicators.models import IndicatorValue, RecordedFact
from banso.indicators.selectors import recorded_fact_units_under
from banso.indicators.services import recorded_fact_set
from banso.indicators.tasks import indicators_recompute_task
from banso.jobs.models import WorkerHeartbeat
from banso.places.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

TELECOM = "poor-near-poor-using-telecom"
URL = reverse("indicators:recorded-facts")
SOURCE = "Báo cáo rà soát hộ nghèo 2023 của UBND xã Nấm Lư"


def _retired(level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=level, code=code, is_current=False)


@pytest.fixture
def nam_lu(places):
    """An old commune of the former Mường Khương district, taken into Mường Khương."""
    return _retired("commune", "02773")


def _figure(unit, **changes):
    return {
        "code": "households.poor_near_poor",
        "unit": unit.pk,
        "period": "2023",
        "value": "40",
        "source": SOURCE,
    } | changes


def _post(client, page_unit, data):
    return client.post(f"{URL}?unit={page_unit.code}", data)


def test_the_units_each_page_records_for(muong_khuong, lao_cai, nam_lu):
    communes = recorded_fact_units_under(muong_khuong)
    assert communes[0] == muong_khuong
    assert nam_lu in communes
    assert {unit.level for unit in communes[1:]} == {"commune"}
    assert not any(unit.is_current for unit in communes[1:])
    province = recorded_fact_units_under(lao_cai)
    assert province[0] == lao_cai
    assert _retired("district", "085") in province  # the former Bắc Hà district
    assert _retired("province", "10") in province  # the former Lào Cai
    assert nam_lu not in province  # recorded from Mường Khương's page


def test_who_may_record_for_which_unit(
    client,
    make_user,
    commune_officer,
    other_commune_officer,
    province_officer,
    muong_khuong,
    lao_cai,
    bac_ha,
    nam_lu,
):
    login = reverse("accounts:login")
    for response in (
        client.get(URL, {"unit": muong_khuong.code}),
        _post(client, muong_khuong, _figure(nam_lu)),
    ):
        assert response.status_code == 302 and response["Location"].startswith(login)

    client.force_login(make_user("Không vai trò"))
    assert client.get(URL).status_code == 403

    client.force_login(other_commune_officer)
    assert client.get(URL, {"unit": muong_khuong.code}).status_code == 403
    assert _post(client, muong_khuong, _figure(nam_lu)).status_code == 403
    # From their own page, a unit of another commune is not one to choose.
    refused = _post(client, bac_ha, _figure(nam_lu))
    assert refused.status_code == 400 and "unit" in refused.context["form"].errors

    client.force_login(commune_officer)
    assert client.get(URL, {"unit": lao_cai.code}).status_code == 403
    page = client.get(URL)
    assert page.status_code == 200 and page.context["unit"] == muong_khuong
    assert not RecordedFact.objects.exists()

    client.force_login(province_officer)
    assert client.get(URL, {"unit": muong_khuong.code}).status_code == 200
    district = _retired("district", "083")
    assert _post(client, lao_cai, _figure(district)).status_code == 302
    assert RecordedFact.objects.get().unit == district


def test_a_bad_value_is_refused_beside_its_field(client, commune_officer, muong_khuong, nam_lu):
    client.force_login(commune_officer)
    for field, value in (
        ("period", "2023-06"),
        ("period", "202313"),
        ("value", "-3"),
        ("value", "bốn mươi"),
        ("code", "households.everyone"),
        ("source", "  "),
    ):
        refused = _post(client, muong_khuong, _figure(nam_lu, **{field: value}))
        assert refused.status_code == 400, (field, value)
        assert list(refused.context["form"].errors) == [field], (field, value)
    html = refused.content.decode()
    assert "Trường này là bắt buộc." in html
    assert not RecordedFact.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_a_figure_recorded_is_recomputed_and_shown_on_the_dashboard(
    client, commune_officer, muong_khuong, lao_cai, nam_lu
):
    client.force_login(commune_officer)
    assert _post(client, muong_khuong, _figure(nam_lu)).status_code == 302
    saved = _post(
        client,
        muong_khuong,
        _figure(nam_lu, code="households.poor_near_poor.lacks_telecom", value="10"),
    )
    assert saved.status_code == 302
    assert saved["Location"] == f"{URL}?unit={muong_khuong.code}"
    record = RecordedFact.objects.get(code="households.poor_near_poor.lacks_telecom")
    assert (record.unit, record.period, record.recorded_by) == (nam_lu, "2023", commune_officer)

    # No worker runs here: the save recomputed 2023 itself, onto today's commune.
    for unit in (muong_khuong, lao_cai):
        value = IndicatorValue.objects.get(
            indicator__code=TELECOM,
            unit=unit,
            village__isnull=True,
            disaggregation="",
            period="2023",
            hierarchy="current",
        )
        assert (value.numerator, value.denominator, value.value) == (30, 40, 75.0)
    client.logout()
    dashboard = client.get(
        reverse("indicators:unit-dashboard", args=[muong_khuong.code]), {"period": "2023"}
    )
    row = dashboard.content.decode().split(f'id="indicator-{TELECOM}"')[1]
    assert '<td class="value">75 %</td><td>30</td><td>40</td>' in row

    # A correction: the same figure again replaces it, and the dashboard follows.
    client.force_login(commune_officer)
    _post(
        client,
        muong_khuong,
        _figure(nam_lu, code="households.poor_near_poor.lacks_telecom", value="20"),
    )
    assert RecordedFact.objects.count() == 2
    client.logout()
    page = client.get(
        reverse("indicators:unit-dashboard", args=[muong_khuong.code]), {"period": "2023"}
    ).content.decode()
    assert '<td class="value">50 %</td><td>20</td><td>40</td>' in page


def test_with_a_worker_the_year_is_queued(
    client, commune_officer, muong_khuong, nam_lu, django_capture_on_commit_callbacks
):
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="w1", hostname="h", pid=1, started_at=now, seen_at=now)
    client.force_login(commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, muong_khuong, _figure(nam_lu, period="202306"))
    assert response.status_code == 302
    queued = DBTaskResult.objects.filter(
        task_path=indicators_recompute_task.module_path, status=TaskResultStatus.READY
    )
    assert [task.args_kwargs["kwargs"] for task in queued] == [{"year": 2023}]
    assert not IndicatorValue.objects.exists()
    page = client.get(f"{URL}?unit={muong_khuong.code}").content.decode()
    assert "đang được tính lại" in page


def test_the_list_shows_the_units_figures_in_a_fixed_number_of_queries(
    client, commune_officer, other_commune_officer, muong_khuong, bac_ha, nam_lu
):
    def record(actor, unit, period):
        recorded_fact_set(
            actor=actor,
            code="households.assessed",
            unit=unit,
            period=period,
            value=12,
            source=SOURCE,
        )

    record(commune_officer, nam_lu, "2023")
    record(other_commune_officer, bac_ha, "2023")  # another commune's: not listed
    client.force_login(commune_officer)
    with CaptureQueriesContext(connection) as one:
        page = client.get(URL, {"unit": muong_khuong.code})
    assert [fact.unit for fact, _label in page.context["rows"]] == [nam_lu]
    for period in ("2019", "2020", "2021", "2022"):
        record(commune_officer, nam_lu, period)
    record(commune_officer, muong_khuong, "2024")
    with CaptureQueriesContext(connection) as six:
        page = client.get(URL, {"unit": muong_khuong.code})
    rows = page.context["rows"]
    assert [fact.period for fact, _label in rows] == [
        "2024",
        "2023",
        "2022",
        "2021",
        "2020",
        "2019",
    ]
    assert len(six.captured_queries) == len(one.captured_queries)
    assert "Số hộ được rà soát" in page.content.decode()
