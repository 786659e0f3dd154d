"""Lào Cai demo households, whose 2023 reviews give the figures of the province's report of
October 2023 (Báo Dân tộc và Phát triển, 6 October 2023): 10,000 poor and near-poor
households, 9,000 of them poor households of the former Bắc Hà district; 96.7 % of them using
telecommunication services (not deprived on that indicator) and 91.8 % with a means of
accessing information.

The 10,000 are written with ``bulk_create`` (the demo runs at every ``make run``): their flags
and classes are computed by the same rules as ``assessment_record`` (``standards``), once per
kind of answers. A handful of named households with members go through the services, with
reviews of 2024 and 2025 only, so that they leave the 2023 figures as they are.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from banso.households.models import Area, Assessment, Household, deprivation_bits
from banso.households.selectors import standard_for
from banso.households.services import (
    Judgement,
    assessment_judge,
    assessment_record,
    household_create,
    member_add,
)
from banso.places.models import AdministrativeUnit, UnitLevel, UnitSuccession, Village
from banso.places.services import village_create

YEAR = 2023
POOR_BAC_HA = 9_000
ELSEWHERE = 1_000  # 400 poor and 600 near-poor
# Per 1,000 households: 33 lack telecom (96.7 % do not), 82 lack a means of information.
LACK_TELECOM_PER_1000 = 33
LACK_INFORMATION_PER_1000 = 82
ELSEWHERE_COMMUNES = ("02761", "03037", "02701")
SURNAMES = ("Giàng", "Sùng", "Thào", "Vàng", "Lù", "Lồ", "Hầu", "Tẩn", "Ly", "Cư")
GIVEN = ("Seo Páo", "Văn Chứ", "Thị Mỷ", "Seo Lử", "Thị Dín", "Văn Sử", "A Sình", "Thị Sa")

NAMED = [
    # (commune, village, code, head, ethnicity, members: (name, sex, year, relation))
    (
        "02761",
        "Mã Tuyển",
        "02761-DEMO1",
        "Thào Seo Lử",
        "08",
        [
            ("Thào Seo Lử", "male", 1978, "head"),
            ("Vàng Thị Mai", "female", 1981, "spouse"),
            ("Thào Seo Chứ", "male", 2006, "child"),
            ("Thào Thị Dợ", "female", 2012, "child"),
        ],
    ),
    (
        "02761",
        "Sảng Chải",
        "02761-DEMO2",
        "Lù Thị Sang",
        "07",
        [("Lù Thị Sang", "female", 1969, "head"), ("Lù Văn Phin", "male", 1995, "child")],
    ),
    (
        "02839",
        "Na Hối",
        "02839-DEMO1",
        "Giàng Seo Páo",
        "08",
        [
            ("Giàng Seo Páo", "male", 1985, "head"),
            ("Sùng Thị Dín", "female", 1988, "spouse"),
            ("Giàng Thị Mỷ", "female", 2015, "child"),
        ],
    ),
]


def _answers(*, poor: bool, lacks_telecom: bool, lacks_information: bool) -> dict:
    """A four-person household lacking sanitation (and, when poor, housing quality and health
    insurance too), and the two information indicators as asked."""
    return {
        "members": 4,
        "working_age_without_job": 0,
        "dependants": 2,
        "malnourished_children": 0,
        "uninsured_members": 1 if poor else 0,
        "young_adults_without_schooling": 0,
        "children_out_of_school": 0,
        "has_solid_house": not poor,
        "floor_area_m2": 40,
        "has_safe_water": True,
        "has_hygienic_latrine": False,
        "members_using_telecom": 0 if lacks_telecom else 2,
        "has_information_means": not lacks_information,
    }


def _bac_ha_successions() -> list[tuple[int, int]]:
    """(old commune, today's commune) of the former Bắc Hà district (retired in 2025), by the
    default successions."""
    district = AdministrativeUnit.objects.get(
        is_current=False, level=UnitLevel.DISTRICT, name="Huyện Bắc Hà"
    )
    return list(
        UnitSuccession.objects.filter(retired__parent=district, is_default=True)
        .order_by("retired__code")
        .values_list("retired_id", "successor_id")
    )


def bac_ha_communes() -> list[AdministrativeUnit]:
    """Today's communes that took the communes of the former Bắc Hà district."""
    successor_ids = {successor for _old, successor in _bac_ha_successions()}
    return list(AdministrativeUnit.objects.filter(pk__in=successor_ids).order_by("code"))


def _village_of(admin, commune: AdministrativeUnit) -> Village:
    village = Village.objects.filter(commune=commune).order_by("pk").first()
    if village is None:
        village = village_create(actor=admin, commune=commune, name="Trung Tâm", kind="thon")
    return village


def _named_seed(admin) -> None:
    for commune_code, village_name, code, head, ethnicity, members in NAMED:
        if Household.objects.filter(code=code).exists():
            continue
        village = Village.objects.get(
            commune__code=commune_code, commune__is_current=True, name=village_name
        )
        household = household_create(
            actor=admin, village=village, head_name=head, ethnicity=ethnicity, code=code
        )
        for name, sex, birth_year, relation in members:
            member_add(
                actor=admin,
                household=household,
                full_name=name,
                sex=sex,
                birth_year=birth_year,
                relation=relation,
            )
        for year, income in ((2024, 1_300_000), (2025, 1_700_000)):
            answers = _answers(poor=year == 2024, lacks_telecom=False, lacks_information=False)
            answers["members"] = len(members)
            assessment_record(
                actor=admin,
                household=household,
                year=year,
                answers=answers,
                income_per_capita_vnd=income,
            )


@transaction.atomic
def households_demo_seed(*, admin) -> list[str]:
    """The 10,000 reviews of 2023 and the named households; seeding twice changes nothing."""
    _named_seed(admin)
    bac_ha = bac_ha_communes()
    page = [settings.SITE_URL.rstrip("/") + reverse("households:household-list")]
    if Household.objects.filter(code=f"{bac_ha[0].code}-D00000").exists():
        return page
    province = bac_ha[0].parent
    standard = standard_for(year=YEAR, province=province)
    line = standard.poverty_line_vnd(Area.RURAL)
    elsewhere = list(
        AdministrativeUnit.objects.filter(
            is_current=True, level=UnitLevel.COMMUNE, code__in=ELSEWHERE_COMMUNES
        ).order_by("code")
    )
    villages = [_village_of(admin, commune) for commune in bac_ha + elsewhere]
    # The 2023 review lists were made by the old communes: each Bắc Hà household's review
    # counts under one of the old communes its commune of today took in.
    old_communes: dict[int, list[int]] = {}
    for old, successor in _bac_ha_successions():
        old_communes.setdefault(successor, []).append(old)
    judged: dict[tuple[bool, bool, bool], Judgement] = {}
    households: list[Household] = []
    kinds: list[tuple[bool, bool, bool]] = []
    for number in range(POOR_BAC_HA + ELSEWHERE):
        in_bac_ha = number < POOR_BAC_HA
        village = (
            villages[number % len(bac_ha)]
            if in_bac_ha
            else villages[len(bac_ha) + number % len(elsewhere)]
        )
        poor = in_bac_ha or number % 10 < 4
        within = number % 1000
        kind = (
            poor,
            within < LACK_TELECOM_PER_1000,
            20 <= within < 20 + LACK_INFORMATION_PER_1000,
        )
        kinds.append(kind)
        households.append(
            Household(
                code=f"{village.commune.code}-D{number:05d}",
                village=village,
                unit=village.commune,
                head_name=f"{SURNAMES[number % 10]} {GIVEN[(number // 10) % 8]}",
                ethnicity="08" if number % 3 else "09",
                area=Area.RURAL,
            )
        )
    Household.objects.bulk_create(households, batch_size=1000)
    assessments: list[Assessment] = []
    for household, kind in zip(households, kinds, strict=True):
        if kind not in judged:
            answers = _answers(poor=kind[0], lacks_telecom=kind[1], lacks_information=kind[2])
            judged[kind] = assessment_judge(
                standard=standard,
                area=Area.RURAL,
                answers=answers,
                income_per_capita_vnd=line - 300_000,
            )
        village = household.village
        olds = old_communes.get(village.commune_id)
        number = len(assessments)
        assessments.append(
            Assessment(
                household=household,
                year=YEAR,
                standard=standard,
                made_by=admin,
                village=village,
                unit_id=olds[number // len(bac_ha) % len(olds)] if olds else village.commune_id,
                ethnicity=household.ethnicity,
                deprivation_bits=deprivation_bits(judged[kind]["deprived_indicators"]),
                **judged[kind],
            )
        )
    Assessment.objects.bulk_create(assessments, batch_size=1000)
    return page
