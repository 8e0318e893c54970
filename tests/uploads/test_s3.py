"""The platform on S3 storage, against a local S3-compatible server the tests start (moto's server mode): upload,
download with a byte range, the streamed ZIP, deletion of a file, and the purge of abandoned uploads."""

import io
import socket
import zipfile
from datetime import timedelta

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from psyboost.applications.models import Attachment
from psyboost.uploads.models import State, Upload
from psyboost.uploads.services import start_upload
from tests import factories
from tests.uploads import samples

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]
BUCKET = "psyboost-test"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    client = boto3.client("s3", endpoint_url=s3_server, **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": "us-east-1",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


@pytest.fixture
def owner_client(client):
    application = factories.ApplicationFactory(with_photos=False)
    owner = factories.UnitUserFactory(unit=application.unit)
    client.force_login(owner)
    client.owner = owner
    return client, application


def test_upload_download_with_a_range_and_delete_on_s3(bucket, owner_client, django_capture_on_commit_callbacks):
    client, application = owner_client
    photo = samples.jpeg(size=(64, 48))
    response = client.post(
        reverse("applications:attachment_upload", args=[application.pk]),
        {"kind": "site_photo", "file": SimpleUploadedFile("场地.jpg", photo, content_type="image/jpeg")},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(application=application)
    assert keys(bucket) == [attachment.file.name]
    assert bucket.get_object(Bucket=BUCKET, Key=attachment.file.name)["Body"].read() == photo

    url = reverse("applications:attachment_download", args=[attachment.pk])
    part = client.get(url, headers={"Range": "bytes=10-29"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-29/{len(photo)}"
    assert b"".join(part.streaming_content) == photo[10:30]
    assert b"".join(client.get(url).streaming_content) == photo

    with django_capture_on_commit_callbacks(execute=True):  # the stored file goes once the deletion is committed
        assert client.post(reverse("applications:attachment_delete", args=[attachment.pk])).status_code == 302
    assert keys(bucket) == []


def test_the_zip_is_streamed_from_s3(bucket, owner_client):
    client, application = owner_client
    photo = samples.jpeg(size=(32, 32))
    client.post(
        reverse("applications:attachment_upload", args=[application.pk]),
        {"kind": "site_photo", "file": SimpleUploadedFile("场地.jpg", photo, content_type="image/jpeg")},
    )
    response = client.get(reverse("documents:application_package", args=[application.pk]))
    assert response.status_code == 200 and response.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    photos = [name for name in archive.namelist() if "/附件/场地照片/" in name]
    assert [archive.read(name) for name in photos] == [photo]


def test_the_purge_of_abandoned_uploads_leaves_stored_files_alone(bucket, owner_client, settings, tmp_path):
    client, application = owner_client
    settings.UPLOADS_TEMP_DIR = tmp_path / "uploads-tmp"
    client.post(
        reverse("applications:attachment_upload", args=[application.pk]),
        {"kind": "site_photo", "file": SimpleUploadedFile("场地.jpg", samples.jpeg(), content_type="image/jpeg")},
    )
    stored = keys(bucket)
    abandoned = start_upload(
        client.owner, purpose="application_attachment", kind="site_photo", target_id=str(application.pk), length=100,
        filename="a.jpg",
    )  # fmt: skip
    Upload.objects.filter(pk=abandoned.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    call_command("purge-uploads")

    assert Upload.objects.get(pk=abandoned.pk).state == State.EXPIRED
    assert keys(bucket) == stored
