"""Flagged stamps and their scans, as a producer and a province officer read them."""

import pytest
from django.utils import timezone

from banso.stamps.models import Stamp
from banso.stamps.selectors.scans import (
    stamp_flag_titles,
    stamp_scans_for_user,
    stamps_flagged_for_organisation,
    stamps_flagged_for_province_officer,
)
from banso.stamps.services.scans import scan_record
from banso.stamps.tests.scan_support import facts, stamps_issue

pytest_plugins = ["banso.stamps.tests.scan_fixtures"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

FLAG = [{"code": "many_devices", "at": "2025-12-01T08:00:00+07:00"}]


@pytest.fixture
def flagged(issued):
    stamp = issued.stamps[0]
    scan_record(stamp_id=stamp.pk, facts=facts(at=timezone.now()))
    Stamp.objects.filter(pk=stamp.pk).update(is_flagged=True, flag_reasons=FLAG)
    return stamp


@pytest.fixture
def other_flagged(other_coop):
    from banso.stamps.tests.conftest import product_make

    product = product_make(other_coop, name="Mận Bắc Hà", item=9)
    stamp = stamps_issue(product, with_pin=False, status="printed").stamps[0]
    Stamp.objects.filter(pk=stamp.pk).update(is_flagged=True, flag_reasons=FLAG)
    return stamp


def test_organisation_sees_only_its_own_flagged_stamps(coop, flagged, other_flagged, issued):
    found = list(stamps_flagged_for_organisation(organisation=coop))
    assert found == [flagged]
    assert found[0].last_scanned_at is not None
    assert issued.stamps[1] not in found


def test_province_officer_sees_flagged_stamps_of_the_province(
    province_officer, commune_officer, flagged, other_flagged
):
    assert set(stamps_flagged_for_province_officer(user=province_officer)) == {
        flagged,
        other_flagged,
    }
    assert list(stamps_flagged_for_province_officer(user=commune_officer)) == []


def test_flagged_list_is_one_query(coop, flagged, django_assert_num_queries):
    with django_assert_num_queries(1):
        stamps = list(stamps_flagged_for_organisation(organisation=coop))
        [(s.run.product.name, s.lot.code, s.claimed_unit) for s in stamps]


def test_scans_of_a_stamp_for_its_people_only(flagged, coop_member, other_coop_member):
    assert len(stamp_scans_for_user(user=coop_member, stamp=flagged)) == 1
    assert list(stamp_scans_for_user(user=other_coop_member, stamp=flagged)) == []


def test_flag_titles(flagged):
    flagged.refresh_from_db()
    assert [code for code, _title in stamp_flag_titles(flagged)] == ["many_devices"]
