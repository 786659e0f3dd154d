"""A certificate's scan is stored under a name the server chooses from its content, and served
as a download, whatever name and type the uploader gave it."""

import re

from django.urls import reverse

from banso.common.tests.uploads_support import pdf_named_html, phone_photo_upload
from banso.orgs.models import Certificate


def _add(client, organisation, scan):
    return client.post(
        reverse("orgs:certificate-create", args=[organisation.slug]),
        {
            "kind": "vietgap",
            "issuer": "Trung tâm Chứng nhận Phù hợp",
            "number": "VietGAP-TT-24-0031",
            "valid_from": "2024-03-01",
            "scan": scan,
        },
    )


def test_a_pdf_named_cert_html_is_stored_as_pdf_and_downloaded(client, owner, organisation):
    client.force_login(owner)
    upload = pdf_named_html()
    assert _add(client, organisation, upload).status_code == 302
    name = Certificate.objects.get(organisation=organisation).scan.name
    assert re.fullmatch(rf"orgs/{organisation.pk}/certificates/[0-9a-f]{{32}}\.pdf", name)

    client.logout()
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    upload.seek(0)
    assert b"".join(response.streaming_content) == upload.read()


def test_a_photo_of_the_paper_is_stored_re_encoded_without_its_exif(
    client, owner, organisation, media_root
):
    from PIL import Image

    client.force_login(owner)
    response = _add(
        client, organisation, phone_photo_upload("giay-chung-nhan.pdf", size=(900, 1200))
    )
    assert response.status_code == 302
    name = Certificate.objects.get(organisation=organisation).scan.name
    assert name.endswith(".jpg") and "giay" not in name
    with Image.open(media_root / name) as stored:
        assert stored.format == "JPEG" and not stored.getexif()


def test_a_scan_stored_as_cert_html_is_stored_again_as_pdf(
    organisation, media_root, django_capture_on_commit_callbacks
):
    import datetime
    from io import StringIO

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    body = pdf_named_html().read()
    old = default_storage.save(f"orgs/{organisation.pk}/certificates/cert.html", ContentFile(body))
    certificate = Certificate.objects.create(
        organisation=organisation,
        kind="vietgap",
        issuer="Trung tâm Chứng nhận Phù hợp",
        number="1",
        valid_from=datetime.date(2024, 3, 1),
        scan=old,
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("uploads_refresh", stdout=StringIO())
    certificate.refresh_from_db()
    assert re.fullmatch(
        rf"orgs/{organisation.pk}/certificates/[0-9a-f]{{32}}\.pdf", certificate.scan.name
    )
    assert (media_root / certificate.scan.name).read_bytes() == body
    assert not default_storage.exists(old)
