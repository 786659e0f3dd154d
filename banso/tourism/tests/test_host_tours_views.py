"""The host's tour pages end to end with the Django client, in Vietnamese (the default): who
may see and change a tour, its departures and photos; a new tour waiting for approval; a refused
tour sent back; errors on the form with what was typed kept; photo uploads."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from banso.tourism.models import ListingStatus, Tour, TourDeparture, TourPhoto
from banso.tourism.services.listings import tour_review
from banso.tourism.tests import host_fixtures
from banso.tourism.tests.host_fixtures import tour
from banso.tourism.tests.makers import photo_make, place_make, png_upload
from banso.tourism.tests.stay_makers import departure_make, trek_make

pytestmark = pytest.mark.django_db
trek = host_fixtures.trek


def tour_fields(**changes) -> dict:
    """A tour's form as a host fills it in."""
    return {
        "name": "Đi bộ Lùng Khấu Nhin",
        "kind": "trek",
        "meeting_point": "Chợ Mường Khương",
        "duration_hours": "4",
        "duration_rest_minutes": "30",
        "difficulty": "moderate",
        "guide_languages": ["vi", "en"],
        "price_vnd": "350000",
        "group_size": "10",
        "cancellation_policy": "flexible",
        "accepts_pay_at_property": "on",
        "deposit_percent": "30",
        "phone": "0912000333",
        **changes,
    }


def tour_form_data(tour: Tour, **changes) -> dict:
    hours, minutes = divmod(tour.duration_minutes, 60)
    data = tour_fields(
        name=tour.name,
        slug=tour.slug,
        kind=tour.kind,
        meeting_point=tour.meeting_point,
        duration_hours=str(hours),
        duration_rest_minutes=str(minutes),
        guide_languages=tour.guide_languages or ["vi"],
        price_vnd=str(tour.price_vnd),
        group_size=str(tour.group_size),
        unit=str(tour.unit_id),
        phone=tour.phone,
    )
    data.update(changes)
    return data


def soon(days: int = 5) -> tuple[str, str]:
    return str(timezone.localdate() + datetime.timedelta(days=days)), "07:30"


# Who may see and change what ------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client, trek):
    departure = departure_make(trek)
    for url in (
        reverse("tourism_host:tours"),
        reverse("tourism_host:tour", args=[trek.pk]),
        reverse("tourism_host:tour-departures", args=[trek.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]
    response = client.post(
        reverse("tourism_host:departure-remove", args=[departure.pk]), follow=False
    )
    assert response.status_code == 302
    assert TourDeparture.objects.filter(pk=departure.pk).exists()


def test_another_organisation_s_tour_departure_and_photo_are_404(
    client, other_coop_member, coop, trek
):
    departure = departure_make(trek)
    photo = photo_make(trek)
    client.force_login(other_coop_member)
    for url in (
        reverse("tourism_host:tour", args=[trek.pk]),
        reverse("tourism_host:tour-departures", args=[trek.pk]),
        reverse("tourism_host:tour-create", args=[coop.slug]),
    ):
        assert client.get(url).status_code == 404, url
    posts = [
        (reverse("tourism_host:tour", args=[trek.pk]), tour_form_data(trek, name="Pwned")),
        (
            reverse("tourism_host:tour-departures", args=[trek.pk]),
            dict(zip(("date", "time"), soon(), strict=True)),
        ),
        (
            reverse("tourism_host:departure-update", args=[departure.pk]),
            {f"d{departure.pk}-capacity": "1"},
        ),
        (reverse("tourism_host:departure-remove", args=[departure.pk]), {}),
        (reverse("tourism_host:tour-photo-remove", args=[photo.pk]), {}),
        (reverse("tourism_host:tour-photo-add", args=[trek.pk]), {"image": png_upload()}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert Tour.objects.get(pk=trek.pk).name == "Trekking Y Tý"
    assert list(TourDeparture.objects.filter(tour=trek)) == [departure]
    assert TourDeparture.objects.get(pk=departure.pk).capacity == 8
    assert list(TourPhoto.objects.filter(tour=trek)) == [photo]
    assert "Trekking Y Tý" not in client.get(reverse("tourism_host:tours")).content.decode()


# The list -------------------------------------------------------------------------------------


def test_the_list_shows_each_tour_s_status_and_the_province_s_note(
    client, coop_member, province_officer, coop, trek
):
    tour_review(actor=province_officer, tour=trek, decision="reject", note="Thiếu ảnh con đường")
    departure_make(trek)
    client.force_login(coop_member)
    response = client.get(reverse("tourism_host:tours"))
    page = response.content.decode()
    assert "Trekking Y Tý" in page and "Không được duyệt" in page
    assert "Thiếu ảnh con đường" in page
    assert "1 chuyến sắp đi" in page
    assert reverse("tourism_host:tour-create", args=[coop.slug]) in page
    assert (
        reverse("tourism_host:tours") in client.get(reverse("tourism_host:today")).content.decode()
    )


def test_the_list_reads_as_many_queries_for_one_tour_as_for_many(client, coop_member, coop, trek):
    client.force_login(coop_member)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("tourism_host:tours"))
    for n in range(3):
        departure_make(trek_make(coop, slug=f"trek-{n}", name=f"Trek {n}"))
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("tourism_host:tours")).content.decode()
    assert page.count('id="tour-') == 4
    assert len(many) == len(one)


# A tour ----------------------------------------------------------------------------------------


def test_a_host_adds_a_tour_that_waits_for_approval(client, coop_member, coop, bac_ha):
    place = place_make(bac_ha, slug="cho-bac-ha")
    client.force_login(coop_member)
    form = client.get(reverse("tourism_host:tour-create", args=[coop.slug])).content.decode()
    assert "Tiếng Anh" in form and "Chợ phiên Bắc Hà" in form
    data = tour_fields(unit=str(coop.unit_id), places=[str(place.pk)], guide_languages=["vi", "fr"])
    response = client.post(reverse("tourism_host:tour-create", args=[coop.slug]), data)
    created = Tour.objects.get(organisation=coop)
    assert response.status_code == 302
    assert response["Location"] == reverse("tourism_host:tour", args=[created.pk])
    assert created.status == ListingStatus.PENDING
    assert created.duration_minutes == 270
    assert created.guide_languages == ["vi", "fr"]
    assert list(created.places.all()) == [place]
    assert created.slug == "di-bo-lung-khau-nhin"
    page = client.get(response["Location"]).content.decode()
    assert "Chờ duyệt" in page and "4" in page


def test_a_refused_tour_that_is_edited_goes_back_to_review_and_the_host_is_told(
    client, coop_member, province_officer, trek
):
    tour_review(actor=province_officer, tour=trek, decision="reject", note="Thiếu ảnh")
    client.force_login(coop_member)
    page = client.get(reverse("tourism_host:tour", args=[trek.pk])).content.decode()
    assert 'id="refused"' in page and "Thiếu ảnh" in page
    response = client.post(
        reverse("tourism_host:tour", args=[trek.pk]),
        tour_form_data(trek, story="Hai ngày qua bản Y Tý."),
        follow=True,
    )
    saved = Tour.objects.get(pk=trek.pk)
    assert saved.status == ListingStatus.PENDING and saved.story == "Hai ngày qua bản Y Tý."
    assert "gửi lại tỉnh" in response.content.decode()


def test_form_errors_are_in_vietnamese_and_what_was_typed_is_kept(client, coop_member, coop):
    client.force_login(coop_member)
    data = tour_fields(
        name="Tour thử chữ",
        duration_hours="0",
        duration_rest_minutes="10",
        private_on_request="on",
        private_price_vnd="",
        guide_languages=[],
        accepts_vietqr="on",
        unit=str(coop.unit_id),
    )
    response = client.post(reverse("tourism_host:tour-create", args=[coop.slug]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Một tour dài ít nhất 30 phút." in page
    assert "Chọn ít nhất một ngôn ngữ." in page
    assert 'value="Tour thử chữ"' in page
    assert not Tour.objects.filter(organisation=coop).exists()
    # The service's own refusals come back on the form too, in Vietnamese.
    data.update(duration_hours="3", guide_languages=["vi"])
    response = client.post(reverse("tourism_host:tour-create", args=[coop.slug]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Hãy nhập giá tour riêng" in page or "tài khoản ngân hàng" in page
    assert 'value="Tour thử chữ"' in page
    assert not Tour.objects.filter(organisation=coop).exists()


def test_a_photo_is_uploaded_shown_and_removed(client, coop_member, trek, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(coop_member)
    response = client.post(
        reverse("tourism_host:tour-photo-add", args=[trek.pk]),
        {"image": png_upload(), "caption": "Ruộng bậc thang"},
    )
    assert response.status_code == 302
    photo = TourPhoto.objects.get(tour=trek)
    assert photo.caption == "Ruộng bậc thang"
    page = client.get(reverse("tourism_host:tour", args=[trek.pk])).content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page
    assert "<img" in page and 'alt="Ruộng bậc thang"' in page
    bad = client.post(
        reverse("tourism_host:tour-photo-add", args=[trek.pk]),
        {"image": png_upload("x.png").__class__("x.png", b"not an image", "image/png")},
    )
    assert bad.status_code == 400 and TourPhoto.objects.filter(tour=trek).count() == 1
    client.post(reverse("tourism_host:tour-photo-remove", args=[photo.pk]))
    assert not TourPhoto.objects.filter(tour=trek).exists()


# Departures -------------------------------------------------------------------------------------


def test_a_host_adds_a_departure_with_the_tour_s_seats_by_default(client, coop_member, trek):
    client.force_login(coop_member)
    date, time = soon()
    response = client.post(
        reverse("tourism_host:tour-departures", args=[trek.pk]), {"date": date, "time": time}
    )
    assert response.status_code == 302
    departure = TourDeparture.objects.get(tour=trek)
    assert departure.capacity == trek.group_size
    assert timezone.localtime(departure.starts_at).strftime("%Y-%m-%d %H:%M") == f"{date} {time}"
    page = client.get(reverse("tourism_host:tour-departures", args=[trek.pk])).content.decode()
    assert f"0 / {trek.group_size}" in page or f"0 trên {trek.group_size}" in page
    past = str(timezone.localdate() - datetime.timedelta(days=1))
    refused = client.post(
        reverse("tourism_host:tour-departures", args=[trek.pk]), {"date": past, "time": time}
    )
    assert refused.status_code == 400 and "phải ở tương lai" in refused.content.decode()
    assert TourDeparture.objects.filter(tour=trek).count() == 1


def test_weekly_departures_from_the_page(client, coop_member, trek):
    client.force_login(coop_member)
    response = client.post(
        reverse("tourism_host:tour-departure-series", args=[trek.pk]),
        {
            "weekly-weekday": "5",
            "weekly-time": "07:30",
            "weekly-weeks": "3",
            "weekly-capacity": "6",
        },
        follow=True,
    )
    departures = list(TourDeparture.objects.filter(tour=trek))
    assert len(departures) == 3
    assert {timezone.localtime(d.starts_at).weekday() for d in departures} == {5}
    assert "3 chuyến" in response.content.decode()


def test_seats_below_those_booked_are_refused_on_the_page(client, coop_member, trek):
    booking = tour(trek, adults=3)
    departure = booking.departure
    client.force_login(coop_member)
    page = client.get(reverse("tourism_host:tour-departures", args=[trek.pk])).content.decode()
    assert f"{reverse('tourism_host:bookings')}?tour={trek.pk}" in page
    response = client.post(
        reverse("tourism_host:departure-update", args=[departure.pk]),
        {f"d{departure.pk}-capacity": "2", f"d{departure.pk}-price_vnd": "500000"},
    )
    assert response.status_code == 400
    assert "Đã có 3 chỗ" in response.content.decode()
    assert 'value="2"' in response.content.decode()
    assert TourDeparture.objects.get(pk=departure.pk).capacity == 8
    ok = client.post(
        reverse("tourism_host:departure-update", args=[departure.pk]),
        {f"d{departure.pk}-capacity": "3"},
    )
    assert ok.status_code == 302 and TourDeparture.objects.get(pk=departure.pk).capacity == 3


def test_a_departure_with_a_held_booking_is_not_removed_from_the_page(client, coop_member, trek):
    booking = tour(trek)
    empty = departure_make(trek, days_ahead=20)
    client.force_login(coop_member)
    response = client.post(
        reverse("tourism_host:departure-remove", args=[booking.departure_id]), follow=True
    )
    assert "hủy" in response.content.decode()
    assert TourDeparture.objects.filter(pk=booking.departure_id).exists()
    client.post(reverse("tourism_host:departure-remove", args=[empty.pk]))
    assert not TourDeparture.objects.filter(pk=empty.pk).exists()


def test_the_form_speaks_the_page_s_language(client, coop_member, coop):
    client.force_login(coop_member)
    path = reverse("tourism_host:tour-create", args=[coop.slug])
    english = client.get("/en" + path).content.decode()
    assert "Add a tour of" in english
    assert "\n English</label>" in english and "Duration: hours" in english
    chinese = client.get("/zh-hans" + path).content.decode()
    assert "英语" in chinese and "时长：小时" in chinese
    refused = client.post(
        "/zh-hans" + path,
        tour_fields(unit=str(coop.unit_id), duration_hours="0", duration_rest_minutes="10"),
    )
    assert refused.status_code == 400, refused
    assert "线路时长至少 30 分钟。" in refused.content.decode()
