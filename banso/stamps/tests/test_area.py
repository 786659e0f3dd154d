"""An officer's read-only page of the stamp runs and flagged stamps of the commune or province
they serve, its scopes (``action="oversee"``), and the co-op list's title for who reads it."""

import pytest
from django.urls import reverse
from django.utils import translation

from banso.stamps.models import Stamp
from banso.stamps.selectors.dashboard import stamps_flagged_for_user
from banso.stamps.selectors.runs import stamp_runs_for_user
from banso.stamps.tests.conftest import product_make, run_make

pytestmark = pytest.mark.django_db

URL = reverse("stamps:area-stamps")


def _url_in(language: str, name: str = "stamps:area-stamps") -> str:
    """The page's address in ``language`` (each language has its own)."""
    with translation.override(language):
        return reverse(name)


@pytest.fixture
def runs(product, other_coop):
    """A run in Mường Khương with a flagged stamp, and one in Bắc Hà with another."""
    ours = run_make(product, quantity=3)
    theirs = run_make(product_make(other_coop, name="Mận Tam Hoa Bắc Hà", item=2), quantity=2)
    for run in (ours, theirs):
        Stamp.objects.filter(run=run, number=1).update(
            is_flagged=True,
            flag_reasons=[{"code": "fast_travel", "at": "2025-11-20T10:00:00+07:00"}],
        )
    return ours, theirs


def test_oversee_scopes(runs, commune_officer, province_officer, coop_member):
    ours, theirs = runs
    assert list(stamp_runs_for_user(commune_officer, action="oversee")) == [ours]
    assert set(stamp_runs_for_user(province_officer, action="oversee")) == {ours, theirs}
    assert not stamp_runs_for_user(coop_member, action="oversee").exists()
    flagged = stamps_flagged_for_user(commune_officer, action="oversee")
    assert {stamp.run_id for stamp in flagged} == {ours.pk}
    assert stamps_flagged_for_user(province_officer, action="oversee").count() == 2
    # No right to change came with it.
    assert not stamp_runs_for_user(commune_officer).exists()


def test_commune_officer_sees_his_communes_stamps(
    client, runs, commune_officer, django_assert_max_num_queries
):
    ours, theirs = runs
    client.force_login(commune_officer)
    with django_assert_max_num_queries(10):
        page = client.get(_url_in("vi")).content.decode()
    assert "<h1>Tem trong xã</h1>" in page
    assert ours.product.name in page and ours.organisation.name in page
    assert theirs.product.name not in page
    assert ours.stamps.get(number=1).serial in page
    assert theirs.stamps.get(number=1).serial not in page
    assert reverse("stamps:run-detail", args=[ours.pk]) not in page


def test_province_officer_sees_the_province(client, runs, province_officer):
    ours, theirs = runs
    client.force_login(province_officer)
    page = client.get(_url_in("en")).content.decode()
    assert "<h1>Stamps in the province</h1>" in page
    assert ours.product.name in page and theirs.product.name in page


def test_not_for_members(client, coop_member):
    client.force_login(coop_member)
    assert client.get(URL).status_code == 403


def test_co_op_list_is_mine_only_for_members(client, runs, coop_member, province_officer):
    client.force_login(coop_member)
    page = client.get(_url_in("vi", "stamps:run-list")).content.decode()
    assert "<h1>Tem của tôi</h1>" in page
    client.force_login(province_officer)
    page = client.get(_url_in("vi", "stamps:run-list")).content.decode()
    assert "<h1>Tem bạn quản lý</h1>" in page
    assert "<h1>Tem của tôi</h1>" not in page
