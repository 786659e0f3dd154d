"""The province's tourism dashboard: who may see it, its figures for a year and a commune, its
fixed number of queries, and the same figures as Excel."""

import datetime
import itertools
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.places.models import AdministrativeUnit, UnitLevel
from banso.tourism.models import Booking, BookingStatus
from banso.tourism.selectors.dashboard import tourism_dashboard
from banso.tourism.services.bookings import Guest
from banso.tourism.tests import host_fixtures
from banso.tourism.tests.host_fixtures import moved, stay

pytestmark = pytest.mark.django_db
homestay, room, other_room = host_fixtures.homestay, host_fixtures.room, host_fixtures.other_room

YEAR = 2026
FRENCH = Guest(name="Claire Martin", phone="0912000333", country="FR", language="en")
_starts = itertools.count(10, 3)


def booked(room, *, status, check_in, nights, guest=None, rooms=1, adults=2) -> Booking:
    """A booking as time and the host would have moved it (dates in the past are set in the
    database: the booking service refuses them)."""
    start = next(_starts)
    booking = stay(
        room, start, start + 1, guest=guest or host_fixtures.GUEST, adults=adults, rooms=rooms
    )
    return moved(
        booking,
        status=status,
        check_in=check_in,
        check_out=check_in + datetime.timedelta(days=nights),
        rooms=rooms,
    )


@pytest.fixture
def bookings(room, other_room):
    """In Mường Khương (a room type of 2 rooms): a completed stay over the end of January, a
    confirmed French stay in March, a held one and a cancelled one; in Bắc Hà a completed stay.
    One more of another year."""
    made = [
        booked(room, status=BookingStatus.COMPLETED, check_in=datetime.date(YEAR, 1, 30), nights=3),
        booked(
            room,
            status=BookingStatus.CONFIRMED,
            check_in=datetime.date(YEAR, 3, 10),
            nights=2,
            guest=FRENCH,
            rooms=2,
            adults=3,
        ),
        booked(room, status=BookingStatus.HELD, check_in=datetime.date(YEAR, 4, 1), nights=1),
        booked(room, status=BookingStatus.CANCELLED, check_in=datetime.date(YEAR, 5, 1), nights=1),
        booked(
            other_room,
            status=BookingStatus.COMPLETED,
            check_in=datetime.date(YEAR, 2, 1),
            nights=1,
        ),
        booked(
            room, status=BookingStatus.COMPLETED, check_in=datetime.date(YEAR - 1, 6, 1), nights=1
        ),
    ]
    return made


def url(**query) -> str:
    base = reverse("tourism:dashboard")
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_who_may_see_the_dashboard(
    client, bookings, commune_officer, other_commune_officer, coop_member, province_officer
):
    for address in (url(year=YEAR), reverse("tourism:dashboard-xlsx")):
        response = client.get(address)
        assert response.status_code == 302 and "sign-in" in response["Location"]
        for person in (commune_officer, other_commune_officer, coop_member):
            client.force_login(person)
            assert client.get(address).status_code == 403
        client.force_login(province_officer)
        assert client.get(address).status_code == 200
        client.logout()


def test_the_account_page_links_the_dashboard_for_province_officers_only(
    client, province_officer, commune_officer
):
    dashboard = reverse("tourism:dashboard")
    client.force_login(commune_officer)
    assert dashboard not in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(province_officer)
    assert dashboard in client.get(reverse("accounts:profile")).content.decode()


def test_the_figures_of_a_year(bookings, province_officer, room, other_room, muong_khuong):
    figures = tourism_dashboard(province_officer, year=YEAR)
    assert figures.bookings_by_status == {
        BookingStatus.COMPLETED: 2,
        BookingStatus.CONFIRMED: 1,
        BookingStatus.HELD: 1,
        BookingStatus.CANCELLED: 1,
    }
    assert figures.bookings_sold == 3
    # 3 nights + 2 nights × 2 rooms + 1 night
    assert figures.nights_sold == 8
    assert figures.nights_by_month[:3] == [2, 2, 4]
    assert figures.guests == 2 + 3 + 2
    assert dict(figures.guests_by_country) == {"FR": 3, "": 4}
    assert dict(figures.guests_by_language) == {"en": 3, "vi": 4}
    completed = [b for b in bookings[:5] if b.status == BookingStatus.COMPLETED]
    assert figures.revenue_vnd == sum(b.total_vnd for b in completed)
    occupancy = {row.unit_id: row for row in figures.occupancy}
    mine = occupancy[muong_khuong.pk]
    assert mine.nights_available[0] == 2 * 31 and mine.nights_available[1] == 2 * 28
    assert mine.nights_sold[:3] == [2, 1, 4]
    assert mine.rates[2] == pytest.approx(4 / 62)


def test_a_commune_narrows_the_figures(bookings, province_officer, bac_ha):
    figures = tourism_dashboard(province_officer, year=YEAR, commune=bac_ha)
    assert figures.bookings_sold == 1
    assert figures.nights_sold == 1
    assert [row.unit_id for row in figures.occupancy] == [bac_ha.pk]


def test_another_province_sees_nothing_of_lao_cai(bookings, make_user):
    other = (
        AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, is_current=True)
        .exclude(path__startswith=bookings[0].unit.path[:4])
        .first()
    )
    officer = make_user("Cán bộ tỉnh khác")
    role_grant(user=officer, role=PlaceRole.PROVINCE_OFFICER, unit=other)
    figures = tourism_dashboard(officer, year=YEAR)
    assert figures.bookings_by_status == {} and figures.occupancy == []


def test_the_page_shows_the_charts_in_a_fixed_number_of_queries(
    client, bookings, province_officer, room, django_assert_num_queries
):
    client.force_login(province_officer)
    client.get(url(year=YEAR))
    with django_assert_num_queries(8) as few:
        page = client.get(url(year=YEAR)).content.decode()
    for _ in range(5):
        booked(room, status=BookingStatus.COMPLETED, check_in=datetime.date(YEAR, 8, 1), nights=2)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url(year=YEAR))
    assert 'id="chart-nights"' in page and 'id="chart-countries"' in page
    assert 'id="nights-sold">8<' in page
    assert "Pháp" in page  # France, by its name in the page's language


def test_the_excel_download_has_the_same_figures(client, bookings, province_officer, bac_ha):
    client.force_login(province_officer)
    response = client.get(reverse("tourism:dashboard-xlsx"), {"year": YEAR})
    assert response["Content-Disposition"] == f'attachment; filename="tourism-{YEAR}.xlsx"'
    workbook = load_workbook(BytesIO(response.content))
    rows = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True) if row}
    assert rows["Đêm phòng đã bán"] == 8
    assert rows["Số khách"] == 7
    guests = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert ("Pháp", 3) in guests
    one = client.get(reverse("tourism:dashboard-xlsx"), {"year": YEAR, "commune": bac_ha.code})
    rows = {
        row[0]: row[1]
        for row in load_workbook(BytesIO(one.content)).worksheets[0].iter_rows(values_only=True)
        if row
    }
    assert rows["Đêm phòng đã bán"] == 1


def test_countries_are_named_in_the_pages_language():
    from django.utils import translation

    from banso.tourism.selectors.dashboard import country_label

    names = {}
    for language in ("vi", "en", "zh-hans"):
        with translation.override(language):
            names[language] = (country_label("fr"), country_label("CN"), country_label(""))
    assert names["vi"] == ("Pháp", "Trung Quốc", "Không rõ")
    assert names["en"] == ("France", "China", "Not given")
    assert names["zh-hans"] == ("法国", "中国", "未填写")
    assert country_label("QQ") == "QQ"  # a code CLDR does not know is kept as it is
