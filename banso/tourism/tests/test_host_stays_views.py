"""The host's own stays, room types, price rules and photos end to end with the Django client,
in Vietnamese (the default): another organisation's rows are 404s that change nothing, a refused
stay that is edited goes back to the province, refusals come back on their form in Vietnamese
with what was typed kept, photos are stored and shown."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from banso.orgs.models import OrganisationApproval
from banso.orgs.services import membership_set, organisation_create, organisation_review
from banso.places.models import AdministrativeUnit
from banso.tourism.lunar import tet
from banso.tourism.models import (
    Amenity,
    ListingStatus,
    Lodging,
    LodgingPhoto,
    RateRule,
    RateRuleKind,
    RoomType,
)
from banso.tourism.services.host import rate_rule_add
from banso.tourism.services.listings import lodging_review
from banso.tourism.tests import host_fixtures
from banso.tourism.tests.host_fixtures import day, stay
from banso.tourism.tests.makers import photo_make, png_upload
from banso.tourism.tests.stay_makers import homestay_make

pytestmark = pytest.mark.django_db
homestay, room, other_room = host_fixtures.homestay, host_fixtures.room, host_fixtures.other_room


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _stay_fields(unit, **changes) -> dict:
    fields = {
        "unit": str(unit.pk),
        "name": "Homestay Sùng Sử",
        "kind": "homestay",
        "story": "Nhà trình tường.",
        "house_rules": "",
        "street_address": "",
        "latitude": "22.61",
        "longitude": "104.12",
        "phone": "0912000333",
        "notify_email": "",
        "check_in_from": "14:00",
        "check_out_until": "11:00",
        "cancellation_policy": "moderate",
        "accepts_pay_at_property": "on",
        "deposit_percent": "30",
        "slug": "",
    }
    fields.update(changes)
    return {key: value for key, value in fields.items() if value is not None}


def _room_fields(**changes) -> dict:
    fields = {
        "name": "Phòng gia đình",
        "description": "",
        "quantity": "2",
        "max_guests": "4",
        "double_beds": "2",
        "single_beds": "0",
        "floor_mattresses": "0",
        "amenities": [Amenity.WIFI, Amenity.HOT_WATER],
        "rate_vnd": "600000",
        "weekend_rate_vnd": "",
        "min_nights": "1",
        "is_active": "on",
    }
    fields.update(changes)
    return fields


# Who may see and do what ---------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client, homestay, room):
    for url in (
        reverse("tourism_host:stays"),
        reverse("tourism_host:stay", args=[homestay.pk]),
        reverse("tourism_host:room", args=[room.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_another_organisation_stay_room_photo_and_rule_are_404s_that_change_nothing(
    client, coop_member, other_coop_member, homestay, room
):
    photo = photo_make(homestay)
    rule = rate_rule_add(
        actor=coop_member,
        room_type=room,
        kind=RateRuleKind.TET,
        rate_vnd=900_000,
        days_before=1,
        days_after=3,
    )
    client.force_login(other_coop_member)
    gets = [
        reverse("tourism_host:stay", args=[homestay.pk]),
        reverse("tourism_host:room-create", args=[homestay.pk]),
        reverse("tourism_host:room", args=[room.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        (
            reverse("tourism_host:stay", args=[homestay.pk]),
            _stay_fields(homestay.unit, name="Chiếm"),
        ),
        (reverse("tourism_host:room", args=[room.pk]), _room_fields(name="Chiếm")),
        (reverse("tourism_host:room-create", args=[homestay.pk]), _room_fields()),
        (reverse("tourism_host:stay-photo-add", args=[homestay.pk]), {"image": png_upload()}),
        (reverse("tourism_host:stay-photo-remove", args=[homestay.pk, photo.pk]), {}),
        (reverse("tourism_host:rule-remove", args=[room.pk, rule.pk]), {}),
        (
            reverse("tourism_host:rule-add", args=[room.pk, "tet"]),
            {"tet-days_before": "1", "tet-days_after": "1", "tet-rate_vnd": "1"},
        ),
        (reverse("tourism_host:stay-create", args=["hop-tac-xa-quyt-muong-khuong"]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert Lodging.objects.get(pk=homestay.pk).name == homestay.name
    assert RoomType.objects.get(pk=room.pk).name == room.name
    assert list(LodgingPhoto.objects.values_list("pk", flat=True)) == [photo.pk]
    assert list(RateRule.objects.values_list("pk", flat=True)) == [rule.pk]
    assert homestay.name not in client.get(reverse("tourism_host:stays")).content.decode()


def test_a_photo_or_rule_of_another_stay_is_a_404_through_ones_own_stay(
    client, coop_member, other_coop_member, homestay, room, other_room
):
    other_photo = photo_make(other_room.lodging)
    other_rule = rate_rule_add(
        actor=other_coop_member,
        room_type=other_room,
        kind=RateRuleKind.TET,
        rate_vnd=900_000,
        days_before=1,
        days_after=3,
    )
    client.force_login(coop_member)
    url = reverse("tourism_host:stay-photo-remove", args=[homestay.pk, other_photo.pk])
    assert client.post(url).status_code == 404
    url = reverse("tourism_host:rule-remove", args=[room.pk, other_rule.pk])
    assert client.post(url).status_code == 404
    assert LodgingPhoto.objects.filter(pk=other_photo.pk).exists()
    assert RateRule.objects.filter(pk=other_rule.pk).exists()


# Stays ---------------------------------------------------------------------------------------


def test_the_list_shows_each_stay_standing_and_where_to_add_one(
    client, coop, coop_member, homestay, province_officer, django_assert_num_queries
):
    lodging_review(actor=province_officer, lodging=homestay, decision="reject", note="Thiếu ảnh.")
    client.force_login(coop_member)
    page = client.get(reverse("tourism_host:stays")).content.decode()
    assert "Không được duyệt" in page and "Thiếu ảnh." in page
    assert reverse("tourism_host:stay-create", args=[coop.slug]) in page
    assert reverse("tourism_host:stay", args=[homestay.pk]) in page
    # As many queries for two stays as for one.
    with django_assert_num_queries(5) as one:
        client.get(reverse("tourism_host:stays"))
    homestay_make(coop, slug="nha-thu-hai", name="Homestay thứ hai")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(reverse("tourism_host:stays"))


def test_an_organisation_waiting_for_approval_cannot_add_a_stay_yet(
    client, make_user, superuser, muong_khuong
):
    waiting = organisation_create(
        actor=superuser, name="Hộ kinh doanh Sùng", kind="household_business", unit=muong_khuong
    )
    waiting.approval = OrganisationApproval.PENDING
    waiting.save(update_fields=["approval"])
    host = make_user("Sùng A Páo")
    membership_set(actor=superuser, organisation=waiting, user=host, role="owner")
    client.force_login(host)
    url = reverse("tourism_host:stay-create", args=[waiting.slug])
    assert url not in client.get(reverse("tourism_host:stays")).content.decode()
    assert client.get(url).status_code == 404
    organisation_review(actor=superuser, organisation=waiting, approve=True)
    assert client.get(url).status_code == 200


def test_a_host_adds_a_stay_that_waits_for_approval(client, coop, coop_member):
    client.force_login(coop_member)
    url = reverse("tourism_host:stay-create", args=[coop.slug])
    form = client.get(url).content.decode()
    assert 'type="number"' in form and 'name="latitude"' in form
    response = client.post(url, _stay_fields(coop.unit))
    lodging = Lodging.objects.get(name="Homestay Sùng Sử")
    assert response.status_code == 302
    assert response["Location"] == reverse("tourism_host:stay", args=[lodging.pk])
    assert lodging.status == ListingStatus.PENDING
    assert lodging.organisation == coop and lodging.unit == coop.unit
    assert (lodging.latitude, lodging.longitude) == (22.61, 104.12)
    page = client.get(response["Location"]).content.decode()
    assert "Chờ duyệt" in page and "chờ tỉnh duyệt" in page


def test_the_commune_must_be_of_the_organisation_province(client, coop, coop_member, places):
    elsewhere = (
        AdministrativeUnit.objects.filter(is_current=True, level="commune")
        .exclude(parent_id=coop.unit.parent_id)
        .first()
    )
    client.force_login(coop_member)
    url = reverse("tourism_host:stay-create", args=[coop.slug])
    response = client.post(url, _stay_fields(elsewhere))
    assert response.status_code == 400
    assert not Lodging.objects.exists()


def test_errors_come_back_in_vietnamese_with_what_was_typed(client, coop, coop_member):
    client.force_login(coop_member)
    url = reverse("tourism_host:stay-create", args=[coop.slug])
    response = client.post(url, _stay_fields(coop.unit, latitude="", story="Nhà của bà Sử"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Trường này là bắt buộc." in page
    assert "Nhà của bà Sử" in page and 'value="Homestay Sùng Sử"' in page
    # The service's refusal: VietQR without the organisation's bank account.
    response = client.post(
        url, _stay_fields(coop.unit, accepts_vietqr="on", accepts_pay_at_property=None)
    )
    assert response.status_code == 400
    assert "chưa có tài khoản" in response.content.decode()
    assert not Lodging.objects.exists()


def test_a_refused_stay_edited_goes_back_to_the_province(
    client, coop_member, homestay, province_officer
):
    lodging_review(actor=province_officer, lodging=homestay, decision="reject", note="Thiếu ảnh.")
    client.force_login(coop_member)
    url = reverse("tourism_host:stay", args=[homestay.pk])
    response = client.post(
        url, _stay_fields(homestay.unit, name="Homestay Nhà Sùng", slug=homestay.slug)
    )
    assert response.status_code == 302
    homestay.refresh_from_db()
    assert homestay.status == ListingStatus.PENDING
    page = client.get(url).content.decode()
    assert "gửi lại tỉnh duyệt" in page
    assert "Chờ duyệt" in page


def test_an_approved_stay_edited_stays_approved(client, coop_member, homestay):
    client.force_login(coop_member)
    url = reverse("tourism_host:stay", args=[homestay.pk])
    response = client.post(
        url, _stay_fields(homestay.unit, name="Homestay Nhà Sùng mới", slug=homestay.slug)
    )
    assert response.status_code == 302
    homestay.refresh_from_db()
    assert homestay.name == "Homestay Nhà Sùng mới"
    assert homestay.status == ListingStatus.APPROVED


# Room types and price rules ------------------------------------------------------------------


def test_a_host_adds_a_room_type_with_amenities(client, coop_member, homestay):
    client.force_login(coop_member)
    response = client.post(reverse("tourism_host:room-create", args=[homestay.pk]), _room_fields())
    room_type = RoomType.objects.get(lodging=homestay, name="Phòng gia đình")
    assert response["Location"] == reverse("tourism_host:room", args=[room_type.pk])
    assert room_type.amenities == [Amenity.WIFI, Amenity.HOT_WATER]
    assert (room_type.quantity, room_type.max_guests, room_type.rate_vnd) == (2, 4, 600_000)
    page = client.get(reverse("tourism_host:stay", args=[homestay.pk])).content.decode()
    assert reverse("tourism_host:calendar", args=[room_type.pk]) in page


def test_fewer_rooms_than_booked_is_refused_on_the_form(client, coop_member, room):
    stay(room, rooms=2)
    client.force_login(coop_member)
    url = reverse("tourism_host:room", args=[room.pk])
    response = client.post(url, _room_fields(name=room.name, quantity="1"))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["quantity"] and "được đặt" in form.errors["quantity"][0]
    assert 'name="quantity" value="1"' in response.content.decode()
    assert RoomType.objects.get(pk=room.pk).quantity == 2


def test_a_tet_price_shows_the_nights_of_the_coming_tet(client, coop_member, room):
    client.force_login(coop_member)
    url = reverse("tourism_host:rule-add", args=[room.pk, "tet"])
    data = {"tet-name": "Tết", "tet-days_before": "2", "tet-days_after": "5"}
    response = client.post(url, {**data, "tet-rate_vnd": "900000"})
    assert response.status_code == 302
    rule = RateRule.objects.get(room_type=room)
    assert (rule.kind, rule.rate_vnd, rule.days_before, rule.days_after) == (
        RateRuleKind.TET,
        900_000,
        2,
        5,
    )
    page = client.get(reverse("tourism_host:room", args=[room.pk])).content.decode()
    today = day(0)
    first_day = tet(today.year) if tet(today.year) > today else tet(today.year + 1)
    first_night = first_day - datetime.timedelta(days=2)
    assert first_night.strftime("%d/%m/%Y") in page


def test_a_season_without_its_end_is_refused_in_vietnamese(client, coop_member, room):
    client.force_login(coop_member)
    url = reverse("tourism_host:rule-add", args=[room.pk, "season"])
    response = client.post(
        url, {"season-start_day": "31", "season-start_month": "4", "season-rate_vnd": "700000"}
    )
    assert response.status_code == 400
    form = response.context["rule_forms"][1]
    assert form.kind == RateRuleKind.SEASON
    assert form.errors["end_day"] == ["Trường này là bắt buộc."]
    assert 'id="add-season" open' in response.content.decode()
    # A day the month lacks: the service's refusal, on the day.
    data = {"season-end_day": "30", "season-end_month": "6"}
    response = client.post(
        url,
        {"season-start_day": "31", "season-start_month": "4", "season-rate_vnd": "700000", **data},
    )
    assert response.status_code == 400
    assert "Tháng 4 không có ngày 31." in response.context["rule_forms"][1].errors["start_day"]
    assert not RateRule.objects.exists()


def test_a_host_removes_a_price(client, coop_member, room):
    rule = rate_rule_add(
        actor=coop_member,
        room_type=room,
        kind=RateRuleKind.DATES,
        rate_vnd=700_000,
        start_date=day(3),
        end_date=day(5),
    )
    client.force_login(coop_member)
    response = client.post(reverse("tourism_host:rule-remove", args=[room.pk, rule.pk]))
    assert response.status_code == 302
    assert not RateRule.objects.exists()


# Photos --------------------------------------------------------------------------------------


def test_a_photo_of_the_stay_and_of_a_room_is_stored_and_shown(client, coop_member, homestay, room):
    client.force_login(coop_member)
    response = client.post(
        reverse("tourism_host:stay-photo-add", args=[homestay.pk]),
        {"image": png_upload(size=(400, 300)), "caption": "Nhà sàn"},
    )
    assert response.status_code == 302
    photo = LodgingPhoto.objects.get(lodging=homestay, room_type=None)
    assert photo.image.storage.exists(photo.image.name)
    page = client.get(reverse("tourism_host:stay", args=[homestay.pk])).content.decode()
    assert photo.image.name.rsplit(".", 1)[0] in page
    assert 'accept="image/*"' in page and 'capture="environment"' in page
    response = client.post(
        reverse("tourism_host:room-photo-add", args=[room.pk]), {"image": png_upload()}
    )
    assert response.status_code == 302
    room_photo = LodgingPhoto.objects.get(room_type=room)
    page = client.get(reverse("tourism_host:room", args=[room.pk])).content.decode()
    assert room_photo.image.name.rsplit(".", 1)[0] in page
    assert photo.image.name.rsplit(".", 1)[0] not in page
    client.post(reverse("tourism_host:room-photo-remove", args=[room.pk, room_photo.pk]))
    assert not LodgingPhoto.objects.filter(pk=room_photo.pk).exists()


def test_a_file_that_is_not_a_picture_comes_back_on_the_form(client, coop_member, homestay):
    client.force_login(coop_member)
    fake = SimpleUploadedFile("a.jpg", b"not a picture", content_type="image/jpeg")
    response = client.post(
        reverse("tourism_host:stay-photo-add", args=[homestay.pk]), {"image": fake}
    )
    assert response.status_code == 400
    assert response.context["photo_form"].errors["image"]
    assert not LodgingPhoto.objects.exists()
