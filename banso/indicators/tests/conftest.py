"""Households of Mã Tuyển (Mường Khương) reviewed in 2023, counted by hand:

| households | class | lacks telecom | lacks means of information |
|---|---|---|---|
| 5 | poor (telecom, water, latrine) | yes | no |
| 3 | poor (house, water, latrine) | no | no |
| 5 | near-poor (water) | no | no |
| 2 | not poor (income above the line; water) | no | no |

Poor 8, near-poor 5, poor and near-poor 13, of whom 5 lack telecom: 8 of 13 use it (61.5 %);
all 13 have a means of information (100.0 %); poor rate 8 of 15 (53.3 %), near-poor 5 of 15
(33.3 %). Heads: men in the 5 poor without telecom, women elsewhere. (5 lacking telecom, not
fewer: the 8 of 13 would otherwise tell a small cell, the households without it.)
"""

import pytest

from banso.households.models import Member, Relation, Sex
from banso.households.services import assessment_record, household_create

YEAR = 2023


def answers(*lacking: str) -> dict:
    answers: dict[str, int | bool] = {
        "members": 4,
        "working_age_without_job": 0,
        "dependants": 2,
        "malnourished_children": 0,
        "uninsured_members": 0,
        "young_adults_without_schooling": 0,
        "children_out_of_school": 0,
        "has_solid_house": "housing_quality" not in lacking,
        "floor_area_m2": 40,
        "has_safe_water": "water" not in lacking,
        "has_hygienic_latrine": "sanitation" not in lacking,
        "members_using_telecom": 0 if "telecom" in lacking else 2,
        "has_information_means": True,
    }
    return answers


GROUPS = [
    (5, 1_000_000, ("telecom", "water", "sanitation"), Sex.MALE),
    (3, 1_000_000, ("housing_quality", "water", "sanitation"), Sex.FEMALE),
    # One deprivation each: households refuses an assessment lacking nothing (its
    # ``deprived_indicators`` may not be blank), which these counts do not depend on.
    (5, 1_000_000, ("water",), Sex.FEMALE),
    (2, 5_000_000, ("water",), Sex.FEMALE),
]


@pytest.fixture
def reviewed(commune_officer, village):
    households = []
    for count, income, lacking, sex in GROUPS:
        for number in range(count):
            household = household_create(
                actor=commune_officer,
                village=village,
                head_name=f"Hộ {sex} {number}",
                ethnicity="08",
            )
            Member.objects.create(
                household=household,
                full_name=household.head_name,
                sex=sex,
                birth_year=1980,
                relation=Relation.HEAD,
            )
            assessment_record(
                actor=commune_officer,
                household=household,
                year=YEAR,
                answers=answers(*lacking),
                income_per_capita_vnd=income,
            )
            households.append(household)
    return households
