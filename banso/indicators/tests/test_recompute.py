"""The definitions computed from facts counted by hand (see conftest), the registry of fact
providers, suppression below 5 households and the roll-up across the reform of 2025."""

import pytest

from banso.indicators.facts import Fact, fact_provider_register, fact_provider_unregister
from banso.indicators.models import Hierarchy, Indicator, IndicatorValue, Level
from banso.indicators.services import indicators_recompute, recorded_fact_set
from banso.indicators.tests.conftest import YEAR
from banso.places.models import AdministrativeUnit, UnitSuccession

TELECOM = "poor-near-poor-using-telecom"
INFORMATION = "poor-near-poor-information-means"


def value(
    code: str,
    unit: AdministrativeUnit,
    *,
    key: str = "",
    hierarchy=Hierarchy.CURRENT,
    period=str(YEAR),
):
    return IndicatorValue.objects.get(
        indicator__code=code,
        unit=unit,
        village__isnull=True,
        disaggregation=key,
        hierarchy=hierarchy,
        period=period,
    )


@pytest.mark.django_db
def test_the_seeded_definitions_are_data():
    telecom = Indicator.objects.get(code=TELECOM)
    assert (
        telecom.numerator == "households.poor_near_poor - households.poor_near_poor.lacks_telecom"
    )
    assert telecom.denominator == "households.poor_near_poor"
    assert telecom.factor == 100
    assert set(Indicator.objects.values_list("code", flat=True)) >= {
        TELECOM,
        INFORMATION,
        "poor-household-rate",
        "near-poor-household-rate",
    }


def test_definitions_computed_from_facts_counted_by_hand(reviewed, muong_khuong, lao_cai, village):
    indicators_recompute(year=YEAR)
    for unit in (muong_khuong, lao_cai):
        telecom = value(TELECOM, unit)
        assert (telecom.numerator, telecom.denominator, telecom.value) == (8, 13, 61.5)
        assert value(INFORMATION, unit).value == 100.0
        assert value("poor-household-rate", unit).value == 53.3
        assert value("near-poor-household-rate", unit).value == 33.3
    assert value(TELECOM, lao_cai).level == Level.PROVINCE
    in_village = IndicatorValue.objects.get(indicator__code=TELECOM, village=village)
    assert (in_village.numerator, in_village.denominator, in_village.unit_id) == (
        8,
        13,
        muong_khuong.pk,
    )
    # Breakdowns: by class, ethnicity (all H'Mông, 08) and sex of the head.
    poor = value(TELECOM, muong_khuong, key="class:poor")
    assert (poor.numerator, poor.denominator) == (3, 8)
    assert value(TELECOM, muong_khuong, key="class:near_poor").value == 100.0
    assert value(TELECOM, muong_khuong, key="ethnicity:08").value == 61.5
    men = value(TELECOM, muong_khuong, key="head_sex:male")
    assert (men.numerator, men.denominator) == (0, 5)
    women = value(TELECOM, muong_khuong, key="head_sex:female")
    assert (women.numerator, women.denominator) == (8, 8)


def test_small_cells_are_suppressed(reviewed, muong_khuong):
    indicators_recompute(year=YEAR)
    assert value(TELECOM, muong_khuong).is_suppressed is False
    # 3 of 8 poor households use telecom: fewer than 5 on the numerator.
    assert value(TELECOM, muong_khuong, key="class:poor").is_suppressed is True
    # 5 of 5 near-poor would be enough alone, but the commune's 8 of 13 minus 5 of 5 gives
    # the poor's 3 of 8 away: withheld with it (secondary suppression).
    assert value(TELECOM, muong_khuong, key="class:near_poor").is_suppressed is True
    # Men heads: 0 of 5; women heads 8 of 8 withheld with them.
    assert value(TELECOM, muong_khuong, key="head_sex:male").is_suppressed is True
    assert value(TELECOM, muong_khuong, key="head_sex:female").is_suppressed is True
    # A single breakdown cell is its total: nothing to give away.
    assert value(TELECOM, muong_khuong, key="ethnicity:08").is_suppressed is False


def test_the_rest_of_a_fraction_is_a_cell_too():
    from banso.indicators.services import is_suppressed

    assert is_suppressed(18, 20) is True  # 2 households without
    assert is_suppressed(15, 20) is False
    assert is_suppressed(20, 20) is False  # all of them: no small group named
    assert is_suppressed(4, 20) is True
    assert is_suppressed(6, 4) is True
    assert is_suppressed(3, None) is True
    assert is_suppressed(12, None) is False


def test_a_commune_withheld_alone_is_not_given_away_by_its_province(superuser, lao_cai):
    """Three communes of the province: one with a small cell, withheld; the province's figure
    minus the two others would give it, so the smaller of them is withheld too."""
    UnitSuccession.objects.all()  # the places fixture is loaded through lao_cai
    for code, (households, lacking) in {
        "02839": (40, 10),
        "02848": (20, 6),
        "02761": (7, 1),
    }.items():
        recorded_fact_set(
            actor=superuser,
            code="households.poor_near_poor",
            unit=_current(code),
            period="2024",
            value=households,
            source="Báo cáo",
        )
        recorded_fact_set(
            actor=superuser,
            code="households.poor_near_poor.lacks_telecom",
            unit=_current(code),
            period="2024",
            value=lacking,
            source="Báo cáo",
        )
    indicators_recompute(year=2024)
    shown = {
        code: value(TELECOM, _current(code), period="2024").is_suppressed
        for code in ("02839", "02848", "02761")
    }
    assert shown == {"02839": False, "02848": True, "02761": True}
    assert value(TELECOM, lao_cai, period="2024").is_suppressed is False


def test_recompute_replaces_the_period(reviewed, muong_khuong):
    first = indicators_recompute(year=YEAR)
    assert indicators_recompute(year=YEAR) == first
    assert IndicatorValue.objects.filter(year=YEAR).count() == first


def test_a_registered_provider_feeds_the_indicators(muong_khuong, lao_cai):
    class Shops:
        name = "shops"

        def codes(self):
            return {"shops.listed": "Shops listed"}

        def facts(self, *, year):
            yield Fact(code="shops.listed", period="2024", value=12, unit_id=muong_khuong.pk)

    Indicator.objects.create(
        code="shops", name="Shops", numerator="shops.listed", denominator="", factor=1
    )
    provider = Shops()
    fact_provider_register(provider)
    try:
        indicators_recompute(year=2024)
    finally:
        fact_provider_unregister(provider)
    assert value("shops", lao_cai, period="2024").value == 12.0


def _old(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(is_current=False, level="commune", code=code)


def _current(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(is_current=True, level="commune", code=code)


# Old communes of the former Bắc Hà district (085) and their 2023 figures: (poor and
# near-poor households, of whom lacking telecom).
BAC_HA_2023 = {
    "02857": (20, 4),  # Thải Giàng Phố → today's Bắc Hà
    "02863": (30, 6),  # Hoàng Thu Phố → Bắc Hà
    "02881": (8, 2),  # Nậm Mòn → Bắc Hà (and, for this test, part of it to Bản Liền)
    "02851": (10, 1),  # Tả Van Chư → Lùng Phình
    "02848": (15, 3),  # Lùng Phình → Lùng Phình
}


def test_old_communes_of_bac_ha_roll_up_onto_todays_communes(superuser, lao_cai):
    # Nậm Mòn split: a part went to Bản Liền, most (the default) to Bắc Hà.
    UnitSuccession.objects.create(
        retired=_old("02881"), successor=_current("02869"), is_default=False
    )
    for code, (households, lacking) in BAC_HA_2023.items():
        for fact, count in (
            ("households.poor_near_poor", households),
            ("households.poor_near_poor.lacks_telecom", lacking),
        ):
            recorded_fact_set(
                actor=superuser,
                code=fact,
                unit=_old(code),
                period="2023",
                value=count,
                source="Báo cáo rà soát 2023",
            )
    indicators_recompute(year=2023)
    # Today's units: Bắc Hà 58 households, 12 lacking; Lùng Phình 25, 4 lacking.
    bac_ha = value(TELECOM, _current("02839"), period="2023")
    assert (bac_ha.numerator, bac_ha.denominator, bac_ha.value) == (46, 58, 79.3)
    lung_phinh = value(TELECOM, _current("02848"), period="2023")
    assert (lung_phinh.numerator, lung_phinh.denominator, lung_phinh.value) == (21, 25, 84.0)
    assert not IndicatorValue.objects.filter(unit=_current("02869")).exists()
    province = value(TELECOM, lao_cai, period="2023")
    assert (province.numerator, province.denominator) == (67, 83)
    # The units of the time: the old commune, the old district, the old province.
    old_commune = value(TELECOM, _old("02857"), hierarchy=Hierarchy.HISTORIC, period="2023")
    assert (old_commune.numerator, old_commune.denominator, old_commune.level) == (
        16,
        20,
        "commune",
    )
    district = AdministrativeUnit.objects.get(is_current=False, level="district", code="085")
    old_district = value(TELECOM, district, hierarchy=Hierarchy.HISTORIC, period="2023")
    assert (old_district.numerator, old_district.denominator, old_district.value) == (67, 83, 80.7)
    old_province = value(TELECOM, district.parent, hierarchy=Hierarchy.HISTORIC, period="2023")
    assert old_province.denominator == 83
    # Nothing of today's communes on the old map.
    assert not IndicatorValue.objects.filter(
        hierarchy=Hierarchy.HISTORIC, unit__is_current=True
    ).exists()


def test_after_the_reform_no_historic_figures(superuser):
    recorded_fact_set(
        actor=superuser,
        code="households.poor_near_poor",
        unit=_old("02857"),
        period="202508",
        value=20,
        source="Báo cáo",
    )
    indicators_recompute(year=2025)
    assert IndicatorValue.objects.filter(period="202508", hierarchy=Hierarchy.CURRENT).exists()
    assert not IndicatorValue.objects.filter(period="202508", hierarchy=Hierarchy.HISTORIC).exists()


def test_recording_a_figure_needs_an_officer_of_the_unit(other_commune_officer, commune_officer):
    from django.core.exceptions import PermissionDenied

    # Thải Giàng Phố now belongs to Bắc Hà, which ``other_commune_officer`` serves.
    record = recorded_fact_set(
        actor=other_commune_officer,
        code="households.poor_near_poor",
        unit=_old("02857"),
        period="2023",
        value=20,
        source="Báo cáo",
    )
    assert record.recorded_by == other_commune_officer
    with pytest.raises(PermissionDenied):
        recorded_fact_set(
            actor=commune_officer,
            code="households.poor_near_poor",
            unit=_old("02857"),
            period="2023",
            value=99,
            source="Báo cáo",
        )
    record.refresh_from_db()
    assert record.value == 20


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_the_seeded_indicators_in_place():
    """The definitions the migration wrote come back after ``manage.py flush`` (and after every
    transactional test), so the dashboards never lose them."""
    from django.core.management import call_command

    seeded = set(Indicator.objects.values_list("code", flat=True))
    call_command("flush", interactive=False, verbosity=0)
    assert seeded and set(Indicator.objects.values_list("code", flat=True)) == seeded


def _reviewed_by(actor, village, old_unit, *, count: int, lacking_telecom: int) -> None:
    """``count`` poor households of ``village`` whose 2023 review ``old_unit`` made, the
    first ``lacking_telecom`` of them without telecommunication services."""
    from banso.households.services import assessment_record, household_create
    from banso.indicators.tests.conftest import answers

    for number in range(count):
        household = household_create(
            actor=actor, village=village, head_name=f"Hộ {number}", ethnicity="08"
        )
        lacking = ("telecom", "water", "sanitation") if number < lacking_telecom else None
        assessment_record(
            actor=actor,
            household=household,
            year=2023,
            answers=answers(*(lacking or ("housing_quality", "water", "sanitation"))),
            income_per_capita_vnd=1_000_000,
            unit=old_unit,
        )


def test_households_reviewed_by_old_communes_count_under_todays_communes(superuser, lao_cai):
    """Reviews of 2023 made by old communes of the former Bắc Hà district, of households in
    villages of today's communes: today's figures follow the villages (Nậm Mòn's households
    in the part that went to Bản Liền count in Bản Liền, not in the default successor), the
    figures of the time the old communes; both counted by hand."""
    from banso.places.models import Village

    UnitSuccession.objects.create(
        retired=_old("02881"), successor=_current("02869"), is_default=False
    )

    def village(commune: str, name: str) -> Village:
        return Village.objects.create(commune=_current(commune), name=name, kind="thon")

    bac_ha_village = village("02839", "Thải Giàng Phố")
    lung_phinh_village = village("02848", "Tả Van Chư")
    ban_lien_village = village("02869", "Nậm Mòn")
    _reviewed_by(superuser, bac_ha_village, _old("02857"), count=6, lacking_telecom=2)
    _reviewed_by(superuser, bac_ha_village, _old("02863"), count=5, lacking_telecom=1)
    _reviewed_by(superuser, lung_phinh_village, _old("02851"), count=5, lacking_telecom=0)
    _reviewed_by(superuser, ban_lien_village, _old("02881"), count=5, lacking_telecom=2)
    indicators_recompute(year=2023)

    def figure(unit, hierarchy=Hierarchy.CURRENT):
        found = value(TELECOM, unit, hierarchy=hierarchy, period="2023")
        return (found.numerator, found.denominator, found.value)

    # Today's communes: Bắc Hà 11 households (3 lacking), Lùng Phình 5 (0), Bản Liền 5 (2).
    assert figure(_current("02839")) == (8, 11, 72.7)
    assert figure(_current("02848")) == (5, 5, 100.0)
    assert figure(_current("02869")) == (3, 5, 60.0)
    assert figure(lao_cai) == (16, 21, 76.2)
    # The villages of today, under their communes.
    village_value = IndicatorValue.objects.get(
        indicator__code=TELECOM, village=ban_lien_village, period="2023"
    )
    assert (village_value.unit_id, village_value.denominator) == (_current("02869").pk, 5)
    # The units of the time: each old commune, the old district, the old province.
    assert figure(_old("02857"), Hierarchy.HISTORIC) == (4, 6, 66.7)
    assert figure(_old("02863"), Hierarchy.HISTORIC) == (4, 5, 80.0)
    assert figure(_old("02851"), Hierarchy.HISTORIC) == (5, 5, 100.0)
    assert figure(_old("02881"), Hierarchy.HISTORIC) == (3, 5, 60.0)
    district = AdministrativeUnit.objects.get(is_current=False, level="district", code="085")
    assert figure(district, Hierarchy.HISTORIC) == (16, 21, 76.2)
    assert figure(district.parent, Hierarchy.HISTORIC) == (16, 21, 76.2)
    # The disaggregations follow the same two maps.
    mong = value(TELECOM, _old("02857"), key="ethnicity:08", hierarchy=Hierarchy.HISTORIC)
    assert (mong.numerator, mong.denominator) == (4, 6)
    deprived = value("poor-household-rate", _current("02839"))
    assert (deprived.numerator, deprived.denominator) == (11, 11)
    assert not IndicatorValue.objects.filter(
        hierarchy=Hierarchy.HISTORIC, unit__is_current=True
    ).exists()
    assert not IndicatorValue.objects.filter(
        hierarchy=Hierarchy.CURRENT, unit__is_current=False
    ).exists()
