"""A household of Mã Tuyển (Mường Khương commune, Lào Cai) and the review answers of one that
lacks nothing."""

import pytest

from banso.households.models import Area
from banso.households.services import household_create


def answers_lacking(*codes: str, telecom_users: int = 2) -> dict:
    """Answers of a four-person household that lacks exactly the indicators ``codes`` (of the
    2022–2026 standard)."""
    answers: dict[str, int | bool] = {
        "members": 4,
        "working_age_without_job": 0,
        "dependants": 2,
        "malnourished_children": 0,
        "uninsured_members": 0,
        "young_adults_without_schooling": 0,
        "children_out_of_school": 0,
        "has_solid_house": True,
        "floor_area_m2": 40,
        "has_safe_water": True,
        "has_hygienic_latrine": True,
        "members_using_telecom": telecom_users,
        "has_information_means": True,
    }
    changes: dict[str, dict[str, int | bool]] = {
        "employment": {"working_age_without_job": 1},
        "dependants": {"dependants": 3},
        "nutrition": {"malnourished_children": 1},
        "health_insurance": {"uninsured_members": 2},
        "adult_education": {"young_adults_without_schooling": 1},
        "child_schooling": {"children_out_of_school": 1},
        "housing_quality": {"has_solid_house": False},
        "housing_area": {"floor_area_m2": 31},
        "water": {"has_safe_water": False},
        "sanitation": {"has_hygienic_latrine": False},
        "telecom": {"members_using_telecom": 0},
        "information_means": {"has_information_means": False},
    }
    for code in codes:
        answers.update(changes[code])
    return answers


def answers_2027(*codes: str) -> dict:
    """The same, for the standard from 2027 (which asks nothing of means of access)."""
    answers = answers_lacking(*codes)
    del answers["has_information_means"]
    return answers


@pytest.fixture
def household(commune_officer, village):
    return household_create(
        actor=commune_officer,
        village=village,
        head_name="Thào Seo Lử",
        ethnicity="08",
        area=Area.RURAL,
        phone="0912 345 678",
    )
