"""The two national standards, as seeded, and their rules case by case (Decree 07/2021/NĐ-CP,
Article 3 and its annex; Decree 351/2025/NĐ-CP)."""

import pytest

from banso.households import standards
from banso.households.models import IndicatorCode, LivingStandard, PovertyStandard
from banso.households.selectors import standard_for
from banso.households.tests.conftest import answers_lacking

pytestmark = pytest.mark.django_db

ALL_CODES = list(IndicatorCode.values)


def test_both_national_standards_are_on_every_database():
    old = PovertyStandard.objects.get(code="vn-2022-2026")
    new = PovertyStandard.objects.get(code="vn-2027-2030")
    assert (old.valid_from_year, old.valid_to_year) == (2022, 2026)
    assert (old.poverty_line_rural_vnd, old.poverty_line_urban_vnd) == (1_500_000, 2_000_000)
    assert (old.medium_line_rural_vnd, old.medium_line_urban_vnd) == (2_250_000, 3_000_000)
    assert old.deprivation_threshold == 3
    assert [i.code for i in old.indicators.all()] == ALL_CODES
    assert {i.dimension for i in old.indicators.all()} == {
        "employment",
        "health",
        "education",
        "housing",
        "water_sanitation",
        "information",
    }
    assert (new.valid_from_year, new.valid_to_year) == (2027, 2030)
    assert (new.poverty_line_rural_vnd, new.poverty_line_urban_vnd) == (2_200_000, 2_800_000)
    assert new.deprivation_threshold == 3
    codes = [i.code for i in new.indicators.all()]
    assert IndicatorCode.TELECOM in codes
    assert IndicatorCode.INFORMATION_MEANS not in codes
    assert len(codes) == 11


def test_every_seeded_indicator_has_a_rule():
    for standard in PovertyStandard.objects.prefetch_related("indicators"):
        for indicator in standard.indicators.all():
            rule = standards.RULES[indicator.code]
            assert rule.dimension == indicator.dimension


@pytest.mark.parametrize(
    ("year", "code"),
    [
        (2022, "vn-2022-2026"),
        (2025, "vn-2022-2026"),
        (2026, "vn-2022-2026"),  # kept in force for 2026 by Decree 351/2025/NĐ-CP
        (2027, "vn-2027-2030"),
        (2030, "vn-2027-2030"),
    ],
)
def test_the_standard_in_force_each_year(lao_cai, year, code):
    assert standard_for(year=year, province=lao_cai).code == code


def test_no_standard_before_2022_or_after_2030(lao_cai):
    for year in (2021, 2031):
        with pytest.raises(PovertyStandard.DoesNotExist):
            standard_for(year=year, province=lao_cai)


def test_a_provinces_own_standard_comes_before_the_national_one(lao_cai, places):
    local = PovertyStandard.objects.create(
        code="lao-cai-2027",
        name="Chuẩn nghèo tỉnh Lào Cai",
        legal_basis="Nghị quyết HĐND tỉnh",
        province=lao_cai,
        valid_from_year=2027,
        valid_to_year=2030,
        poverty_line_rural_vnd=2_500_000,
        poverty_line_urban_vnd=3_000_000,
    )
    assert standard_for(year=2028, province=lao_cai) == local
    assert standard_for(year=2026, province=lao_cai).code == "vn-2022-2026"
    other = local.__class__.objects.get(code="vn-2027-2030")
    assert standard_for(year=2028, province=None) == other


# --- Rules, each indicator at its threshold ------------------------------------------------


@pytest.mark.parametrize("code", ALL_CODES)
def test_each_indicator_alone(code):
    assert standards.deprivations(answers_lacking(), ALL_CODES) == []
    assert standards.deprivations(answers_lacking(code), ALL_CODES) == [code]


def test_dependants_more_than_half():
    base = answers_lacking()
    assert not standards.RULES["dependants"].is_deprived({**base, "members": 4, "dependants": 2})
    assert standards.RULES["dependants"].is_deprived({**base, "members": 4, "dependants": 3})
    assert standards.RULES["dependants"].is_deprived({**base, "members": 1, "dependants": 1})


def test_living_area_under_8_square_metres_a_person():
    rule = standards.RULES["housing_area"]
    assert not rule.is_deprived({"members": 4, "floor_area_m2": 32})
    assert rule.is_deprived({"members": 4, "floor_area_m2": 31})


def test_telecom_lacking_only_when_nobody_uses_it():
    rule = standards.RULES["telecom"]
    assert rule.is_deprived({"members_using_telecom": 0})
    assert not rule.is_deprived({"members_using_telecom": 1})


def test_means_of_access():
    rule = standards.RULES["information_means"]
    assert rule.is_deprived({"has_information_means": False})
    assert not rule.is_deprived({"has_information_means": True})


# --- Classes: Decree 07/2021/NĐ-CP, Article 3, clause 2 ------------------------------------

RURAL_2022 = {"poverty_line_vnd": 1_500_000, "medium_line_vnd": 2_250_000}
URBAN_2022 = {"poverty_line_vnd": 2_000_000, "medium_line_vnd": 3_000_000}
RURAL_2027 = {"poverty_line_vnd": 2_200_000, "medium_line_vnd": None}


def _class(income: int, count: int, lines: dict) -> str:
    return standards.living_standard(
        income_per_capita_vnd=income,
        deprivation_count=count,
        deprivation_threshold=3,
        **lines,
    )


@pytest.mark.parametrize(
    ("income", "count", "expected"),
    [
        (1_500_000, 3, LivingStandard.POOR),  # at the line, 3 deprivations
        (1_500_000, 2, LivingStandard.NEAR_POOR),  # at the line, 2 deprivations
        (1_000_000, 0, LivingStandard.NEAR_POOR),
        (1_500_001, 3, LivingStandard.MEDIUM),  # one đồng above: never poor, however deprived
        (1_500_001, 12, LivingStandard.MEDIUM),
        (2_250_000, 0, LivingStandard.MEDIUM),  # the medium line is inclusive
        (2_250_001, 0, LivingStandard.NOT_POOR),
    ],
)
def test_rural_classes_2022_2026(income, count, expected):
    assert _class(income, count, RURAL_2022) == expected


@pytest.mark.parametrize(
    ("income", "count", "expected"),
    [
        (2_000_000, 3, LivingStandard.POOR),
        (2_000_000, 2, LivingStandard.NEAR_POOR),
        (2_000_001, 3, LivingStandard.MEDIUM),
        (3_000_000, 5, LivingStandard.MEDIUM),
        (3_000_001, 5, LivingStandard.NOT_POOR),
    ],
)
def test_urban_classes_2022_2026(income, count, expected):
    assert _class(income, count, URBAN_2022) == expected


@pytest.mark.parametrize(
    ("income", "count", "expected"),
    [
        (2_200_000, 3, LivingStandard.POOR),
        (2_200_000, 2, LivingStandard.NEAR_POOR),
        (2_200_001, 3, LivingStandard.NOT_POOR),  # no medium line verified for 2027–2030
    ],
)
def test_rural_classes_2027_2030(income, count, expected):
    assert _class(income, count, RURAL_2027) == expected


# --- Answers --------------------------------------------------------------------------------


def test_answers_must_fit_the_standard():
    codes_2027 = [c for c in ALL_CODES if c != "information_means"]
    assert standards.answer_errors(answers_lacking(), ALL_CODES) == {}
    errors = standards.answer_errors(answers_lacking(), codes_2027)
    assert set(errors) == {"has_information_means"}  # not asked from 2027
    broken = {**answers_lacking(), "members": 0, "has_safe_water": "yes", "floor_area_m2": True}
    del broken["dependants"]
    assert set(standards.answer_errors(broken, ALL_CODES)) == {
        "members",
        "has_safe_water",
        "floor_area_m2",
        "dependants",
    }


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_the_national_standards_in_place():
    """``manage.py flush`` (and every transactional test) empties the tables the migration
    filled; the standards are written again after it, as Django's content types are."""
    from django.core.management import call_command

    from banso.households.models import PovertyStandard

    call_command("flush", interactive=False, verbosity=0)
    codes = set(PovertyStandard.objects.values_list("code", flat=True))
    assert codes == {"vn-2022-2026", "vn-2027-2030"}
    assert PovertyStandard.objects.get(code="vn-2027-2030").indicators.count() == 11
