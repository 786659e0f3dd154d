"""The commune digital scorecard, from rows counted by hand.

Mường Khương this year: the co-operative's shop is open (1 shop; Bắc Hà's shop waits for
approval and counts nowhere); it has 2 OCOP listings on sale (a third listing has no
certificate, a fourth is a draft); its stamps were opened 4 times this year and once last year.
400 households assessed (recorded): shops 1 ÷ 400 × 1,000 = 2.5 per 1,000 → 25.0; scans
4 ÷ 400 × 1,000 = 10.0 per 1,000 → 1.0; OCOP 2 × 25 = 50.0; no telecom figure this year, and the
village teams (whose app counts their help) gave none: 0 → 0.0; score (50 + 25 + 1 + 0) ÷ 4 = 19.0.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from banso.indicators.facts import fact_codes, fact_providers
from banso.indicators.scorecard import commune_scorecard, province_scorecards
from banso.indicators.services import indicators_recompute, recorded_fact_set
from banso.indicators.tests.conftest import YEAR
from banso.market.indicator_facts import market_facts
from banso.market.models import ListingStatus, ShopStatus
from banso.market.tests.makers import listing_make, shop_make
from banso.orgs.services import certificate_add
from banso.stamps.indicator_facts import stamp_facts
from banso.stamps.models import Scan
from banso.stamps.tests.scan_support import stamps_issue

THIS_YEAR = timezone.localdate().year
VARIANTS = [("1 kg", 60000, 10)]


def _parts(card) -> dict:
    return {part.component.code: part for part in card.components}


@pytest.fixture
def platform_rows(superuser, coop, other_coop, product, lot):
    certificate = certificate_add(
        actor=superuser,
        organisation=coop,
        kind="ocop",
        issuer="UBND tỉnh Lào Cai",
        number="OCOP-2024-17",
        valid_from=datetime.date(2024, 1, 1),
        ocop_stars=4,
        ocop_year=2024,
    )
    shop = shop_make(coop, slug="quyt-muong-khuong")
    shop_make(other_coop, slug="man-bac-ha", status=ShopStatus.PENDING)
    ocop = {"ocop_certificate": certificate, "ocop_group": "food"}
    listing_make(shop, product, variants=VARIANTS, title="Quýt ngọt", **ocop)
    listing_make(shop, product, variants=VARIANTS, title="Quýt sấy", **ocop)
    listing_make(shop, product, variants=VARIANTS, title="Quýt thường")
    listing_make(shop, product, variants=VARIANTS, title="Quýt nháp", status="draft", **ocop)
    assert ListingStatus.DRAFT == "draft"
    issued = stamps_issue(product, lot=lot, run_lot=lot, quantity=3)
    now = timezone.now()
    scans = [(issued.stamps[0], now)] * 3 + [(issued.stamps[1], now)]
    scans.append((issued.stamps[2], now.replace(year=THIS_YEAR - 1)))
    Scan.objects.bulk_create(Scan(stamp=stamp, scanned_at=at) for stamp, at in scans)
    return issued


def _households(officer, unit, count: int) -> None:
    recorded_fact_set(
        actor=officer,
        code="households.assessed",
        unit=unit,
        period=str(THIS_YEAR),
        value=count,
        source="Rà soát hộ nghèo",
    )
    indicators_recompute(year=THIS_YEAR)


def test_market_and_stamps_register_their_fact_providers():
    assert market_facts in fact_providers() and stamp_facts in fact_providers()
    assert {"market.ocop_listings", "market.shops_open", "stamps.scans"} <= set(fact_codes())
    assert "teams.activities" in fact_codes()  # the village teams' app counts its help


def test_components_from_the_rows_counted_by_hand(
    platform_rows, commune_officer, muong_khuong, bac_ha
):
    _households(commune_officer, muong_khuong, 400)
    card = commune_scorecard(commune_officer, unit=muong_khuong, year=THIS_YEAR)
    parts = _parts(card)
    assert (parts["ocop"].count, parts["ocop"].score) == (2, 50.0)
    assert (parts["shops"].count, parts["shops"].value, parts["shops"].score) == (1, 2.5, 25.0)
    assert (parts["scans"].count, parts["scans"].value, parts["scans"].score) == (4, 10.0, 1.0)
    assert not parts["telecom"].is_available and parts["telecom"].score is None
    assert (parts["teams"].is_available, parts["teams"].count, parts["teams"].score) == (
        True,
        0,
        0.0,
    )
    assert card.score == 19.0
    other = _parts(commune_scorecard(commune_officer, unit=bac_ha, year=THIS_YEAR))
    assert (other["shops"].count, other["ocop"].count, other["scans"].count) == (0, 0, 0)
    last_year = _parts(commune_scorecard(commune_officer, unit=muong_khuong, year=THIS_YEAR - 1))
    assert last_year["scans"].count == 1


def test_telecom_access_from_the_households_counted_by_hand(client, reviewed, muong_khuong):
    indicators_recompute(year=YEAR)
    parts = _parts(commune_scorecard(AnonymousUser(), unit=muong_khuong, year=YEAR))
    telecom = parts["telecom"]
    assert (telecom.count, telecom.households, telecom.value, telecom.score) == (8, 13, 61.5, 61.5)
    page = client.get(reverse("indicators:scorecard", args=[muong_khuong.code]), {"year": YEAR})
    assert "61,5 % (8/13)" in page.content.decode()


def test_rates_on_fewer_than_5_households_are_withheld_from_the_public(
    client, platform_rows, commune_officer, muong_khuong
):
    _households(commune_officer, muong_khuong, 3)
    public = _parts(commune_scorecard(AnonymousUser(), unit=muong_khuong, year=THIS_YEAR))
    assert public["shops"].is_withheld and public["shops"].value is None
    assert public["scans"].is_withheld and public["scans"].score is None
    assert public["ocop"].score == 50.0  # a count of products rests on no household
    officer = _parts(commune_scorecard(commune_officer, unit=muong_khuong, year=THIS_YEAR))
    assert (officer["shops"].value, officer["shops"].score) == (333.3, 100.0)
    page = client.get(reverse("indicators:scorecard", args=[muong_khuong.code]))
    html = page.content.decode()
    assert 'id="public-note"' in html and "Ít hơn 5 hộ" in html
    assert "sources-link" not in html


def test_the_officer_drills_down_to_the_rows_and_the_public_may_not(
    client, platform_rows, commune_officer, other_commune_officer, muong_khuong
):
    url = reverse("indicators:scorecard-component", args=[muong_khuong.code, "ocop"])
    assert client.get(url).status_code == 403
    client.force_login(other_commune_officer)
    assert client.get(url).status_code == 403
    client.force_login(commune_officer)
    page = client.get(url).content.decode()
    assert "Quýt ngọt" in page and "Quýt sấy" in page and "Quýt nháp" not in page
    assert 'id="sources-total">2<' in page
    scans = client.get(
        reverse("indicators:scorecard-component", args=[muong_khuong.code, "scans"])
    ).content.decode()
    assert "Quýt Mường Khương" in scans  # the run's product
    assert 'id="sources-total">4<' in scans
    card = client.get(reverse("indicators:scorecard", args=[muong_khuong.code])).content.decode()
    assert "sources-link" in card
    # The teams' component says what it counts now that the teams record their help.
    assert "Số lượt hỗ trợ do tổ công nghệ số cộng đồng thực hiện trong năm" in card
    assert "được tính khi các tổ ghi nhận" not in card
    assert (
        client.get(
            reverse("indicators:scorecard-component", args=[muong_khuong.code, "teams"])
        ).status_code
        == 200  # the commune's teams, none of which gave help
    )


def test_the_province_table_ranks_its_communes(
    client, platform_rows, commune_officer, lao_cai, muong_khuong, django_assert_max_num_queries
):
    _households(commune_officer, muong_khuong, 400)
    cards = province_scorecards(AnonymousUser(), province=lao_cai, year=THIS_YEAR)
    assert cards[0].unit == muong_khuong and cards[0].score == 19.0
    with django_assert_max_num_queries(12):
        page = client.get(reverse("indicators:scorecards"))
    assert f'id="commune-{muong_khuong.code}"' in page.content.decode()
