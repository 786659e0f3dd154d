"""The host's other-channel calendars: added, read now over real HTTP, removed; only for the
room types of the host's own organisation."""

import pytest
from django.urls import reverse

from banso.tourism.models import ChannelFeed, RoomNight
from banso.tourism.tests import host_fixtures
from banso.tourism.tests.test_calendars import FeedServer, airbnb_feed, day

pytestmark = pytest.mark.django_db

homestay, room, other_room = host_fixtures.homestay, host_fixtures.room, host_fixtures.other_room


@pytest.fixture
def server():
    running = FeedServer()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


def test_the_calendar_page_gives_the_export_address(client, coop_member, room):
    client.force_login(coop_member)
    page = client.get(reverse("tourism_host:calendar", args=[room.pk])).content.decode()
    assert f"/tourism/calendars/rooms/{room.calendar_token}.ics" in page


def test_a_host_adds_reads_and_removes_a_channel(client, coop_member, room, server):
    server.pages["/airbnb.ics"] = (200, airbnb_feed())
    client.force_login(coop_member)
    response = client.post(
        reverse("tourism_host:feed-add", args=[room.pk]),
        {"name": "Airbnb", "url": server.url("/airbnb.ics")},
    )
    assert response.status_code == 302
    feed = ChannelFeed.objects.get(room_type=room)
    client.post(reverse("tourism_host:feed-refresh", args=[room.pk, feed.pk]))
    blocked = set(
        RoomNight.objects.filter(room_type=room, blocked__gt=0).values_list("date", flat=True)
    )
    assert blocked == {day(10), day(11), day(12), day(20)}
    page = client.get(reverse("tourism_host:calendar", args=[room.pk])).content.decode()
    assert "4 đêm bị chặn" in page
    client.post(reverse("tourism_host:feed-remove", args=[room.pk, feed.pk]))
    assert not ChannelFeed.objects.exists()
    assert not RoomNight.objects.filter(room_type=room, blocked__gt=0).exists()


def test_a_bad_address_is_refused_on_the_page(client, coop_member, room):
    client.force_login(coop_member)
    response = client.post(
        reverse("tourism_host:feed-add", args=[room.pk]), {"name": "Airbnb", "url": "lịch"}
    )
    assert response.status_code == 400
    assert not ChannelFeed.objects.exists()


def test_another_organisation_cannot_touch_the_feeds(client, other_coop_member, room, server):
    feed = ChannelFeed.objects.create(room_type=room, name="Airbnb", url=server.url("/x.ics"))
    client.force_login(other_coop_member)
    add = client.post(
        reverse("tourism_host:feed-add", args=[room.pk]), {"name": "X", "url": server.url("/y")}
    )
    remove = client.post(reverse("tourism_host:feed-remove", args=[room.pk, feed.pk]))
    assert (add.status_code, remove.status_code) == (404, 404)
    assert list(ChannelFeed.objects.values_list("pk", flat=True)) == [feed.pk]
