"""The admin goes through the tourism services: a room type's number of rooms changed there moves
its future nights, and refusing to go below the rooms booked leaves everything as it was."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.tourism.models import RoomNight, RoomType
from banso.tourism.tests.makers import lodging_make, room_type_make

pytestmark = pytest.mark.django_db


def _form(room_type: RoomType, **changes) -> dict:
    data = {
        "name": room_type.name,
        "description": room_type.description,
        "quantity": room_type.quantity,
        "max_guests": room_type.max_guests,
        "double_beds": room_type.double_beds,
        "single_beds": room_type.single_beds,
        "floor_mattresses": room_type.floor_mattresses,
        "amenities": "[]",
        "rate_vnd": room_type.rate_vnd,
        "weekend_rate_vnd": "",
        "min_nights": room_type.min_nights,
        "is_active": "on",
        "position": room_type.position,
        "rate_rules-TOTAL_FORMS": "0",
        "rate_rules-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_room_type_quantity_changed_in_the_admin_moves_future_nights(client, superuser, coop):
    room_type = room_type_make(lodging_make(coop, slug="nha"), quantity=4)
    night = RoomNight.objects.create(
        room_type=room_type,
        date=timezone.localdate() + datetime.timedelta(days=5),
        capacity=4,
        booked=3,
    )
    client.force_login(superuser)
    url = reverse("admin:tourism_roomtype_change", args=[room_type.pk])

    client.post(url, _form(room_type, quantity=2))
    night.refresh_from_db()
    room_type.refresh_from_db()
    assert (room_type.quantity, night.capacity) == (4, 4)

    response = client.post(url, _form(room_type, quantity=3))
    assert response.status_code == 302
    night.refresh_from_db()
    room_type.refresh_from_db()
    assert (room_type.quantity, night.capacity) == (3, 3)


def test_bookings_and_nights_are_read_only_in_the_admin(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:tourism_booking_add")).status_code == 403
    assert client.get(reverse("admin:tourism_roomnight_add")).status_code == 403
    assert client.get(reverse("admin:tourism_place_add")).status_code == 200
