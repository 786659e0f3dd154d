"""Organisation, membership and certificate rules, enforced by the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from banso.common.text import fold
from banso.orgs.models import Certificate, Membership, MembershipRole, Organisation
from banso.orgs.services import (
    certificate_add,
    membership_set,
    organisation_create,
    organisation_update,
)
from banso.orgs.tests.factories import (
    CertificateFactory,
    OrganisationFactory,
    png_upload,
    tax_code,
)
from banso.places.models import AdministrativeUnit, Village

TODAY = datetime.date(2025, 9, 1)


def _snapshot(organisation: Organisation) -> dict:
    return model_to_dict(Organisation.objects.get(pk=organisation.pk))


# Creating ----------------------------------------------------------------------------------


def test_create_folds_the_name_and_makes_a_unique_slug(admin, muong_khuong):
    first = organisation_create(
        actor=admin, name="  Hợp tác xã   Đào  ", kind="cooperative", unit=muong_khuong
    )
    second = organisation_create(
        actor=admin, name="Hợp tác xã Đào", kind="cooperative", unit=muong_khuong
    )
    assert first.name == "Hợp tác xã Đào"
    assert first.name_folded == fold("Hợp tác xã Đào") == "hop tac xa dao"
    assert first.slug == "hop-tac-xa-dao"
    assert second.slug == "hop-tac-xa-dao-2"
    assert first.tax_code is None  # blank is stored as NULL, so many may have none


def test_create_with_a_village_of_its_commune(admin, muong_khuong, village):
    organisation = OrganisationFactory(actor=admin, unit=muong_khuong, village=village)
    assert Organisation.objects.get(pk=organisation.pk).village == village


def test_create_refuses_an_invalid_tax_code(admin, muong_khuong):
    with pytest.raises(ValidationError) as raised:
        OrganisationFactory(actor=admin, unit=muong_khuong, tax_code="0100233489")
    assert "tax_code" in raised.value.error_dict
    assert not Organisation.objects.exists()


def test_two_organisations_cannot_share_a_tax_code(admin, muong_khuong, bac_ha):
    code = tax_code()
    OrganisationFactory(actor=admin, unit=muong_khuong, tax_code=code)
    with pytest.raises(ValidationError) as raised:
        OrganisationFactory(actor=admin, unit=bac_ha, tax_code=code)
    assert "tax_code" in raised.value.error_dict
    assert Organisation.objects.count() == 1


def test_create_refuses_unknown_fields(admin, muong_khuong):
    with pytest.raises(TypeError):
        OrganisationFactory(actor=admin, unit=muong_khuong, is_active=False)


# Address -----------------------------------------------------------------------------------


def test_the_address_must_be_a_commune_not_a_province(admin, lao_cai):
    with pytest.raises(ValidationError) as raised:
        OrganisationFactory(actor=admin, unit=lao_cai)
    assert "unit" in raised.value.error_dict
    assert not Organisation.objects.exists()


def test_the_address_must_be_a_current_commune(admin, places):
    retired = AdministrativeUnit.objects.filter(is_current=False, level="commune").first()
    assert retired is not None
    with pytest.raises(ValidationError) as raised:
        OrganisationFactory(actor=admin, unit=retired)
    assert "unit" in raised.value.error_dict
    assert not Organisation.objects.exists()


def test_a_village_of_another_commune_is_refused(admin, bac_ha, village):
    assert village.commune != bac_ha
    with pytest.raises(ValidationError) as raised:
        OrganisationFactory(actor=admin, unit=bac_ha, village=village)
    assert "village" in raised.value.error_dict
    assert not Organisation.objects.exists()


def test_moving_to_another_commune_keeps_the_village_check(admin, organisation, bac_ha, village):
    organisation_update(actor=admin, organisation=organisation, village=village)
    before = _snapshot(organisation)
    with pytest.raises(ValidationError) as raised:
        organisation_update(
            actor=admin, organisation=Organisation.objects.get(pk=organisation.pk), unit=bac_ha
        )
    assert "village" in raised.value.error_dict
    assert _snapshot(organisation) == before


# Bank account ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bank",
    [
        {"bank_bin": "970405"},  # a bank without an account number
        {"bank_account_number": "8800205123456"},  # an account number without a bank
    ],
)
def test_a_half_filled_bank_account_is_refused(admin, organisation, bank):
    before = _snapshot(organisation)
    with pytest.raises(ValidationError):
        organisation_update(actor=admin, organisation=organisation, **bank)
    assert _snapshot(organisation) == before


def test_a_half_filled_bank_account_is_refused_on_create(admin, muong_khuong):
    with pytest.raises(ValidationError):
        OrganisationFactory(actor=admin, unit=muong_khuong, bank_bin="970405")
    assert not Organisation.objects.exists()


def test_a_complete_bank_account_is_saved(admin, organisation):
    organisation_update(
        actor=admin,
        organisation=organisation,
        bank_bin="970405",
        bank_account_number="8800205123456",
        bank_account_name="HTX QUYT MUONG KHUONG",
    )
    stored = Organisation.objects.get(pk=organisation.pk)
    assert (stored.bank_bin, stored.bank_account_number) == ("970405", "8800205123456")


def test_an_unknown_bank_is_refused(admin, organisation):
    with pytest.raises(ValidationError) as raised:
        organisation_update(
            actor=admin,
            organisation=organisation,
            bank_bin="123456",
            bank_account_number="12345678",
        )
    assert "bank_bin" in raised.value.error_dict


# Memberships -------------------------------------------------------------------------------


def test_membership_set_changes_a_role_instead_of_adding_a_second_row(admin, organisation, staff):
    membership_set(actor=admin, organisation=organisation, user=staff, role=MembershipRole.OWNER)
    memberships = Membership.objects.filter(organisation=organisation, user=staff)
    assert [m.role for m in memberships] == [MembershipRole.OWNER]


# Certificates ------------------------------------------------------------------------------


def _ocop(admin, organisation, **fields):
    values = {
        "kind": "ocop",
        "ocop_stars": 4,
        "ocop_year": 2024,
        "issuer": "UBND tỉnh Lào Cai",
        "number": "OCOP-LC-2024-031",
        "valid_from": datetime.date(2024, 3, 1),
    }
    values.update(fields)
    return certificate_add(actor=admin, organisation=organisation, **values)


@pytest.mark.parametrize("stars", [3, 4, 5])
def test_ocop_with_three_to_five_stars_and_a_year(admin, organisation, stars):
    certificate = _ocop(admin, organisation, ocop_stars=stars)
    assert Certificate.objects.get(pk=certificate.pk).ocop_stars == stars


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ocop_stars": 2}, "ocop_stars"),
        ({"ocop_stars": 6}, "ocop_stars"),
        ({"ocop_stars": None}, "ocop_stars"),
        ({"ocop_year": None}, "ocop_stars"),
        ({"ocop_year": 1999}, "ocop_year"),
    ],
)
def test_ocop_out_of_range_or_incomplete_is_refused(admin, organisation, fields, field):
    with pytest.raises(ValidationError) as raised:
        _ocop(admin, organisation, **fields)
    assert field in raised.value.error_dict
    assert not Certificate.objects.exists()


def test_valid_until_before_valid_from_is_refused(admin, organisation):
    with pytest.raises(ValidationError) as raised:
        CertificateFactory(
            actor=admin,
            organisation=organisation,
            valid_from=datetime.date(2025, 1, 1),
            valid_until=datetime.date(2024, 12, 31),
        )
    assert "valid_until" in raised.value.error_dict
    assert not Certificate.objects.exists()


def test_a_certificate_valid_for_one_day(admin, organisation):
    day = datetime.date(2025, 1, 1)
    certificate = CertificateFactory(
        actor=admin, organisation=organisation, valid_from=day, valid_until=day
    )
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_an_unreadable_scan_is_refused_and_no_row_is_made(admin, organisation, media_root):
    scan = SimpleUploadedFile("scan.jpg", bytes(range(256)) * 8, content_type="image/jpeg")
    with pytest.raises(ValidationError) as raised:
        CertificateFactory(actor=admin, organisation=organisation, scan=scan)
    assert [e.code for e in raised.value.error_dict["scan"]] == ["unreadable_image"]
    assert not Certificate.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.jpg"))


def test_a_png_scan_is_stored(admin, organisation, media_root):
    certificate = CertificateFactory(actor=admin, organisation=organisation, scan=png_upload())
    stored = Certificate.objects.get(pk=certificate.pk)
    assert stored.scan.name.startswith(f"orgs/{organisation.pk}/certificates/")
    assert (media_root / stored.scan.name).read_bytes().startswith(b"\x89PNG")


def test_a_pdf_scan_is_stored(admin, organisation):
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\n", content_type="application/pdf")
    certificate = CertificateFactory(actor=admin, organisation=organisation, scan=scan)
    assert Certificate.objects.get(pk=certificate.pk).scan.name.endswith(".pdf")


def test_certificates_are_kept_apart_from_the_organisation_row(admin, organisation):
    before = _snapshot(organisation)
    CertificateFactory(actor=admin, organisation=organisation)
    assert _snapshot(organisation) == before
    assert organisation.certificates.count() == 1


def test_villages_are_untouched_by_organisations(admin, organisation, village):
    organisation_update(actor=admin, organisation=organisation, village=village)
    assert Village.objects.get(pk=village.pk).commune_id == organisation.unit_id
