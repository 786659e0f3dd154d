"""Households, members, assessments and export logs, written through the services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.households.models import (
    Assessment,
    ExportKind,
    ExportLog,
    Household,
    LivingStandard,
    Member,
    Relation,
    Sex,
)
from banso.households.services import (
    assessment_record,
    export_log_record,
    household_create,
    household_update,
    member_add,
    member_remove,
)
from banso.households.tests.conftest import answers_2027, answers_lacking
from banso.places.models import Village

pytestmark = pytest.mark.django_db


@pytest.fixture
def bac_ha_village(bac_ha):
    village = Village(commune=bac_ha, name="Na Hối", kind="thon")
    village.full_clean()
    village.save()
    return village


# --- Households ----------------------------------------------------------------------------


def test_a_household_takes_its_commune_from_its_village(household, village, muong_khuong):
    assert household.unit == muong_khuong
    assert household.code.startswith(f"{muong_khuong.code}-")
    assert household.phone == "+84912345678"


def test_the_code_stays_when_the_household_changes(household, commune_officer, muong_khuong):
    other = Village(commune=muong_khuong, name="Pạc Bo", kind="ban")
    other.full_clean()
    other.save()
    code = household.code
    household_update(
        actor=commune_officer,
        household=household,
        data={"head_name": "  Thào  Thị Dung ", "village": other, "phone": ""},
    )
    household.refresh_from_db()
    assert household.code == code
    assert (household.head_name, household.village, household.phone) == (
        "Thào Thị Dung",
        other,
        "",
    )


def test_a_code_from_the_review_list_is_kept_and_unique(commune_officer, village):
    first = household_create(
        actor=commune_officer,
        village=village,
        head_name="Lù Văn Pháng",
        ethnicity="38",
        code="mk-0001",
    )
    assert first.code == "MK-0001"
    with pytest.raises(ValidationError) as caught:
        household_create(
            actor=commune_officer,
            village=village,
            head_name="Lù Thị Mai",
            ethnicity="38",
            code="MK-0001",
        )
    assert caught.value.error_dict["code"][0].code == "code_taken"
    assert Household.objects.filter(head_name="Lù Thị Mai").count() == 0


def test_generated_codes_differ(commune_officer, village):
    codes = {
        household_create(
            actor=commune_officer, village=village, head_name=f"Hộ {n}", ethnicity="01"
        ).code
        for n in range(20)
    }
    assert len(codes) == 20


def test_an_unknown_ethnicity_is_refused(commune_officer, village):
    with pytest.raises(ValidationError) as caught:
        household_create(actor=commune_officer, village=village, head_name="A", ethnicity="99")
    assert "ethnicity" in caught.value.error_dict


def test_members_are_added_and_removed(household, commune_officer):
    member = member_add(
        actor=commune_officer,
        household=household,
        full_name="Thào Seo Lử",
        sex=Sex.MALE,
        birth_year=1980,
        relation=Relation.HEAD,
    )
    assert list(household.members.all()) == [member]
    member_remove(actor=commune_officer, member=member)
    assert not Member.objects.filter(household=household).exists()


# --- Permission matrix ------------------------------------------------------------------------


@pytest.fixture
def village_team_leader(make_user, village):
    user = make_user("Tổ trưởng Mã Tuyển")
    role_grant(user=user, role=PlaceRole.VILLAGE_TEAM_LEADER, village=village)
    return user


@pytest.fixture
def superuser(make_user):
    return make_user("Quản trị", is_superuser=True, is_staff=True)


def test_who_may_register_a_household(
    village,
    commune_officer,
    province_officer,
    superuser,
    other_commune_officer,
    village_team_leader,
    make_user,
):
    for actor in (commune_officer, province_officer, superuser):
        household_create(actor=actor, village=village, head_name="Giàng A Páo", ethnicity="08")
    for actor in (other_commune_officer, village_team_leader, make_user("Người dân")):
        with pytest.raises(PermissionDenied):
            household_create(actor=actor, village=village, head_name="Giàng A Sử", ethnicity="08")
    assert Household.objects.filter(head_name="Giàng A Páo").count() == 3
    assert not Household.objects.filter(head_name="Giàng A Sử").exists()


def test_another_commune_cannot_write(household, other_commune_officer, village_team_leader):
    for actor in (other_commune_officer, village_team_leader):
        with pytest.raises(PermissionDenied):
            household_update(actor=actor, household=household, data={"head_name": "Đổi"})
        with pytest.raises(PermissionDenied):
            member_add(
                actor=actor,
                household=household,
                full_name="X",
                sex=Sex.MALE,
                birth_year=2000,
                relation=Relation.CHILD,
            )
        with pytest.raises(PermissionDenied):
            assessment_record(
                actor=actor,
                household=household,
                year=2025,
                answers=answers_lacking(),
                income_per_capita_vnd=1_000_000,
            )
    household.refresh_from_db()
    assert household.head_name == "Thào Seo Lử"
    assert not household.members.exists()
    assert not Assessment.objects.exists()


def test_an_officer_cannot_move_a_household_out_of_their_commune(
    household, commune_officer, bac_ha_village
):
    with pytest.raises(PermissionDenied):
        household_update(
            actor=commune_officer, household=household, data={"village": bac_ha_village}
        )
    household.refresh_from_db()
    assert household.village != bac_ha_village


def test_province_officer_writes_anywhere_in_the_province(household, province_officer):
    household_update(actor=province_officer, household=household, data={"area": "urban"})
    household.refresh_from_db()
    assert household.area == "urban"


# --- Assessments ----------------------------------------------------------------------------


def _record(household, actor, year, answers, income):
    return assessment_record(
        actor=actor,
        household=household,
        year=year,
        answers=answers,
        income_per_capita_vnd=income,
    )


def test_an_assessment_stores_its_flags_class_and_standard(household, commune_officer):
    assessment = _record(
        household,
        commune_officer,
        2025,
        answers_lacking("telecom", "information_means", "sanitation"),
        1_200_000,
    )
    assert assessment.standard.code == "vn-2022-2026"
    assert assessment.deprived_indicators == ["sanitation", "telecom", "information_means"]
    assert assessment.deprivation_count == 3
    assert assessment.living_standard == LivingStandard.POOR
    assert assessment.lacks_telecom is True
    assert assessment.lacks_information_means is True
    assert assessment.made_by == commune_officer


def test_changing_the_answers_changes_flags_and_class(household, commune_officer):
    _record(
        household,
        commune_officer,
        2025,
        answers_lacking("telecom", "water", "nutrition"),
        1_500_000,
    )
    assessment = _record(household, commune_officer, 2025, answers_lacking("water"), 1_500_000)
    assert Assessment.objects.filter(household=household, year=2025).count() == 1
    assessment.refresh_from_db()
    assert assessment.deprived_indicators == ["water"]
    assert assessment.living_standard == LivingStandard.NEAR_POOR
    assert assessment.lacks_telecom is False
    assert assessment.lacks_information_means is False


def test_income_one_dong_above_the_line(household, commune_officer):
    deprived = answers_lacking("telecom", "water", "nutrition")
    assert _record(household, commune_officer, 2024, deprived, 1_500_000).living_standard == (
        LivingStandard.POOR
    )
    assert _record(household, commune_officer, 2024, deprived, 1_500_001).living_standard == (
        LivingStandard.MEDIUM
    )


def test_urban_households_are_judged_by_the_urban_line(household, commune_officer):
    household_update(actor=commune_officer, household=household, data={"area": "urban"})
    assessment = _record(
        household,
        commune_officer,
        2025,
        answers_lacking("telecom", "water", "nutrition"),
        2_000_000,
    )
    assert assessment.living_standard == LivingStandard.POOR


def test_the_2027_standard_drops_means_of_access(household, commune_officer):
    assessment = _record(household, commune_officer, 2027, answers_2027("telecom"), 2_000_000)
    assert assessment.standard.code == "vn-2027-2030"
    assert assessment.lacks_telecom is True
    assert assessment.lacks_information_means is None
    assert assessment.living_standard == LivingStandard.NEAR_POOR  # 2,000,000 ≤ 2,200,000
    with pytest.raises(ValidationError) as caught:
        _record(household, commune_officer, 2028, answers_lacking(), 2_000_000)
    assert "has_information_means" in caught.value.messages[0]
    assert not Assessment.objects.filter(year=2028).exists()


def test_an_assessment_of_2026_is_never_rejudged_by_the_2027_standard(household, commune_officer):
    answers = answers_2027("telecom", "water", "nutrition")
    answers["has_information_means"] = True
    old = _record(household, commune_officer, 2026, answers, 2_000_000)
    assert old.living_standard == LivingStandard.MEDIUM  # above 1,500,000 in 2026

    new = _record(
        household, commune_officer, 2027, answers_2027("telecom", "water", "nutrition"), 2_000_000
    )
    assert new.living_standard == LivingStandard.POOR  # under 2,200,000 from 2027

    old.refresh_from_db()
    assert old.standard.code == "vn-2022-2026"
    assert old.living_standard == LivingStandard.MEDIUM
    assert old.lacks_information_means is False
    # Corrected in 2027, the review of 2026 is still judged by the standard of 2026.
    corrected = _record(household, commune_officer, 2026, answers, 2_000_000)
    assert corrected.pk == old.pk
    assert corrected.standard.code == "vn-2022-2026"
    assert corrected.living_standard == LivingStandard.MEDIUM


def test_a_year_without_standard_is_refused(household, commune_officer):
    with pytest.raises(ValidationError) as caught:
        _record(household, commune_officer, 2021, answers_lacking(), 1_000_000)
    assert caught.value.error_dict["year"][0].code == "no_standard"


# --- Export log -----------------------------------------------------------------------------


def test_exports_are_logged_by_officers_of_the_unit_only(
    commune_officer, other_commune_officer, muong_khuong
):
    log = export_log_record(
        actor=commune_officer,
        unit=muong_khuong,
        kind=ExportKind.HOUSEHOLDS,
        purpose="Báo cáo rà soát hộ nghèo cuối năm",
        row_count=120,
    )
    assert (log.made_by, log.unit, log.row_count) == (commune_officer, muong_khuong, 120)
    with pytest.raises(PermissionDenied):
        export_log_record(
            actor=other_commune_officer,
            unit=muong_khuong,
            kind=ExportKind.HOUSEHOLDS,
            purpose="Xem",
            row_count=1,
        )
    with pytest.raises(ValidationError):
        export_log_record(
            actor=commune_officer,
            unit=muong_khuong,
            kind=ExportKind.HOUSEHOLDS,
            purpose="   ",
            row_count=1,
        )
    assert ExportLog.objects.count() == 1


def test_a_household_lacking_nothing_is_recorded(commune_officer, household):
    """No deprivation at all is an answer too: the household is then not poor, or near-poor
    when its income is at or under the line."""
    assessment = assessment_record(
        actor=commune_officer,
        household=household,
        year=2024,
        answers=answers_lacking(),
        income_per_capita_vnd=1_400_000,
    )
    assert assessment.deprived_indicators == []
    assert assessment.living_standard == "near_poor"


# --- What a review keeps of the household ---------------------------------------------------


def _old_commune(code: str):
    from banso.places.models import AdministrativeUnit

    return AdministrativeUnit.objects.get(is_current=False, level="commune", code=code)


def test_a_review_keeps_the_household_as_it_found_it(household, commune_officer, village):
    from banso.households.models import deprivation_codes

    member_add(
        actor=commune_officer,
        household=household,
        full_name="Lù Thị Sang",
        sex=Sex.FEMALE,
        birth_year=1970,
        relation=Relation.HEAD,
    )
    assessment = assessment_record(
        actor=commune_officer,
        household=household,
        year=2024,
        answers=answers_lacking("telecom", "water"),
        income_per_capita_vnd=1_000_000,
    )
    assert (assessment.village, assessment.unit) == (village, household.unit)
    assert (assessment.ethnicity, assessment.head_sex) == ("08", Sex.FEMALE)
    assert deprivation_codes(assessment.deprivation_bits) == ["water", "telecom"]
    assert sorted(assessment.deprived_indicators) == ["telecom", "water"]


def test_a_review_before_2025_may_be_the_old_communes(household, commune_officer):
    # Thị trấn Mường Khương (old 02761) is one of the old units today's Mường Khương took in.
    old = _old_commune("02761")
    assessment = assessment_record(
        actor=commune_officer,
        household=household,
        year=2023,
        answers=answers_lacking("water"),
        income_per_capita_vnd=1_000_000,
        unit=old,
    )
    assert assessment.unit == old
    # A correction without a commune keeps the one the review was made in.
    corrected = assessment_record(
        actor=commune_officer,
        household=household,
        year=2023,
        answers=answers_lacking("water", "sanitation"),
        income_per_capita_vnd=1_000_000,
    )
    assert corrected.pk == assessment.pk and corrected.unit == old


def test_a_review_by_an_old_commune_not_taken_in_or_after_2024_is_refused(
    household, commune_officer
):
    # Thải Giàng Phố went to Bắc Hà, not to Mường Khương.
    with pytest.raises(ValidationError) as refused:
        assessment_record(
            actor=commune_officer,
            household=household,
            year=2023,
            answers=answers_lacking("water"),
            income_per_capita_vnd=1_000_000,
            unit=_old_commune("02857"),
        )
    assert "Thải Giàng Phố" in refused.value.message_dict["unit"][0]
    with pytest.raises(ValidationError) as late:
        assessment_record(
            actor=commune_officer,
            household=household,
            year=2025,
            answers=answers_lacking("water"),
            income_per_capita_vnd=1_000_000,
            unit=_old_commune("02761"),
        )
    assert "unit" in late.value.message_dict
    assert not Assessment.objects.exists()


def test_corrections_reach_the_latest_review_only(household, commune_officer, village):
    for year in (2023, 2024):
        assessment_record(
            actor=commune_officer,
            household=household,
            year=year,
            answers=answers_lacking("water"),
            income_per_capita_vnd=1_000_000,
        )
    household_update(actor=commune_officer, household=household, data={"ethnicity": "09"})
    member_add(
        actor=commune_officer,
        household=household,
        full_name="Thào Seo Lử",
        sex=Sex.MALE,
        birth_year=1978,
        relation=Relation.HEAD,
    )
    reviews = dict(Assessment.objects.filter(household=household).values_list("year", "ethnicity"))
    assert reviews == {2023: "08", 2024: "09"}
    heads = dict(Assessment.objects.filter(household=household).values_list("year", "head_sex"))
    assert heads == {2023: "", 2024: Sex.MALE}
    member_remove(actor=commune_officer, member=household.members.get())
    assert Assessment.objects.get(household=household, year=2024).head_sex == ""
