"""The rules of the multidimensional poverty standards (chuẩn nghèo đa chiều), in Python.

A standard's data (income lines, its indicators, the deprivation threshold, its years) lives in
the database (``PovertyStandard``, seeded by migration 0002); what makes a household deprived
on each indicator is a rule here, keyed by the indicator's code. Rules are functions rather than
data with comparators because two of them are ratios over two answers (dependants over
members, floor area over members), and because each rule sits next to the clause it comes from.
A local standard reuses these rules by naming their codes; a province with a rule of its own
adds a function here.

The answers are facts the review asks about (counts and yes/no), not "deprived: yes/no", so
the flags are computed from them and change when the answers change.

Sources, and what was checked
-----------------------------
Decree 07/2021/NĐ-CP of 27 January 2021 (the standard for 2022–2025), Article 3:
- clause 1 a: income lines 1,500,000 ₫ (rural) and 2,000,000 ₫ (urban) per person a month;
- clause 1 b: six services (employment; health; education; housing; domestic water and
  sanitation; information) and twelve indicators, named as :class:`IndicatorCode` names them;
- clause 2 a: a poor household has an income per person at or under the line AND lacks three
  or more indicators;
- clause 2 b: a near-poor household has an income at or under the line AND lacks fewer than
  three;
- clause 2 c: a household of medium living standard has an income above the poverty line up
  to 2,250,000 ₫ (rural) or 3,000,000 ₫ (urban). (A near-poor household is *not* defined by
  a second, higher income line: that line is the medium living standard's.)
The lines, the list of indicators and the three classes were checked against published
accounts of the decree; the threshold of each indicator (the decree's annex) could not be read
from an official copy here: the rules below follow the annex as we know it, each marked.

Decree 351/2025/NĐ-CP (the national standard for 2026–2030), as reported on its publication
(31 December 2025): the 2022–2025 standard stays in force from 1 January to 31 December 2026;
from 2027 to 2030 the income lines are 2,200,000 ₫ (rural) and 2,800,000 ₫ (urban) per person
a month, and a poor household has an income at or under the line and lacks three or more
indicators. Not verified from the decree's text here: the near-poor rule (taken to keep the
shape of 2022–2025), the medium living standard lines (left empty: above the poverty line a
household is then "not poor"), and its list of indicators, taken as the 2022–2025 list without
"means of accessing information", the information dimension keeping only the use of
telecommunication services.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from banso.households.models import Dimension, IndicatorCode, LivingStandard

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Question:
    """One fact the review records: a whole number (at least ``minimum``) or a yes/no."""

    key: str
    kind: type
    label: Promise
    minimum: int = 0


QUESTIONS: dict[str, Question] = {
    q.key: q
    for q in [
        Question("members", int, _("People in the household"), minimum=1),
        Question(
            "working_age_without_job",
            int,
            _("People of working age without a job or without stable work"),
        ),
        Question("dependants", int, _("Dependants (children, old people, people unable to work)")),
        Question("malnourished_children", int, _("Children under 16 who are malnourished")),
        Question("uninsured_members", int, _("People aged 6 or more without health insurance")),
        Question(
            "young_adults_without_schooling",
            int,
            _("People aged 16 to 30 without the schooling or training of their age"),
        ),
        Question(
            "children_out_of_school",
            int,
            _("Children aged 3 to under 16 not in the school grade of their age"),
        ),
        Question("has_solid_house", bool, _("The house is solid (bền chắc)")),
        Question("floor_area_m2", int, _("Floor area of the home (m²)")),
        Question("has_safe_water", bool, _("Has a safe source of domestic water")),
        Question("has_hygienic_latrine", bool, _("Uses a hygienic latrine")),
        Question(
            "members_using_telecom",
            int,
            _("People of the household using telecommunication services (internet)"),
        ),
        Question(
            "has_information_means",
            bool,
            _("Has a means of reaching information (television, radio, computer, phone…)"),
        ),
    ]
}


@dataclass(frozen=True)
class Rule:
    code: str
    dimension: str
    questions: tuple[str, ...]
    is_deprived: Callable[[Answers], bool]
    source: str


# Decree 07/2021/NĐ-CP, annex (thresholds as we read them; not checked against an official copy
# here). Each rule says when the household LACKS the indicator.
RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in [
        Rule(
            IndicatorCode.EMPLOYMENT,
            Dimension.EMPLOYMENT,
            ("working_age_without_job",),
            lambda a: a["working_age_without_job"] >= 1,
            "at least one person of working age without a job or stable work",
        ),
        Rule(
            IndicatorCode.DEPENDANTS,
            Dimension.EMPLOYMENT,
            ("dependants", "members"),
            # More than half of the household are dependants (whole numbers: 2d > n).
            lambda a: 2 * a["dependants"] > a["members"],
            "dependants are more than 50 % of the household",
        ),
        Rule(
            IndicatorCode.NUTRITION,
            Dimension.HEALTH,
            ("malnourished_children",),
            lambda a: a["malnourished_children"] >= 1,
            "at least one child under 16 stunted or underweight",
        ),
        Rule(
            IndicatorCode.HEALTH_INSURANCE,
            Dimension.HEALTH,
            ("uninsured_members",),
            lambda a: a["uninsured_members"] >= 1,
            "at least one person aged 6 or more without health insurance",
        ),
        Rule(
            IndicatorCode.ADULT_EDUCATION,
            Dimension.EDUCATION,
            ("young_adults_without_schooling",),
            lambda a: a["young_adults_without_schooling"] >= 1,
            "at least one person aged 16–30 without the schooling or training of their age",
        ),
        Rule(
            IndicatorCode.CHILD_SCHOOLING,
            Dimension.EDUCATION,
            ("children_out_of_school",),
            lambda a: a["children_out_of_school"] >= 1,
            "at least one child aged 3 to under 16 not in the grade of their age",
        ),
        Rule(
            IndicatorCode.HOUSING_QUALITY,
            Dimension.HOUSING,
            ("has_solid_house",),
            lambda a: not a["has_solid_house"],
            "the house is not solid",
        ),
        Rule(
            IndicatorCode.HOUSING_AREA,
            Dimension.HOUSING,
            ("floor_area_m2", "members"),
            # Under 8 m² a person (whole numbers: area < 8n).
            lambda a: a["floor_area_m2"] < 8 * a["members"],
            "less than 8 m² of floor a person",
        ),
        Rule(
            IndicatorCode.WATER,
            Dimension.WATER_SANITATION,
            ("has_safe_water",),
            lambda a: not a["has_safe_water"],
            "no safe source of domestic water",
        ),
        Rule(
            IndicatorCode.SANITATION,
            Dimension.WATER_SANITATION,
            ("has_hygienic_latrine",),
            lambda a: not a["has_hygienic_latrine"],
            "no hygienic latrine",
        ),
        Rule(
            IndicatorCode.TELECOM,
            Dimension.INFORMATION,
            ("members_using_telecom",),
            lambda a: a["members_using_telecom"] == 0,
            "nobody in the household uses telecommunication services (internet)",
        ),
        Rule(
            IndicatorCode.INFORMATION_MEANS,
            Dimension.INFORMATION,
            ("has_information_means",),
            lambda a: not a["has_information_means"],
            "no means of reaching information (television, radio, computer, phone…)",
        ),
    ]
}


def questions_for(indicator_codes: Iterable[str]) -> list[Question]:
    """The questions a standard with these indicators asks, in the order of its indicators."""
    keys: dict[str, None] = {}
    for code in indicator_codes:
        for key in RULES[code].questions:
            keys[key] = None
    return [QUESTIONS[key] for key in keys]


def answer_errors(answers: Answers, indicator_codes: Iterable[str]) -> dict[str, str]:
    """What is wrong with ``answers`` for these indicators, by question (empty when right):
    every question asked answered, with a value of its kind, nothing else given."""
    asked = {q.key: q for q in questions_for(indicator_codes)}
    errors: dict[str, str] = {}
    for key in answers:
        if key not in asked:
            errors[key] = str(_("This question is not part of the standard."))
    for key, question in asked.items():
        value = answers.get(key)
        if value is None:
            errors[key] = str(_("This question needs an answer."))
        elif question.kind is bool:
            if not isinstance(value, bool):
                errors[key] = str(_("Answer yes or no."))
        elif isinstance(value, bool) or not isinstance(value, int):
            errors[key] = str(_("Answer with a whole number."))
        elif value < question.minimum:
            errors[key] = str(
                _("The answer must be at least %(minimum)d.") % {"minimum": question.minimum}
            )
    return errors


def deprivations(answers: Answers, indicator_codes: Iterable[str]) -> list[str]:
    """The codes of the indicators the household lacks, in the standard's order."""
    return [code for code in indicator_codes if RULES[code].is_deprived(answers)]


def living_standard(
    *,
    income_per_capita_vnd: int,
    deprivation_count: int,
    poverty_line_vnd: int,
    medium_line_vnd: int | None,
    deprivation_threshold: int,
) -> str:
    """The class of a household (Decree 07/2021/NĐ-CP, Article 3, clause 2 a–c; the same shape
    in Decree 351/2025/NĐ-CP): at or under the poverty line, poor with ``deprivation_threshold``
    deprivations or more, near-poor with fewer; above it, of medium living standard up to the
    medium line (inclusive), not poor beyond it or when the standard sets no medium line."""
    if income_per_capita_vnd <= poverty_line_vnd:
        if deprivation_count >= deprivation_threshold:
            return LivingStandard.POOR
        return LivingStandard.NEAR_POOR
    if medium_line_vnd is not None and income_per_capita_vnd <= medium_line_vnd:
        return LivingStandard.MEDIUM
    return LivingStandard.NOT_POOR
