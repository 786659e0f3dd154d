"""The official units as loaded from vietnamadminunits: counts, Lào Cai, retired units, mapping."""

from django.db.models import Count, Q

from banso.places.loading import units_load
from banso.places.models import AdministrativeUnit, UnitLevel, UnitSuccession
from banso.places.selectors import unit_current


def _current(level: str):
    return AdministrativeUnit.objects.filter(is_current=True, level=level)


def _retired_communes():
    return AdministrativeUnit.objects.filter(is_current=False, level=UnitLevel.COMMUNE).annotate(
        successor_count=Count("successions"),
        default_count=Count("successions", filter=Q(successions__is_default=True)),
    )


def test_current_units_are_34_provinces_and_3321_communes_and_wards(places):
    assert _current(UnitLevel.PROVINCE).count() == 34
    assert _current(UnitLevel.COMMUNE).count() == 3321
    assert not _current(UnitLevel.DISTRICT).exists()


def test_lao_cai_has_89_communes_and_10_wards(lao_cai):
    children = lao_cai.children.filter(is_current=True)
    assert children.count() == 99
    assert children.filter(kind="Xã").count() == 89
    assert children.filter(kind="Phường").count() == 10
    assert set(children.values_list("level", flat=True)) == {UnitLevel.COMMUNE}
    assert all(child.path.startswith(lao_cai.path) for child in children)


def test_loading_again_changes_no_counts_and_keeps_ids(places):
    def snapshot():
        ids = dict(AdministrativeUnit.objects.values_list("path", "pk"))
        counts = {
            (row["is_current"], row["level"]): row["n"]
            for row in AdministrativeUnit.objects.values("is_current", "level").annotate(
                n=Count("pk")
            )
        }
        successions = set(
            UnitSuccession.objects.values_list("retired_id", "successor_id", "is_default")
        )
        return ids, counts, successions

    before = snapshot()
    report = units_load()
    after = snapshot()

    assert after == before
    assert report.provinces == 34
    assert report.communes == 3321
    assert report.successions == len(after[2])
    assert report.unmapped == 0


def test_retired_district_bac_ha_passed_to_current_lao_cai_communes(
    old_bac_ha_district, lao_cai, bac_ha
):
    district = old_bac_ha_district
    assert district.is_current is False
    assert district.level == UnitLevel.DISTRICT
    assert district.name == "Huyện Bắc Hà"
    assert district.parent.name == "Tỉnh Lào Cai"
    assert district.parent.is_current is False

    successors = list(district.successors.all())
    assert bac_ha in successors
    assert bac_ha.code == "02839"
    assert bac_ha.name == "Xã Bắc Hà"
    assert len(successors) >= 2
    for successor in successors:
        assert successor.is_current
        assert successor.level == UnitLevel.COMMUNE
        assert successor.parent_id == lao_cai.pk


def test_retired_district_keeps_its_old_communes(old_bac_ha_district):
    communes = old_bac_ha_district.children.all()
    assert communes.count() > 10
    assert set(communes.values_list("is_current", flat=True)) == {False}
    assert communes.filter(name="Xã Bản Phố").exists()


def test_an_old_commune_may_feed_several_new_ones_with_one_default(places):
    split = _retired_communes().filter(successor_count__gte=2).order_by("path").first()
    assert split is not None
    successions = list(split.successions.select_related("successor"))
    assert len(successions) >= 2
    assert sum(s.is_default for s in successions) == 1
    assert all(s.successor.is_current for s in successions)
    default = next(s.successor for s in successions if s.is_default)
    assert unit_current(split) == default


def test_every_retired_commune_rolls_up_to_exactly_one_default_successor(places):
    communes = _retired_communes()
    assert not communes.filter(successor_count=0).exists()
    assert not communes.exclude(default_count=1).exists()


def test_units_whose_names_fold_alike_keep_their_own_successors(places):
    """Xã Minh Quân and Xã Minh Quán (Trấn Yên, Yên Bái) fold to the same letters; the
    package tells them apart by their diacritics, and so must the mapping."""

    def successor_codes(name: str) -> set[str]:
        unit = AdministrativeUnit.objects.get(
            is_current=False, level=UnitLevel.COMMUNE, name=name, path__startswith="o15/138/"
        )
        return set(unit.successors.values_list("code", flat=True))

    assert successor_codes("Xã Minh Quân") == {"04543"}  # Phường Âu Lâu
    assert successor_codes("Xã Minh Quán") == {"04498"}  # Xã Trấn Yên


def test_retired_units_are_not_counted_as_current(places):
    assert (
        AdministrativeUnit.objects.filter(is_current=False, level=UnitLevel.PROVINCE).count() > 34
    )
    assert (
        AdministrativeUnit.objects.filter(is_current=False, level=UnitLevel.DISTRICT).count() > 600
    )
    old_lao_cai = AdministrativeUnit.objects.get(
        is_current=False, level=UnitLevel.PROVINCE, code="10"
    )
    assert old_lao_cai.successors.filter(is_current=True, code="15").exists()
