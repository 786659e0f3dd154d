"""The targets page: who may set which unit's targets, values checked at the boundary (all or
nothing, errors beside their field in the reader's language), and the dashboard that shows
the targets saved at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from banso.indicators.models import Indicator, Target
from banso.indicators.selectors import target_units_for_user
from banso.indicators.services import indicators_recompute, target_set, targets_set
from banso.indicators.tests.conftest import YEAR
from banso.places.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

TELECOM = "poor-near-poor-using-telecom"
INFORMATION = "poor-near-poor-information-means"
URL = reverse("indicators:targets")


def _page(client, unit, year=YEAR):
    return client.get(URL, {"unit": unit.code, "year": year})


def _post(client, unit, data, year=YEAR):
    return client.post(f"{URL}?unit={unit.code}&year={year}", data)


@pytest.fixture
def ha_giang_commune(places):
    province = AdministrativeUnit.objects.get(level="province", code="08", is_current=True)
    return AdministrativeUnit.objects.filter(parent=province, is_current=True).first()


def test_who_may_open_and_save_which_units_targets(
    client,
    make_user,
    commune_officer,
    other_commune_officer,
    province_officer,
    muong_khuong,
    bac_ha,
    lao_cai,
    ha_giang_commune,
):
    login = reverse("accounts:login")
    for response in (_page(client, muong_khuong), _post(client, muong_khuong, {TELECOM: "70"})):
        assert response.status_code == 302 and response["Location"].startswith(login)

    client.force_login(make_user("Không vai trò"))
    assert client.get(URL).status_code == 403
    assert _page(client, muong_khuong).status_code == 403

    client.force_login(other_commune_officer)
    assert _page(client, muong_khuong).status_code == 403
    assert _post(client, muong_khuong, {TELECOM: "70"}).status_code == 403
    own = client.get(URL)  # without a unit: the officer's own commune
    assert own.status_code == 200 and own.context["unit"] == bac_ha

    client.force_login(commune_officer)
    assert _page(client, muong_khuong).status_code == 200
    assert _page(client, lao_cai).status_code == 403  # the province is not the commune's
    assert _post(client, lao_cai, {TELECOM: "70"}).status_code == 403
    assert target_units_for_user(commune_officer) == [muong_khuong]

    client.force_login(province_officer)
    for unit in (lao_cai, muong_khuong, bac_ha):
        assert _page(client, unit).status_code == 200
    assert _page(client, ha_giang_commune).status_code == 403
    units = target_units_for_user(province_officer)
    assert units[0] == lao_cai and len(units) == 100  # the province and its 99 communes
    assert {unit.parent_id for unit in units[1:]} == {lao_cai.pk}
    choices = [
        value for value, _label in _page(client, lao_cai).context["picker"]["unit"].field.choices
    ]
    assert choices[0] == lao_cai.code and muong_khuong.code in choices
    assert not Target.objects.exists()


def test_a_superuser_is_offered_the_home_province_and_its_communes(client, superuser, lao_cai):
    client.force_login(superuser)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["unit"] == lao_cai
    assert len(target_units_for_user(superuser)) == 100


def test_the_page_lists_every_active_indicator_with_its_target(
    client, commune_officer, muong_khuong
):
    telecom = Indicator.objects.get(code=TELECOM)
    target_set(actor=commune_officer, indicator=telecom, unit=muong_khuong, year=YEAR, value=77.5)
    target_set(actor=commune_officer, indicator=telecom, unit=muong_khuong, year=2024, value=60)
    client.force_login(commune_officer)
    response = _page(client, muong_khuong)
    form = response.context["form"]
    assert list(form.fields) == list(
        Indicator.objects.filter(is_active=True).values_list("code", flat=True)
    )
    html = response.content.decode()
    assert f'name="{TELECOM}" value="77,5"' in html  # the Vietnamese decimal comma
    assert f'name="{INFORMATION}" ' in html and f'name="{INFORMATION}" value=' not in html


def test_a_bad_value_is_refused_beside_its_field_and_nothing_is_saved(
    client, commune_officer, muong_khuong
):
    telecom = Indicator.objects.get(code=TELECOM)
    target_set(actor=commune_officer, indicator=telecom, unit=muong_khuong, year=YEAR, value=60)
    client.force_login(commune_officer)
    response = _post(
        client,
        muong_khuong,
        {TELECOM: "80", INFORMATION: "mười", "poor-household-rate": "150"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors[INFORMATION] == ["Hãy nhập một số, ví dụ 50 hoặc 12,5."]
    assert "100" in errors["poor-household-rate"][0]
    assert TELECOM not in errors
    assert 'value="mười"' in response.content.decode()  # what was typed, shown back
    assert list(Target.objects.values_list("indicator__code", "value")) == [(TELECOM, 60.0)]

    english = client.post(f"/en{URL}?unit={muong_khuong.code}&year={YEAR}", {INFORMATION: "ten"})
    assert english.status_code == 400
    assert english.context["form"].errors[INFORMATION] == ["Enter a number, such as 50 or 12.5."]


def test_saving_shows_the_new_targets_on_the_dashboard_at_once(
    client, reviewed, commune_officer, muong_khuong
):
    indicators_recompute(year=YEAR)
    dashboard = reverse("indicators:unit-dashboard", args=[muong_khuong.code])
    client.force_login(commune_officer)
    assert "track-on" not in client.get(dashboard, {"period": YEAR}).content.decode()

    saved = _post(client, muong_khuong, {TELECOM: "60", INFORMATION: "93"})
    assert saved.status_code == 302
    assert saved["Location"] == f"{URL}?unit={muong_khuong.code}&year={YEAR}"
    assert dict(Target.objects.values_list("indicator__code", "value")) == {
        TELECOM: 60.0,
        INFORMATION: 93.0,
    }
    page = client.get(dashboard, {"period": YEAR}).content.decode()
    assert 'class="track-on">102,5 % · Đạt chỉ tiêu' in page  # 61.5 ÷ 60
    assert 'class="track-on">107,5 %' in page  # 100 ÷ 93

    # Changed: 61.5 ÷ 80 is 76.9 %, off track; the information target cleared.
    assert _post(client, muong_khuong, {TELECOM: "80", INFORMATION: ""}).status_code == 302
    assert dict(Target.objects.values_list("indicator__code", "value")) == {TELECOM: 80.0}
    client.logout()  # the public reads the same targets
    page = client.get(dashboard, {"period": YEAR}).content.decode()
    assert 'class="track-off">76,9 %' in page
    assert "102,5 %" not in page and "107,5 %" not in page


def test_the_batch_is_all_or_nothing_and_checks_the_actor(
    commune_officer, other_commune_officer, muong_khuong
):
    telecom = Indicator.objects.get(code=TELECOM)
    information = Indicator.objects.get(code=INFORMATION)
    with pytest.raises(PermissionDenied):
        targets_set(
            actor=other_commune_officer, unit=muong_khuong, year=YEAR, values={telecom: 70.0}
        )
    with pytest.raises(ValidationError) as refused:
        targets_set(
            actor=commune_officer,
            unit=muong_khuong,
            year=YEAR,
            values={telecom: 70.0, information: -1.0},
        )
    assert set(refused.value.message_dict) == {INFORMATION}
    assert not Target.objects.exists()
    assert (
        targets_set(
            actor=commune_officer,
            unit=muong_khuong,
            year=YEAR,
            values={telecom: 70.0, information: None},
        )
        == 1
    )
    assert (
        targets_set(actor=commune_officer, unit=muong_khuong, year=YEAR, values={telecom: 70.0})
        == 0
    )


def test_the_dashboard_links_the_targets_and_figures_pages_to_those_who_may_use_them(
    client, reviewed, commune_officer, other_commune_officer, province_officer, muong_khuong
):
    indicators_recompute(year=YEAR)
    commune = reverse("indicators:unit-dashboard", args=[muong_khuong.code])
    province = reverse("indicators:dashboard")
    assert 'id="officer-links"' not in client.get(commune).content.decode()

    client.force_login(other_commune_officer)
    assert 'id="officer-links"' not in client.get(commune).content.decode()

    client.force_login(commune_officer)
    page = client.get(commune, {"period": YEAR}).content.decode()
    assert f'href="{URL}?unit={muong_khuong.code}&amp;year={YEAR}"' in page
    assert 'id="figures-link"' in page
    assert 'id="officer-links"' not in client.get(province).content.decode()

    client.force_login(province_officer)
    page = client.get(province).content.decode()
    assert 'id="targets-link"' in page and 'id="figures-link"' in page
