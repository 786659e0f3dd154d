"""The page where a province's officers record an edition of a published index, and the link
to it on the rankings page, shown only to them."""

import pytest
from django.urls import reverse

from banso.accounts.models import PlaceRole
from banso.accounts.services import role_grant
from banso.indicators.models import RankingEdition
from banso.places.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

URL = reverse("indicators:ranking-edition-new")
RANKINGS = reverse("indicators:rankings")
SOURCE = "VCCI, PCI 2024; Nhân Dân, https://nhandan.vn/lao-cai-xep-thu-2363-post877917.html"


@pytest.fixture
def former_lao_cai(places):
    return AdministrativeUnit.objects.get(level="province", code="10", is_current=False)


@pytest.fixture
def other_province_officer(make_user, places):
    ha_giang = AdministrativeUnit.objects.get(level="province", code="08", is_current=True)
    user = make_user("Cán bộ tỉnh khác")
    role_grant(user=user, role=PlaceRole.PROVINCE_OFFICER, unit=ha_giang)
    return user


def _edition(province, **changes):
    return {
        "index": "pci",
        "edition": "2024",
        "unit": province.pk,
        "score": "68,56",
        "rank": "23",
        "out_of": "63",
        "source": SOURCE,
    } | changes


def test_a_province_officer_records_an_edition_that_the_rankings_page_shows(
    client, province_officer, former_lao_cai, lao_cai
):
    client.force_login(province_officer)
    form = client.get(URL)
    assert form.status_code == 200
    units = list(form.context["form"].fields["unit"].queryset)
    assert units[0] == lao_cai and former_lao_cai in units

    saved = client.post(URL, _edition(former_lao_cai))
    assert saved.status_code == 302 and saved["Location"] == f"{RANKINGS}#ranking-pci"
    edition = RankingEdition.objects.get()
    assert (edition.unit, str(edition.score), edition.rank, edition.out_of) == (
        former_lao_cai,
        "68.5600",
        23,
        63,
    )
    assert edition.recorded_by == province_officer

    client.logout()
    page = client.get(RANKINGS).content.decode()
    row = page.split('id="edition-pci-2024"')[1].split("</tr>")[0]
    assert '<td class="value">68,56</td>' in row
    assert "thứ 23/63" in row
    assert "nhandan.vn" in page.split('id="source-pci-2024"')[1]


def test_who_may_record_and_who_sees_the_link(
    client, make_user, commune_officer, other_province_officer, province_officer, lao_cai
):
    login = reverse("accounts:login")
    for response in (client.get(URL), client.post(URL, _edition(lao_cai))):
        assert response.status_code == 302 and response["Location"].startswith(login)
    assert 'id="record-edition-link"' not in client.get(RANKINGS).content.decode()

    for person in (commune_officer, other_province_officer, make_user("Không vai trò")):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.post(URL, _edition(lao_cai)).status_code == 403
        assert 'id="record-edition-link"' not in client.get(RANKINGS).content.decode()
    assert not RankingEdition.objects.exists()

    client.force_login(province_officer)
    page = client.get(RANKINGS).content.decode()
    assert f'id="record-edition-link" href="{URL}"' in page


def test_a_bad_edition_is_refused_beside_its_field(client, province_officer, lao_cai, bac_ha):
    client.force_login(province_officer)
    pages = {}
    for field, value in (
        ("rank", "64"),  # above the 63 provinces ranked
        ("score", "nhiều"),
        ("edition", "1999"),
        ("index", "hdi"),
        ("unit", str(bac_ha.pk)),  # a commune is not ranked
    ):
        refused = client.post(URL, _edition(lao_cai, **{field: value}))
        assert refused.status_code == 400, field
        assert list(refused.context["form"].errors) == [field], field
        pages[field] = refused.content.decode()
    assert "Thứ hạng không được lớn hơn số tỉnh được xếp hạng." in pages["rank"]
    assert "Hãy nhập một số, ví dụ 50 hoặc 12,5." in pages["score"]
    assert not RankingEdition.objects.exists()
