"""The admin is one more door to the trace services: a product changed there keeps the rules
of the co-op pages (only its organisation's own certificates) and their side effects (a photo
removed takes its file with it)."""

import datetime
import os

import pytest

from banso.common.tests.admin_forms import admin_form_data
from banso.orgs.services import certificate_add
from banso.orgs.tests.factories import png_upload
from banso.trace.models import ProductPhoto
from banso.trace.services.products import product_photo_add

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _certificate(actor, organisation, number: str):
    return certificate_add(
        actor=actor,
        organisation=organisation,
        kind="vietgap",
        issuer="Trung tâm Chứng nhận Phù hợp",
        number=number,
        valid_from=datetime.date(2024, 3, 1),
    )


def _post(admin_client, product, **changes):
    url = f"/admin/trace/product/{product.pk}/change/"
    data = {**admin_form_data(admin_client.get(url)), **changes}
    return admin_client.post(url, data, follow=True)


def test_the_admin_gives_a_product_only_its_organisations_certificates(
    admin_client, superuser, product, coop, other_coop
):
    own = _certificate(superuser, coop, "VG-OWN")
    foreign = _certificate(superuser, other_coop, "VG-OTHER")
    response = _post(admin_client, product, certificates=[str(own.pk), str(foreign.pk)])
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert list(product.certificates.all()) == []  # the whole change was undone
    _post(admin_client, product, certificates=[str(own.pk)])
    assert list(product.certificates.all()) == [own]


def test_a_photo_removed_in_the_admin_takes_its_file(admin_client, superuser, product):
    photo = product_photo_add(actor=superuser, product=product, image=png_upload("vuon.png"))
    stored = photo.image.path
    response = _post(admin_client, product, **{"photos-0-DELETE": "on"})
    assert response.status_code == 200
    assert not ProductPhoto.objects.filter(pk=photo.pk).exists()
    assert not os.path.exists(stored)


def test_products_and_lots_are_not_deleted_in_the_admin(admin_client, product, lot):
    assert admin_client.get(f"/admin/trace/product/{product.pk}/delete/").status_code == 403
    assert admin_client.get(f"/admin/trace/lot/{lot.pk}/delete/").status_code == 403
