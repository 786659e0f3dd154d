"""Guests' reviews: written once from the booking's secret page after a completed stay, the
host's reply, and how the stay's and the tour's pages show them (with their JSON-LD)."""

import json
import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from banso.tourism.models import BookingStatus, GuestReview
from banso.tourism.services.reviews import review_create, review_reply
from banso.tourism.tests import host_fixtures
from banso.tourism.tests.host_fixtures import moved, stay, tour

pytestmark = pytest.mark.django_db
homestay, room, trek = host_fixtures.homestay, host_fixtures.room, host_fixtures.trek


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def completed(booking):
    return moved(booking, status=BookingStatus.COMPLETED)


def guest_url(booking) -> str:
    return reverse("tourism:booking", args=[booking.code, booking.guest_token])


def jsonld_of(page: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_only_a_completed_booking_can_be_reviewed_and_only_once(room):
    booking = stay(room)
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        review_create(booking=booking, rating=5, text="Tốt")
    assert refused.value.code == "not_completed"
    assert "hoàn thành" in refused.value.messages[0]
    completed(booking)
    review = review_create(booking=booking, rating=4, text="  Chủ nhà rất hiếu khách.  ")
    assert (review.rating, review.text) == (4, "Chủ nhà rất hiếu khách.")
    with translation.override("en"), pytest.raises(ValidationError) as again:
        review_create(booking=booking, rating=1, text="Again")
    assert again.value.messages == ["This booking has already been reviewed."]
    assert GuestReview.objects.get().rating == 4


def test_a_rating_outside_one_to_five_is_refused(room):
    booking = completed(stay(room))
    for rating in (0, 6):
        with pytest.raises(ValidationError):
            review_create(booking=booking, rating=rating, text="")
    assert not GuestReview.objects.exists()


def test_the_guest_reviews_from_the_booking_page(client, room):
    booking = stay(room)
    assert 'name="rating"' not in client.get(guest_url(booking)).content.decode()
    assert client.post(guest_url(booking), {"rating": "5"}).status_code == 404
    completed(booking)
    page = client.get(guest_url(booking)).content.decode()
    assert 'name="rating"' in page
    response = client.post(guest_url(booking), {"rating": "5", "text": "Cơm ngon, nhà ấm."})
    assert response.status_code == 302
    review = GuestReview.objects.get(booking=booking)
    assert review.rating == 5
    page = client.get(guest_url(booking)).content.decode()
    assert "Cơm ngon, nhà ấm." in page and 'name="rating"' not in page
    assert client.post(guest_url(booking), {"rating": "1"}).status_code == 404
    assert GuestReview.objects.get(booking=booking).rating == 5


def test_a_wrong_rating_from_the_page_changes_nothing(client, room):
    booking = completed(stay(room))
    response = client.post(guest_url(booking), {"rating": "9", "text": "x"})
    assert response.status_code == 400
    assert not GuestReview.objects.exists()


def test_the_host_replies_and_another_organisation_cannot(
    client, coop_member, other_coop_member, room
):
    booking = completed(stay(room))
    review_create(booking=booking, rating=3, text="Hơi lạnh.")
    url = reverse("tourism_host:booking-reply", args=[booking.code])
    assert client.post(url, {"host_reply": "x"}).status_code == 302  # to sign in
    client.force_login(other_coop_member)
    assert client.post(url, {"host_reply": "Không phải của tôi"}).status_code == 404
    assert GuestReview.objects.get().host_reply == ""
    client.force_login(coop_member)
    page = client.get(reverse("tourism_host:booking", args=[booking.code])).content.decode()
    assert "Hơi lạnh." in page and 'name="host_reply"' in page
    response = client.post(url, {"host_reply": "Cảm ơn, chúng tôi đã thêm chăn."})
    assert response.status_code == 302
    assert GuestReview.objects.get().host_reply == "Cảm ơn, chúng tôi đã thêm chăn."


def test_review_reply_service_keeps_the_reply(room):
    review = review_create(booking=completed(stay(room)), rating=2, text="")
    review_reply(review=review, text=" Xin lỗi anh chị. ")
    assert GuestReview.objects.get().host_reply == "Xin lỗi anh chị."


def test_the_stay_page_shows_the_newest_reviews_and_their_average_in_jsonld(
    client, room, django_assert_max_num_queries
):
    for index, rating in enumerate((5, 4, 3, 4, 5, 2)):
        booking = completed(stay(room, 10 + 2 * index, 11 + 2 * index))
        review_create(booking=booking, rating=rating, text=f"Đánh giá {rating}")
    GuestReview.objects.filter(rating=2).update(is_published=False)
    url = reverse("tourism:stay-detail", args=[room.lodging.slug])
    page = client.get(url).content.decode()
    reviews = page[page.index('id="reviews"') :]
    assert reviews.count("<li>") == 5
    assert "4,2" in reviews or "4.2" in reviews
    assert "Đánh giá 2" not in reviews
    assert "Páo" in reviews and "Lò Văn Páo" not in reviews
    document = jsonld_of(page)
    assert document["aggregateRating"]["ratingValue"] == 4.2
    assert document["aggregateRating"]["reviewCount"] == 5
    assert len(document["review"]) == 5
    assert document["review"][0]["reviewRating"]["ratingValue"] in (3, 4, 5)


def test_a_new_review_shows_on_the_cached_stay_page(
    client, room, django_capture_on_commit_callbacks
):
    url = reverse("tourism:stay-detail", args=[room.lodging.slug])
    booking = completed(stay(room))
    assert "Rất sạch sẽ" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        review_create(booking=booking, rating=5, text="Rất sạch sẽ")
    assert "Rất sạch sẽ" in client.get(url).content.decode()


def test_the_tour_page_shows_its_reviews(client, trek):
    review_create(booking=completed(tour(trek)), rating=5, text="Hướng dẫn viên giỏi")
    page = client.get(reverse("tourism:tour-detail", args=[trek.slug])).content.decode()
    assert "Hướng dẫn viên giỏi" in page
    assert jsonld_of(page)["aggregateRating"]["reviewCount"] == 1
