"""Reads: the diacritic-insensitive place lookup, roll-up of retired units, per-user scoping."""

import pytest

from banso.common.text import fold
from banso.orgs.models import Organisation, OrganisationKind
from banso.orgs.selectors import organisation_search
from banso.places.models import UnitLevel
from banso.places.selectors import (
    communes_for_user,
    unit_current,
    unit_lookup,
    unit_rollup_ids,
    villages_for_user,
    villages_search,
)

# Lookup -------------------------------------------------------------------------------------


def test_lookup_finds_the_current_commune_first(muong_khuong):
    found = unit_lookup("muong khuong")
    assert found[0] == muong_khuong
    assert found[0].is_current
    assert found[0].current_successors == []


def test_lookup_lists_retired_units_after_current_ones(places):
    found = unit_lookup("muong khuong")
    flags = [unit.is_current for unit in found]
    assert flags == sorted(flags, reverse=True)
    assert any(
        not unit.is_current and unit.level == UnitLevel.DISTRICT and unit.code == "083"
        for unit in found
    )


def test_lookup_finds_the_retired_district_with_the_communes_that_replaced_it(
    bac_ha, old_bac_ha_district
):
    found = unit_lookup("bac ha")
    district = next(unit for unit in found if unit.pk == old_bac_ha_district.pk)
    assert district.is_current is False
    assert bac_ha in district.current_successors
    assert set(district.current_successors) == set(old_bac_ha_district.successors.all())
    assert all(unit.is_current for unit in district.current_successors)
    # The current Xã Bắc Hà, an exact match, comes before the retired units.
    assert found[0] == bac_ha


@pytest.mark.parametrize(
    "query", ["MƯỜNG KHƯƠNG", "Muong  Khuong", "mường khương", " muong khuong ", "Mường-Khương"]
)
def test_lookup_ignores_case_diacritics_and_spacing(query, muong_khuong):
    expected = [unit.pk for unit in unit_lookup("muong khuong")]
    found = unit_lookup(query)
    assert found[0] == muong_khuong
    assert [unit.pk for unit in found] == expected


@pytest.mark.parametrize("query", ["", "   ", "!!", "-"])
def test_lookup_with_no_words_finds_nothing(query, places):
    assert unit_lookup(query) == []


def test_lookup_filters_by_level_currency_and_place(lao_cai, bac_ha):
    districts = unit_lookup("bac ha", level=UnitLevel.DISTRICT)
    assert districts
    assert {unit.level for unit in districts} == {UnitLevel.DISTRICT}

    current = unit_lookup("bac ha", current_only=True)
    assert current
    assert all(unit.is_current for unit in current)

    in_lao_cai = unit_lookup("bac ha", within=lao_cai)
    assert in_lao_cai == [bac_ha]


def test_lookup_respects_the_limit(places):
    assert len(unit_lookup("xa", limit=5)) == 5


# Roll-up ------------------------------------------------------------------------------------


def test_a_current_unit_is_its_own_current_unit(bac_ha):
    assert unit_current(bac_ha) == bac_ha


def test_an_old_commune_rolls_up_to_the_commune_that_replaced_it(old_ban_pho, bac_ha):
    assert unit_current(old_ban_pho) == bac_ha
    assert old_ban_pho.pk in unit_rollup_ids(bac_ha)


def test_rollup_of_a_province_covers_its_communes_and_their_old_communes(
    lao_cai, bac_ha, muong_khuong, old_ban_pho
):
    ids = unit_rollup_ids(lao_cai)
    assert {lao_cai.pk, bac_ha.pk, muong_khuong.pk, old_ban_pho.pk} <= set(ids)


def test_rollup_of_a_commune_leaves_out_other_communes(muong_khuong, bac_ha, old_ban_pho):
    ids = unit_rollup_ids(muong_khuong)
    assert muong_khuong.pk in ids
    assert bac_ha.pk not in ids
    assert old_ban_pho.pk not in ids


def test_an_organisation_recorded_at_an_old_commune_is_found_under_the_new_one(
    old_ban_pho, bac_ha, muong_khuong, lao_cai
):
    # Services only accept current units; records made before the reform point at old ones.
    name = "HTX Chè Bản Phố"
    organisation = Organisation.objects.create(
        kind=OrganisationKind.COOPERATIVE,
        name=name,
        name_folded=fold(name),
        slug="htx-che-ban-pho",
        unit=old_ban_pho,
    )
    assert organisation in organisation_search(within=bac_ha)
    assert organisation in organisation_search(within=lao_cai)
    assert organisation not in organisation_search(within=muong_khuong)


# Scoping ------------------------------------------------------------------------------------


def test_officers_see_the_villages_they_manage(
    village, bac_ha_village, commune_officer, other_commune_officer, province_officer, plain_user
):
    assert list(villages_for_user(commune_officer)) == [village]
    assert list(villages_for_user(other_commune_officer)) == [bac_ha_village]
    assert set(villages_for_user(province_officer)) == {village, bac_ha_village}
    assert not villages_for_user(plain_user).exists()


def test_officers_add_villages_to_the_communes_they_serve(
    commune_officer, province_officer, plain_user, muong_khuong, lao_cai
):
    assert list(communes_for_user(commune_officer)) == [muong_khuong]
    assert communes_for_user(province_officer).count() == 99
    assert set(communes_for_user(province_officer).values_list("parent", flat=True)) == {lao_cai.pk}
    assert not communes_for_user(plain_user).exists()


def test_village_search_ignores_diacritics_and_filters_by_commune(
    village, bac_ha_village, muong_khuong
):
    assert list(villages_search(query="ma tuyen")) == [village]
    assert list(villages_search(query="MÃ TUYỂN")) == [village]
    assert list(villages_search(commune=muong_khuong)) == [village]
    assert set(villages_search()) == {village, bac_ha_village}
