"""Products and lots through their services: GTINs, lot codes, places and who may write."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from banso.orgs.tests.factories import png_upload
from banso.places.models import AdministrativeUnit
from banso.trace.gs1 import gtin_check_digit
from banso.trace.models import Lot, Product
from banso.trace.services.products import (
    gtin_generate,
    lot_create,
    lot_update,
    product_create,
    product_photo_add,
    product_update,
)


def _create(actor, organisation, **fields):
    fields.setdefault("name", "Chè Shan Tuyết")
    fields.setdefault("category", "tea")
    fields.setdefault("unit", "pack")
    return product_create(actor=actor, organisation=organisation, **fields)


# GTIN -----------------------------------------------------------------------------------------


@given(st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_check_digit_makes_the_mod10_sum_a_multiple_of_ten(body):
    gtin = body + gtin_check_digit(body)
    weights = [3 if i % 2 == 0 else 1 for i in range(len(gtin) - 1)]
    total = sum(int(d) * w for d, w in zip(reversed(gtin[:-1]), weights, strict=True))
    assert (total + int(gtin[-1])) % 10 == 0


def test_generated_gtins_come_from_the_prefix_and_count_up(coop_member, coop):
    first = _create(coop_member, coop)
    second = _create(coop_member, coop, name="Mận tam hoa")
    assert first.gtin == "00209890000019"  # 0 + prefix 0209890 + item 00001 + check digit 9
    assert second.gtin == "00209890000026"
    assert len(second.gtin) == 14
    assert gtin_check_digit(second.gtin[:-1]) == second.gtin[-1]


@override_settings(GTIN_COMPANY_PREFIX="893123456")
def test_a_longer_prefix_leaves_fewer_item_digits(coop_member, coop):
    product = _create(coop_member, coop)
    assert product.gtin.startswith("0893123456")
    assert product.gtin[10:13] == "001"


def test_generation_skips_numbers_already_used(coop_member, coop, product):
    # The fixture product holds item 00001.
    assert gtin_generate() == "00209890000026"
    assert _create(coop_member, coop).gtin == "00209890000026"


def test_a_given_gtin_is_normalised_to_14_digits(coop_member, coop):
    product = _create(coop_member, coop, gtin="8934567000017")
    assert product.gtin == "08934567000017"


def test_a_wrong_check_digit_is_refused_and_nothing_stored(coop_member, coop):
    with pytest.raises(ValidationError) as error:
        _create(coop_member, coop, gtin="8934567000016")
    assert "gtin" in error.value.message_dict
    assert not Product.objects.exists()


def test_a_gtin_already_used_is_refused(coop_member, coop, product):
    with pytest.raises(ValidationError) as error:
        _create(coop_member, coop, gtin=product.gtin)
    assert "gtin" in error.value.message_dict
    assert Product.objects.count() == 1


def test_update_with_an_empty_gtin_keeps_it(coop_member, product):
    product_update(actor=coop_member, product=product, gtin="", name="Quýt ngọt Mường Khương")
    product.refresh_from_db()
    assert product.gtin == "00209890000019"
    assert product.name_folded == "quyt ngot muong khuong"


def test_certificates_must_be_the_organisations_own(coop_member, coop, other_coop, superuser):
    from banso.orgs.services import certificate_add

    theirs = certificate_add(
        actor=superuser,
        organisation=other_coop,
        kind="vietgap",
        issuer="Trung tâm",
        number="V-1",
        valid_from=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        _create(coop_member, coop, certificates=[theirs])
    assert "certificates" in error.value.message_dict
    assert not Product.objects.exists()


def test_photo_is_checked(coop_member, product):
    photo = product_photo_add(actor=coop_member, product=product, image=png_upload("qua.png"))
    assert photo.product == product
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as error:
        product_photo_add(
            actor=coop_member,
            product=product,
            image=SimpleUploadedFile("x.png", b"not a picture", content_type="image/png"),
        )
    assert "image" in error.value.message_dict
    assert product.photos.count() == 1


# Permissions ----------------------------------------------------------------------------------


def test_other_coops_member_cannot_create_or_change(other_coop_member, coop, product, lot):
    with pytest.raises(PermissionDenied):
        _create(other_coop_member, coop)
    before = model_to_dict(Product.objects.get(pk=product.pk))
    with pytest.raises(PermissionDenied):
        product_update(actor=other_coop_member, product=product, name="Đổi tên")
    assert model_to_dict(Product.objects.get(pk=product.pk)) == before
    with pytest.raises(PermissionDenied):
        product_photo_add(actor=other_coop_member, product=product, image=png_upload())
    assert product.photos.count() == 0
    lot_before = model_to_dict(Lot.objects.get(pk=lot.pk))
    with pytest.raises(PermissionDenied):
        lot_update(actor=other_coop_member, lot=lot, quantity=1)
    with pytest.raises(PermissionDenied):
        lot_create(
            actor=other_coop_member,
            product=product,
            code="X1",
            harvest_unit=lot.harvest_unit,
            harvest_date=datetime.date(2025, 1, 1),
            quantity=1,
            quantity_unit="kg",
        )
    assert model_to_dict(Lot.objects.get(pk=lot.pk)) == lot_before
    assert Lot.objects.count() == 1
    assert Product.objects.count() == 1


def test_commune_officer_is_not_a_member(commune_officer, coop):
    with pytest.raises(PermissionDenied):
        _create(commune_officer, coop)


def test_province_officer_may(province_officer, coop):
    assert _create(province_officer, coop).organisation == coop


def test_rules_delegate_to_the_organisation(coop_member, other_coop_member, product, lot):
    assert coop_member.has_perm("trace.change_product", product)
    assert coop_member.has_perm("trace.change_lot", lot)
    assert not other_coop_member.has_perm("trace.change_product", product)
    assert not other_coop_member.has_perm("trace.change_lot", lot)


# Lots -----------------------------------------------------------------------------------------


def _lot(actor, product, **fields):
    fields.setdefault("code", "MK-2025-12")
    fields.setdefault("harvest_unit", product.organisation.unit)
    fields.setdefault("harvest_date", datetime.date(2025, 12, 1))
    fields.setdefault("quantity", Decimal("850.5"))
    fields.setdefault("quantity_unit", "kg")
    return lot_create(actor=actor, product=product, **fields)


@pytest.mark.parametrize("code", ["", "A" * 21, "lô 1", "MK 2025", "Quýt1", "A#1"])
def test_lot_code_outside_gs1_ai10_is_refused(coop_member, product, code):
    with pytest.raises(ValidationError) as error:
        _lot(coop_member, product, code=code)
    assert "code" in error.value.message_dict
    assert not Lot.objects.exists()


@pytest.mark.parametrize("code", ["A" * 20, "MK2025/11-a", "L.01_x", "1"])
def test_lot_codes_of_ai10_are_accepted(coop_member, product, code):
    assert _lot(coop_member, product, code=code).code == code


def test_lot_code_is_unique_per_product(coop_member, coop, product, lot):
    with pytest.raises(ValidationError) as error:
        _lot(coop_member, product, code=lot.code)
    assert "code" in error.value.message_dict
    other_product = _create(coop_member, coop, name="Quýt đường")
    assert _lot(coop_member, other_product, code=lot.code).product == other_product


def test_harvest_place_must_be_a_current_commune(coop_member, product, lao_cai, bac_ha, village):
    with pytest.raises(ValidationError) as error:
        _lot(coop_member, product, harvest_unit=lao_cai)
    assert "harvest_unit" in error.value.message_dict
    retired = AdministrativeUnit.objects.filter(is_current=False, level="commune").first()
    with pytest.raises(ValidationError):
        _lot(coop_member, product, harvest_unit=retired)
    with pytest.raises(ValidationError) as error:
        _lot(coop_member, product, harvest_unit=bac_ha, harvest_village=village)
    assert "harvest_village" in error.value.message_dict
    lot = _lot(coop_member, product, harvest_unit=village.commune, harvest_village=village)
    assert lot.harvest_village == village


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"latitude": 91, "longitude": 104}, "latitude"),
        ({"latitude": 22, "longitude": 181}, "longitude"),
        ({"latitude": 22}, "longitude"),
        ({"quantity": -1}, "quantity"),
    ],
)
def test_lot_map_point_and_quantity_are_checked(coop_member, product, fields, field):
    with pytest.raises(ValidationError) as error:
        _lot(coop_member, product, **fields)
    assert field in error.value.message_dict
    assert not Lot.objects.exists()


def test_lot_with_a_map_point(coop_member, product):
    lot = _lot(coop_member, product, latitude=22.686, longitude=104.119, quantity=0)
    assert (lot.latitude, lot.longitude, lot.quantity) == (22.686, 104.119, 0)
