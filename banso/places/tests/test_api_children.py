"""The places API lists the units under a unit: a province's current communes and wards."""

import pytest

from banso.common.text import sort_key
from banso.places.models import AdministrativeUnit, UnitLevel


def _children(code: str) -> str:
    return f"/api/places/units/{code}/children"


@pytest.fixture
def retired_commune_of_lao_cai(lao_cai):
    """A retired commune left directly under today's province."""
    return AdministrativeUnit.objects.create(
        code="99998",
        level=UnitLevel.COMMUNE,
        kind="Xã",
        name="Xã An Cũ",
        short_name="An Cũ",
        name_folded="an cu",
        parent=lao_cai,
        path=f"{lao_cai.path}99998/",
        is_current=False,
    )


def test_a_province_s_children_are_its_current_communes_by_name(
    client, lao_cai, muong_khuong, retired_commune_of_lao_cai, django_assert_num_queries
):
    with django_assert_num_queries(2):
        response = client.get(_children(lao_cai.code))
    assert response.status_code == 200
    units = response.json()
    current = AdministrativeUnit.objects.filter(parent=lao_cai, is_current=True)
    assert len(units) == current.count() > 50
    assert {unit["code"] for unit in units} == set(current.values_list("code", flat=True))
    assert retired_commune_of_lao_cai.code not in {unit["code"] for unit in units}
    # In Vietnamese alphabetical order: "Bản Hồ" before "Bắc Hà".
    names = dict(current.values_list("code", "short_name"))
    listed = [names[unit["code"]] for unit in units]
    assert listed == sorted(listed, key=sort_key)
    assert listed.index("Bản Hồ") < listed.index("Bắc Hà")
    mine = next(unit for unit in units if unit["code"] == muong_khuong.code)
    assert mine == {
        "code": "02761",
        "name": "Xã Mường Khương",
        "level": "commune",
        "is_current": True,
    }


def test_the_children_of_another_province_are_its_own(client, lao_cai, muong_khuong):
    hanoi = AdministrativeUnit.objects.get(is_current=True, level=UnitLevel.PROVINCE, code="01")
    codes = {unit["code"] for unit in client.get(_children(hanoi.code)).json()}
    assert codes
    assert muong_khuong.code not in codes
    assert codes == set(
        AdministrativeUnit.objects.filter(parent=hanoi, is_current=True).values_list(
            "code", flat=True
        )
    )


def test_a_commune_has_no_current_children(client, muong_khuong):
    response = client.get(_children(muong_khuong.code), {"level": "commune"})
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize(
    ("code", "params"),
    [
        ("99", {}),
        ("10", {}),  # Lào Cai's code before the 2025 reform: a retired province
        ("02761", {}),  # a commune's code, asked as a province's
        ("99999", {"level": "commune"}),
    ],
)
def test_an_unknown_or_retired_code_is_a_404_that_says_so(client, places, code, params):
    response = client.get(_children(code), params)
    assert response.status_code == 404
    assert f"“{code}”" in response.json()["detail"]


def test_a_bad_level_is_refused(client, lao_cai):
    assert client.get(_children(lao_cai.code), {"level": "hamlet"}).status_code == 422
