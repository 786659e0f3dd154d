"""The tourism services: who may write what, the province's approval, and a room type's
number of rooms kept in step with its future nights."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from banso.tourism.models import (
    FestivalRule,
    ListingStatus,
    Lodging,
    Place,
    PlaceKind,
    RoomNight,
    TourKind,
)
from banso.tourism.services.festivals import festival_create, festival_update
from banso.tourism.services.listings import (
    departure_create,
    lodging_create,
    lodging_review,
    lodging_update,
    room_type_create,
    room_type_update,
    tour_create,
    tour_review,
    tour_update,
)
from banso.tourism.services.places import place_create, place_publish, place_update
from banso.tourism.tests.makers import lodging_make, room_type_make, tour_make

pytestmark = pytest.mark.django_db

POINT = {"latitude": 22.54, "longitude": 104.29}


def test_a_commune_officer_describes_places_of_their_commune_only(
    other_commune_officer, commune_officer, bac_ha
):
    place = place_create(
        actor=other_commune_officer,
        name="  Chợ   phiên Bắc Hà ",
        kind=PlaceKind.MARKET,
        unit=bac_ha,
        best_months=[9, 3, 3],
        **POINT,
    )
    assert place.name == "Chợ phiên Bắc Hà"
    assert place.name_folded == "cho phien bac ha"
    assert place.slug == "cho-phien-bac-ha"
    assert place.best_months == [3, 9]
    assert place.is_published is False
    with pytest.raises(PermissionDenied):
        place_update(actor=commune_officer, place=place, story="Đổi trái phép")
    place.refresh_from_db()
    assert place.story == ""
    same_name = place_create(
        actor=other_commune_officer, name="Chợ phiên Bắc Hà", kind="market", unit=bac_ha, **POINT
    )
    assert same_name.slug == "cho-phien-bac-ha-2"


def test_only_a_province_officer_publishes_a_place(other_commune_officer, province_officer, bac_ha):
    place = place_create(
        actor=other_commune_officer,
        name="Dinh Hoàng A Tưởng",
        kind="heritage",
        unit=bac_ha,
        **POINT,
    )
    with pytest.raises(PermissionDenied):
        place_publish(actor=other_commune_officer, place=place)
    assert not Place.objects.get(pk=place.pk).is_published
    place_publish(actor=province_officer, place=place)
    place.refresh_from_db()
    assert place.is_published and place.published_by == province_officer


def test_a_place_closes_after_it_opens(other_commune_officer, bac_ha):
    with pytest.raises(ValidationError) as error:
        place_create(
            actor=other_commune_officer,
            name="Chợ chiều",
            kind="market",
            unit=bac_ha,
            opens_at=datetime.time(14),
            closes_at=datetime.time(9),
            **POINT,
        )
    assert "closes_at" in error.value.message_dict


def test_a_stay_waits_for_the_province_and_is_approved_by_it(
    coop, coop_member, other_coop_member, province_officer
):
    with pytest.raises(PermissionDenied):
        lodging_create(actor=other_coop_member, organisation=coop, name="Nhà", phone="1", **POINT)
    lodging = lodging_create(
        actor=coop_member,
        organisation=coop,
        name="Homestay Mã Tuyển",
        phone="0981000123",
        **POINT,
    )
    assert lodging.status == ListingStatus.PENDING
    assert lodging.unit == coop.unit and lodging.accepts_vietqr is False
    with pytest.raises(PermissionDenied):
        lodging_review(actor=coop_member, lodging=lodging, decision="approve")
    with pytest.raises(ValidationError):
        lodging_review(actor=province_officer, lodging=lodging, decision="reject")
    lodging_review(actor=province_officer, lodging=lodging, decision="reject", note="Thiếu ảnh")
    assert Lodging.objects.get(pk=lodging.pk).status == ListingStatus.REJECTED
    lodging_update(actor=coop_member, lodging=lodging, story="Đã thêm ảnh.")
    assert Lodging.objects.get(pk=lodging.pk).status == ListingStatus.PENDING
    lodging_review(actor=province_officer, lodging=lodging, decision="approve")
    lodging.refresh_from_db()
    assert lodging.status == ListingStatus.APPROVED and lodging.reviewed_by == province_officer


def test_vietqr_needs_the_organisations_bank_account(coop, coop_member):
    with pytest.raises(ValidationError) as error:
        lodging_create(
            actor=coop_member,
            organisation=coop,
            name="Nhà nghỉ",
            phone="0981000123",
            accepts_vietqr=True,
            **POINT,
        )
    assert "accepts_vietqr" in error.value.message_dict


def _night(room_type, days: int, *, booked: int = 0, closed: int = 0) -> RoomNight:
    return RoomNight.objects.create(
        room_type=room_type,
        date=timezone.localdate() + datetime.timedelta(days=days),
        capacity=room_type.quantity,
        booked=booked,
        closed=closed,
    )


def test_fewer_rooms_change_the_future_nights_and_never_go_below_bookings(coop, coop_member):
    lodging = lodging_make(coop, slug="nha-ma-tuyen")
    room_type = room_type_create(
        actor=coop_member, lodging=lodging, name="Phòng đôi", rate_vnd=400_000, quantity=4
    )
    past = _night(room_type, -3, booked=4)
    soon = _night(room_type, 2, booked=1, closed=3)
    later = _night(room_type, 30, booked=3)

    with pytest.raises(ValidationError) as error:
        room_type_update(actor=coop_member, room_type=room_type, quantity=2)
    assert "3" in error.value.message_dict["quantity"][0]
    # Refused as a whole: the room type and every night as they were.
    room_type.refresh_from_db()
    assert room_type.quantity == 4
    assert {n.date: n.capacity for n in RoomNight.objects.all()} == {
        past.date: 4,
        soon.date: 4,
        later.date: 4,
    }

    # The closed rooms shrink with the type: one booked and two closed still fill the night.
    room_type_update(actor=coop_member, room_type=room_type, quantity=3)
    capacities = {n.date: (n.capacity, n.closed) for n in RoomNight.objects.all()}
    assert capacities == {past.date: (4, 0), soon.date: (3, 2), later.date: (3, 0)}

    room_type_update(actor=coop_member, room_type=room_type, quantity=6)
    assert RoomNight.objects.get(pk=later.pk).capacity == 6
    assert RoomNight.objects.get(pk=past.pk).capacity == 4


def test_another_organisation_cannot_touch_a_room_type(coop, other_coop_member):
    room_type = room_type_make(lodging_make(coop, slug="nha"), quantity=2)
    with pytest.raises(PermissionDenied):
        room_type_update(actor=other_coop_member, room_type=room_type, quantity=5)
    room_type.refresh_from_db()
    assert room_type.quantity == 2


def test_a_tour_with_its_places_review_and_departures(coop, coop_member, province_officer, bac_ha):
    from banso.tourism.tests.makers import place_make

    place = place_make(bac_ha, slug="cho-bac-ha")
    with pytest.raises(ValidationError) as error:
        tour_create(
            actor=coop_member,
            organisation=coop,
            name="Trek",
            kind=TourKind.TREK,
            meeting_point="Chợ",
            duration_minutes=240,
            price_vnd=300_000,
            phone="0981000456",
            guide_languages=["vi", "xx-klingon"],
        )
    assert "guide_languages" in error.value.message_dict
    tour = tour_create(
        actor=coop_member,
        organisation=coop,
        name="Đi bộ Bắc Hà",
        kind=TourKind.TREK,
        meeting_point="Chợ Bắc Hà",
        duration_minutes=240,
        price_vnd=300_000,
        phone="0981000456",
        group_size=8,
        places=[place],
    )
    assert tour.status == ListingStatus.PENDING
    assert list(tour.places.all()) == [place]
    assert tour.guide_languages == ["vi"]
    tour_review(actor=province_officer, tour=tour, decision="approve")
    tour_update(actor=coop_member, tour=tour, price_vnd=320_000, places=[])
    tour.refresh_from_db()
    assert tour.status == ListingStatus.APPROVED and tour.price_vnd == 320_000
    assert tour.reviewed_by == province_officer
    assert tour.places.count() == 0

    starts = timezone.now() + datetime.timedelta(days=3)
    departure = departure_create(actor=coop_member, tour=tour, starts_at=starts)
    assert departure.capacity == 8
    with pytest.raises(ValidationError):
        departure_create(actor=coop_member, tour=tour, starts_at=starts)
    with pytest.raises(ValidationError):
        departure_create(
            actor=coop_member, tour=tour, starts_at=timezone.now() - datetime.timedelta(hours=1)
        )


def test_a_private_tour_needs_its_price(coop, coop_member):
    tour = tour_make(coop, slug="rieng")
    with pytest.raises(ValidationError):
        tour_update(actor=coop_member, tour=tour, private_on_request=True)


def test_festival_rules_keep_only_their_own_fields(other_commune_officer, commune_officer, bac_ha):
    market = festival_create(
        actor=other_commune_officer,
        name="Chợ phiên Bắc Hà",
        unit=bac_ha,
        rule=FestivalRule.WEEKLY,
        weekday=6,
        month=3,
        day=4,
    )
    assert (market.weekday, market.month, market.day) == (6, None, None)
    with pytest.raises(ValidationError):
        festival_update(
            actor=other_commune_officer, festival=market, rule=FestivalRule.SOLAR, day=31, month=2
        )
    with pytest.raises(ValidationError):
        festival_update(
            actor=other_commune_officer, festival=market, rule=FestivalRule.LUNAR, day=31, month=1
        )
    with pytest.raises(PermissionDenied):
        festival_update(actor=commune_officer, festival=market, story="Đổi")
    gau_tao = festival_create(
        actor=other_commune_officer, name="Gầu Tào", unit=bac_ha, rule="lunar", month=1, day=15
    )
    assert gau_tao.weekday is None and gau_tao.slug == "gau-tao"
