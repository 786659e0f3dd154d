"""The province officers' page of the stays and tours waiting for approval: what each officer
sees, each decision through the services, and who is turned away."""

import pytest
from django.urls import reverse

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.places.models import AdministrativeUnit, UnitLevel
from banso.tourism.models import ListingStatus, Lodging, Tour
from banso.tourism.tests.makers import lodging_make, tour_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(coop):
    stay = lodging_make(coop, slug="nha-cho", name="Homestay Nhà Chờ", status=ListingStatus.PENDING)
    trek = tour_make(coop, slug="trek-cho", name="Trek Chờ Duyệt", status=ListingStatus.PENDING)
    return stay, trek


def test_a_province_officer_sees_and_approves_what_waits(client, province_officer, waiting):
    stay, trek = waiting
    client.force_login(province_officer)
    page = client.get(reverse("tourism:approvals")).content.decode()
    assert "Homestay Nhà Chờ" in page and "Trek Chờ Duyệt" in page
    assert f'id="stay-{stay.pk}"' in page and f'id="tour-{trek.pk}"' in page

    response = client.post(
        reverse("tourism:approval-review", args=["stay", stay.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.status == ListingStatus.APPROVED and stay.reviewed_by == province_officer
    shown = client.get(reverse("tourism:approvals")).content.decode()
    assert "trạng thái mới là “Đã duyệt”" in shown  # the message, in Vietnamese
    assert f'id="stay-{stay.pk}"' in shown.split('id="open-listings"')[1]


def test_refusing_or_suspending_says_why(client, province_officer, waiting):
    stay, trek = waiting
    client.force_login(province_officer)
    address = reverse("tourism:approval-review", args=["tour", trek.pk])
    client.post(address, {"decision": "reject", "note": ""})
    trek.refresh_from_db()
    assert trek.status == ListingStatus.PENDING  # no reason given: nothing changed
    page = client.get(reverse("tourism:approvals")).content.decode()
    assert "Hãy nêu lý do để chủ cơ sở sửa lại cho đúng." in page

    client.post(address, {"decision": "reject", "note": "Thiếu ảnh và điểm hẹn."})
    trek.refresh_from_db()
    assert trek.status == ListingStatus.REJECTED and trek.review_note == "Thiếu ảnh và điểm hẹn."

    stay.status = ListingStatus.APPROVED
    stay.save()
    client.post(
        reverse("tourism:approval-review", args=["stay", stay.pk]),
        {"decision": "suspend", "note": "Đang sửa nhà."},
    )
    stay.refresh_from_db()
    assert stay.status == ListingStatus.SUSPENDED


def test_others_are_turned_away(client, coop_member, commune_officer, make_user, waiting):
    stay, trek = waiting
    for person in (coop_member, commune_officer):
        client.force_login(person)
        assert client.get(reverse("tourism:approvals")).status_code == 403
        client.post(
            reverse("tourism:approval-review", args=["stay", stay.pk]), {"decision": "approve"}
        )
    # An officer of another province sees nothing of Lào Cai's and cannot decide on it.
    other = (
        AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, is_current=True)
        .exclude(pk=stay.unit.parent_id)
        .first()
    )
    stranger = make_user("Cán bộ tỉnh khác")
    role_grant(user=stranger, role=PlaceRole.PROVINCE_OFFICER, unit=other)
    client.force_login(stranger)
    assert "Homestay Nhà Chờ" not in client.get(reverse("tourism:approvals")).content.decode()
    response = client.post(
        reverse("tourism:approval-review", args=["tour", trek.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert Lodging.objects.get(pk=stay.pk).status == ListingStatus.PENDING
    assert Tour.objects.get(pk=trek.pk).status == ListingStatus.PENDING


def test_the_account_page_offers_the_page_to_province_officers(client, province_officer):
    client.force_login(province_officer)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("tourism:approvals") in page
