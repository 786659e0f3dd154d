"""Uploaded files are served with the type of their stored extension: pictures as pictures,
everything else as a download, never as a page of this site."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from banso.common.storages import MediaS3Storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return FileSystemStorage(tmp_path)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_pdf_is_a_download_with_its_type_and_nosniff(client, media):
    media.save("orgs/1/certificates/abc.pdf", ContentFile(b"%PDF-1.7\n<html></html>"))
    response = client.get("/media/orgs/1/certificates/abc.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="abc.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert _body(response) == b"%PDF-1.7\n<html></html>"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("a.jpg", "image/jpeg"), ("a.png", "image/png"), ("a.320w.webp", "image/webp")],
)
def test_a_picture_is_shown_with_the_type_of_its_extension(client, media, name, content_type):
    media.save(f"trace/evidence/1/{name}", ContentFile(b"<html><script>1</script></html>"))
    response = client.get(f"/media/trace/evidence/1/{name}")
    assert response["Content-Type"] == content_type
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["cert.html", "page.htm", "image.svg", "noextension"])
def test_a_file_stored_under_its_uploaders_name_is_never_a_page(client, media, name):
    """Files stored before names were chosen by the server (``cert.html``) download."""
    media.save(f"orgs/1/certificates/{name}", ContentFile(b"<html><script>1</script></html>"))
    response = client.get(f"/media/orgs/1/certificates/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    [
        "stamps/runs/run-1-00000000000000.csv",
        "stamps/runs/../runs/run-1-00000000000000.csv",
        "market/feeds/google.xml",
        "imports/0f8e7d6c.xlsx",
    ],
)
def test_files_with_their_own_guarded_views_are_not_served(client, media, path):
    media.save("stamps/runs/run-1-00000000000000.csv", ContentFile(b"serial\n"))
    media.save("market/feeds/google.xml", ContentFile(b"<rss/>"))
    media.save("imports/0f8e7d6c.xlsx", ContentFile(b"PK"))
    assert client.get(f"/media/{path}").status_code == 404


def test_nothing_outside_the_media_folder_is_served(client, media):
    assert client.get("/media/../../etc/passwd").status_code == 404
    assert client.get("/media/%2e%2e/%2e%2e/etc/passwd").status_code == 404


def test_s3_objects_are_stored_with_the_same_headers():
    storage = MediaS3Storage(bucket_name="banso", access_key="k", secret_key="s")
    pdf = storage.get_object_parameters("orgs/1/certificates/abc.pdf")
    assert pdf["ContentType"] == "application/pdf"
    assert pdf["ContentDisposition"] == "attachment"
    photo = storage.get_object_parameters("trace/evidence/1/abc.320w.webp")
    assert photo["ContentType"] == "image/webp"
    assert "ContentDisposition" not in photo
    legacy = storage.get_object_parameters("orgs/1/certificates/cert.html")
    assert legacy["ContentType"] == "application/octet-stream"
    assert legacy["ContentDisposition"] == "attachment"
