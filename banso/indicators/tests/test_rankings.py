"""Rankings: who records an edition, the page with its rank chart, the demo's published
figures for Lào Cai (PCI under the former province, DTI 2024 under today's)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from banso.indicators.models import RankingEdition
from banso.indicators.ranking_indexes import RankingIndex
from banso.indicators.rankings import ranking_edition_record, ranking_histories
from banso.indicators.rankings_demo import rankings_demo_seed
from banso.places.models import AdministrativeUnit

SOURCE = "VCCI, PCI 2024, https://pcivietnam.vn"


def _record(actor, unit, **fields):
    values = {
        "index": RankingIndex.PCI,
        "edition": 2024,
        "score": Decimal("68.56"),
        "rank": 23,
        "out_of": 63,
        "source": SOURCE,
    } | fields
    return ranking_edition_record(actor=actor, unit=unit, **values)


@pytest.fixture
def former_lao_cai(places):
    return AdministrativeUnit.objects.get(level="province", code="10", is_current=False)


def test_a_province_officer_records_an_edition_of_the_province_merged_into_theirs(
    province_officer, former_lao_cai
):
    edition = _record(province_officer, former_lao_cai)
    assert (edition.rank, edition.out_of, edition.recorded_by) == (23, 63, province_officer)
    _record(province_officer, former_lao_cai, rank=22)  # a correction, in place
    assert RankingEdition.objects.get().rank == 22


def test_a_commune_officer_or_another_province_may_not_record(
    commune_officer, make_user, lao_cai, places
):
    from banso.accounts.models import PlaceRole
    from banso.accounts.services import role_grant

    ha_giang = AdministrativeUnit.objects.get(level="province", code="08", is_current=True)
    other = make_user("Cán bộ tỉnh khác")
    role_grant(user=other, role=PlaceRole.PROVINCE_OFFICER, unit=ha_giang)
    for actor in (commune_officer, other):
        with pytest.raises(PermissionDenied):
            _record(actor, lao_cai)
    assert not RankingEdition.objects.exists()


def test_the_rank_within_the_provinces_ranked_and_only_the_index_pillars(province_officer, lao_cai):
    with pytest.raises(ValidationError) as error:
        _record(province_officer, lao_cai, rank=64)
    assert error.value.error_dict["__all__"][0].code == "rank"
    with pytest.raises(ValidationError) as error:
        _record(province_officer, lao_cai, pillar_scores={"digital_economy": 0.7})
    assert error.value.error_dict["pillar_scores"][0].code == "pillars"
    edition = _record(
        province_officer,
        lao_cai,
        index=RankingIndex.DTI,
        score=Decimal("0.7167"),
        rank=14,
        out_of=34,
        pillar_scores={"digital_economy": 0.7},
    )
    assert edition.pillar_scores == {"digital_economy": 0.7}
    assert not RankingEdition.objects.filter(index=RankingIndex.PCI).exists()


def test_the_demo_records_lao_cais_published_figures(superuser, lao_cai, former_lao_cai):
    rankings_demo_seed(admin=superuser)
    rankings_demo_seed(admin=superuser)  # twice changes nothing
    rows = {
        (edition.index, edition.edition): (
            edition.unit.code,
            str(edition.score),
            edition.rank,
            edition.out_of,
        )
        for edition in RankingEdition.objects.select_related("unit")
    }
    assert rows == {
        ("pci", 2022): ("10", "68.2000", 11, 63),
        ("pci", 2023): ("10", "67.3800", 26, 63),
        ("pci", 2024): ("10", "68.5600", 23, 63),
        ("dti", 2024): ("15", "0.7167", 14, 34),
    }
    histories = {history.index: history for history in ranking_histories(lao_cai)}
    pci = histories["pci"]
    assert [row.edition.edition for row in pci.rows] == [2022, 2023, 2024]
    assert [(point.rank, point.out_of) for point in pci.chart.points] == [
        (11, 63),
        (26, 63),
        (23, 63),
    ]
    # Lower on the chart is a worse rank: 26th lies below 11th.
    assert pci.chart.points[1].y > pci.chart.points[0].y


def test_the_public_page_shows_each_index_history_as_svg(
    client, superuser, lao_cai, former_lao_cai
):
    rankings_demo_seed(admin=superuser)
    page = client.get(reverse("indicators:rankings")).content.decode()
    assert 'id="rank-pci"' in page and 'id="rank-dti"' in page
    assert page.count('class="rank-point"') == 4
    assert 'data-rank="23" data-out-of="63"' in page
    assert "0,7167" in page  # the Vietnamese decimal comma
    assert "68,20" in page
    assert "thứ 14/34" in page
    assert "doingoailaocai.vn/vi/bai-viet/24284" in page
    assert "<script" not in page.split('id="ranking-pci"')[1].split("</section>")[0]


def test_the_page_without_editions(client, lao_cai):
    page = client.get(reverse("indicators:rankings")).content.decode()
    assert 'id="no-rankings"' in page
