"""serve_file hands the bytes to nginx (X-Accel-Redirect) or to S3 (a presigned URL) when configured."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.test import RequestFactory

from psyboost.uploads.downloads import serve_file

DATA = b"x" * 1000


@pytest.fixture
def stored():
    return default_storage.save("uploads/2020/07/视频 1.mp4", ContentFile(DATA))


def get(name, **headers):
    request = RequestFactory().get("/download/", headers=headers)
    return serve_file(request, name, "活动 视频.mp4", "video/mp4")


def test_nginx_sends_the_file_from_its_internal_location(settings, stored):
    settings.PSYBOOST_FILE_DELIVERY = "nginx"
    settings.PSYBOOST_X_ACCEL_PREFIX = "/_protected/"

    response = get(stored)

    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/_protected/uploads/2020/07/%E8%A7%86%E9%A2%91%201.mp4"
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E6%B4%BB%E5%8A%A8%20%E8%A7%86%E9%A2%91.mp4"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_nginx_mode_still_answers_404_for_a_missing_file_and_304_for_a_known_copy(settings, stored):
    settings.PSYBOOST_FILE_DELIVERY = "nginx"
    from django.http import Http404

    with pytest.raises(Http404):
        get("uploads/none.mp4")
    etag = get(stored)["ETag"]
    assert get(stored, **{"If-None-Match": etag}).status_code == 304


def test_s3_redirects_to_a_short_lived_presigned_url_naming_the_download(settings):
    settings.PSYBOOST_FILE_DELIVERY = "s3"
    settings.PSYBOOST_PRESIGNED_SECONDS = 300
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "psyboost",
                "endpoint_url": "http://127.0.0.1:9",  # never contacted: presigning is computed locally
                "access_key": "test-access",
                "secret_key": "test-secret",
                "region_name": "us-east-1",
                "querystring_auth": True,
                "signature_version": "s3v4",
            },
        },
    }
    storages._storages.pop("default", None)
    try:
        response = get("uploads/2020/07/0123abcd.mp4")
    finally:
        storages._storages.pop("default", None)

    assert response.status_code == 302
    url = urlparse(response["Location"])
    query = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path) == ("http", "127.0.0.1:9", "/psyboost/uploads/2020/07/0123abcd.mp4")
    assert query["response-content-type"] == ["video/mp4"]
    assert query["response-content-disposition"] == [
        "attachment; filename*=utf-8''%E6%B4%BB%E5%8A%A8%20%E8%A7%86%E9%A2%91.mp4"
    ]
    assert query["X-Amz-Expires"] == ["300"]
    assert response["Cache-Control"] == "private, no-store"
