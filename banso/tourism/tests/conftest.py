"""Fixtures of the tourism tests: a market place in Bắc Hà, a homestay of the Mường Khương
co-operative with two room types, and a trek of the same co-operative that visits the place."""

import datetime

import pytest

from banso.tourism.models import Amenity, PlaceKind
from banso.tourism.tests.makers import (
    departure_make,
    lodging_make,
    place_make,
    room_type_make,
    tour_make,
)


@pytest.fixture
def place(bac_ha):
    return place_make(
        bac_ha,
        slug="cho-bac-ha",
        name="Chợ phiên Bắc Hà",
        kind=PlaceKind.MARKET,
        story="Chợ phiên lớn nhất vùng cao, họp sáng Chủ nhật.",
        how_to_get_there="Từ Lào Cai đi xe khách 2 giờ.",
        accessibility="Lối vào chợ có bậc đá.",
        open_days=[6],
        opens_at=datetime.time(6),
        closes_at=datetime.time(13),
        fee_adult_vnd=30_000,
        fee_child_vnd=10_000,
        best_months=[3, 9],
        latitude=22.5378,
        longitude=104.2894,
    )


@pytest.fixture
def hidden_place(bac_ha):
    return place_make(bac_ha, slug="chua-cong-bo", name="Thác chưa công bố", is_published=False)


@pytest.fixture
def lodging(coop):
    lodging = lodging_make(
        coop,
        slug="homestay-ma-tuyen",
        name="Homestay Mã Tuyển",
        story="Nhà trình tường của người H'Mông.",
        house_rules="Không hút thuốc trong nhà.",
    )
    room_type_make(
        lodging,
        name="Phòng đôi",
        rate_vnd=450_000,
        weekend_rate_vnd=550_000,
        double_beds=1,
        max_guests=2,
        quantity=3,
        amenities=[Amenity.HOT_WATER, Amenity.WIFI],
    )
    room_type_make(
        lodging,
        name="Giường tầng gác",
        rate_vnd=150_000,
        floor_mattresses=6,
        max_guests=6,
        min_nights=2,
        position=1,
        amenities=[Amenity.FAMILY_DINNER],
    )
    return lodging


@pytest.fixture
def tour(coop, place):
    tour = tour_make(coop, slug="trek-bac-ha", name="Đi bộ qua ruộng bậc thang", places=[place])
    tour.meeting_latitude, tour.meeting_longitude = 22.54, 104.29
    tour.save()
    first = departure_make(tour)
    departure_make(
        tour, starts_at=first.starts_at + datetime.timedelta(days=1), capacity=4, seats_taken=4
    )
    return tour
