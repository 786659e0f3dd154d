"""The organisation pages end to end: the same permission matrix as the services."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from banso.orgs.forms import OrganisationForm
from banso.orgs.models import Certificate, Organisation
from banso.orgs.services import certificate_add
from banso.orgs.tests.factories import OrganisationFactory, png_upload, tax_code


def _row(organisation: Organisation) -> dict:
    return model_to_dict(Organisation.objects.get(pk=organisation.pk))


def _form_data(organisation: Organisation, **changes) -> dict:
    data = {name: getattr(organisation, name) or "" for name in OrganisationForm.Meta.fields}
    data.update(changes)
    return data


def _certificate_data(**changes) -> dict:
    data = {
        "kind": "vietgap",
        "title": "Quýt an toàn",
        "ocop_stars": "",
        "ocop_year": "",
        "issuer": "Trung tâm Chứng nhận Phù hợp",
        "number": "VietGAP-TT-24-0031",
        "valid_from": "2024-03-01",
        "valid_until": "2027-03-01",
    }
    data.update(changes)
    return data


def _update_url(organisation):
    return reverse("orgs:organisation-update", args=[organisation.slug])


def _certificate_url(organisation):
    return reverse("orgs:certificate-create", args=[organisation.slug])


def _assert_sent_to_sign_in(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


# Editing -----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, organisation):
    before = _row(organisation)
    _assert_sent_to_sign_in(client.get(_update_url(organisation)))
    response = client.post(_update_url(organisation), _form_data(organisation, name="Đổi tên"))
    _assert_sent_to_sign_in(response)
    assert _row(organisation) == before


@pytest.mark.parametrize("person", ["other_staff", "other_owner", "commune_officer"])
def test_people_without_the_right_get_404_and_change_nothing(
    client, request, organisation, other_organisation, person
):
    client.force_login(request.getfixturevalue(person))
    before = _row(organisation)
    assert client.get(_update_url(organisation)).status_code == 404
    response = client.post(_update_url(organisation), _form_data(organisation, name="Đổi tên"))
    assert response.status_code == 404
    assert _row(organisation) == before


def test_owner_sees_the_form_filled_in(client, owner, organisation):
    client.force_login(owner)
    response = client.get(_update_url(organisation))
    assert response.status_code == 200
    assert response.context["form"].initial["tax_code"] == organisation.tax_code


@pytest.mark.parametrize("person", ["owner", "staff", "province_officer"])
def test_rightful_people_save(client, request, organisation, person):
    client.force_login(request.getfixturevalue(person))
    response = client.post(
        _update_url(organisation),
        _form_data(
            organisation,
            representative="Tẩn Văn Sử",
            bank_bin="970415",
            bank_account_number="105872345678",
            bank_account_name="HTX QUYT MUONG KHUONG",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:organisation-detail", args=[organisation.slug])
    stored = Organisation.objects.get(pk=organisation.pk)
    assert stored.representative == "Tẩn Văn Sử"
    assert (stored.bank_bin, stored.bank_account_number) == ("970415", "105872345678")


def test_an_invalid_tax_code_is_shown_and_nothing_changes(client, owner, organisation):
    client.force_login(owner)
    before = _row(organisation)
    response = client.post(
        _update_url(organisation),
        _form_data(organisation, tax_code="0100233489", representative="Người khác"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["tax_code"]] == ["tax_code_checksum"]
    assert 'id="id_tax_code"' in response.content.decode()
    assert form.errors["tax_code"][0] in response.content.decode()
    assert _row(organisation) == before


def test_a_tax_code_another_organisation_has_is_shown(
    client, owner, organisation, other_organisation
):
    client.force_login(owner)
    before = _row(organisation)
    response = client.post(
        _update_url(organisation), _form_data(organisation, tax_code=other_organisation.tax_code)
    )
    assert response.status_code == 200
    assert "tax_code" in response.context["form"].errors
    assert _row(organisation) == before


def test_a_half_filled_bank_account_is_shown(client, owner, organisation):
    client.force_login(owner)
    before = _row(organisation)
    response = client.post(_update_url(organisation), _form_data(organisation, bank_bin="970405"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert _row(organisation) == before


# Certificates ------------------------------------------------------------------------------


def test_anonymous_may_not_add_a_certificate(client, organisation):
    _assert_sent_to_sign_in(client.get(_certificate_url(organisation)))
    _assert_sent_to_sign_in(client.post(_certificate_url(organisation), _certificate_data()))
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("person", ["other_staff", "other_owner", "commune_officer"])
def test_others_may_not_add_a_certificate(
    client, request, organisation, other_organisation, person
):
    client.force_login(request.getfixturevalue(person))
    assert client.get(_certificate_url(organisation)).status_code == 404
    assert client.post(_certificate_url(organisation), _certificate_data()).status_code == 404
    assert not Certificate.objects.exists()


def test_owner_adds_an_ocop_certificate_with_a_scan(client, owner, organisation):
    client.force_login(owner)
    response = client.post(
        _certificate_url(organisation),
        _certificate_data(kind="ocop", ocop_stars="4", ocop_year="2024", scan=png_upload()),
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(organisation=organisation)
    assert (certificate.kind, certificate.ocop_stars, certificate.ocop_year) == ("ocop", 4, 2024)
    assert certificate.valid_from == datetime.date(2024, 3, 1)
    assert certificate.scan.name.endswith(".png")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "ocop", "ocop_stars": "2", "ocop_year": "2024"}, "ocop_stars"),
        ({"kind": "ocop", "ocop_stars": "6", "ocop_year": "2024"}, "ocop_stars"),
        ({"kind": "ocop", "ocop_stars": "4"}, "ocop_stars"),
        ({"valid_until": "2024-02-28"}, "valid_until"),
    ],
)
def test_an_invalid_certificate_is_shown_and_not_saved(client, owner, organisation, changes, field):
    client.force_login(owner)
    response = client.post(_certificate_url(organisation), _certificate_data(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Certificate.objects.exists()


def test_an_unreadable_scan_is_shown_and_not_saved(client, owner, organisation):
    client.force_login(owner)
    scan = SimpleUploadedFile("scan.jpg", b"\xff\xd8\xff" + bytes(500), content_type="image/jpeg")
    response = client.post(_certificate_url(organisation), _certificate_data(scan=scan))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["scan"]] == [
        "unreadable_image"
    ]
    assert not Certificate.objects.exists()


# Public pages ------------------------------------------------------------------------------


def test_the_detail_page_lists_certificates_in_force_only(client, admin, organisation):
    certificate_add(
        actor=admin,
        organisation=organisation,
        kind="vietgap",
        issuer="Trung tâm Chứng nhận Phù hợp",
        number="VietGAP-CURRENT",
        valid_from=datetime.date(2024, 3, 1),
    )
    certificate_add(
        actor=admin,
        organisation=organisation,
        kind="organic",
        issuer="Trung tâm Chứng nhận Phù hợp",
        number="ORGANIC-EXPIRED",
        valid_from=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2020, 1, 1),
    )
    response = client.get(reverse("orgs:organisation-detail", args=[organisation.slug]))
    assert response.status_code == 200
    assert [c.number for c in response.context["certificates"]] == ["VietGAP-CURRENT"]
    assert response.context["can_edit"] is False


def test_the_detail_page_offers_editing_to_the_owner(client, owner, organisation):
    client.force_login(owner)
    response = client.get(reverse("orgs:organisation-detail", args=[organisation.slug]))
    assert response.context["can_edit"] is True


def test_an_unknown_organisation_page_is_404(client, places):
    assert client.get(reverse("orgs:organisation-detail", args=["khong-co"])).status_code == 404


def test_the_list_page_searches_without_diacritics(client, organisation, other_organisation):
    response = client.get(reverse("orgs:organisation-list"), {"q": "quyt muong"})
    assert response.status_code == 200
    assert [o.slug for o in response.context["page"]] == [organisation.slug]


def test_my_organisations_lists_only_mine(client, owner, organisation, other_organisation):
    client.force_login(owner)
    response = client.get(reverse("orgs:my-organisations"))
    assert [o.pk for o in response.context["organisations"]] == [organisation.pk]


def test_the_list_page_query_count_does_not_grow_with_the_list(
    client, admin, muong_khuong, bac_ha, django_assert_max_num_queries
):
    for number in range(12):
        OrganisationFactory(
            actor=admin,
            unit=muong_khuong if number % 2 else bac_ha,
            name=f"Hợp tác xã Số {number}",
            tax_code=tax_code(),
        )
    # One count for the paginator and one page of organisations with their places.
    with django_assert_max_num_queries(2):
        response = client.get(reverse("orgs:organisation-list"))
    assert len(response.context["page"]) == 12
    content = response.content.decode()
    assert muong_khuong.name in content and bac_ha.name in content
    assert muong_khuong.parent.name in content
