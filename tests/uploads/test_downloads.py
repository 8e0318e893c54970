"""serve_file: streamed, safe Content-Disposition, nosniff, byte ranges."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from psyboost.uploads.downloads import parse_range, serve_file

DATA = bytes(range(256)) * 4  # 1024 bytes, each position recognisable


@pytest.fixture
def stored():
    return default_storage.save("uploads/2020/07/0123abcd.mp4", ContentFile(DATA))


def get(stored, name="活动 视频.mp4", content_type="video/mp4", inline=False, **headers):
    request = RequestFactory().get("/download/", headers=headers)
    return serve_file(request, stored, name, content_type, inline=inline)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_whole_file_streamed_with_a_safe_disposition(stored):
    response = get(stored)

    assert response.status_code == 200
    assert response.streaming
    assert body(response) == DATA
    assert response["Content-Length"] == "1024"
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E6%B4%BB%E5%8A%A8%20%E8%A7%86%E9%A2%91.mp4"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"  # attachments carry personal data
    assert response["Accept-Ranges"] == "bytes"


def test_inline_only_for_types_a_browser_shows_safely(stored):
    assert get(stored, inline=True)["Content-Disposition"].startswith("inline; ")
    html = get(stored, name="page.html", content_type="text/html", inline=True)
    assert html["Content-Disposition"] == 'attachment; filename="page.bin"'  # never a name a browser runs


def test_awkward_names_are_cleaned_and_quoted(stored):
    response = get(stored, name='..\\a"b\r\nc.pdf', content_type="application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="a_bc.pdf"'


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=10-19", 10, 19), ("bytes=1000-", 1000, 1023), ("bytes=-24", 1000, 1023), ("bytes=1000-5000", 1000, 1023)],
)
def test_a_range_gets_206(stored, header, first, last):
    response = get(stored, Range=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/1024"
    assert response["Content-Length"] == str(last - first + 1)
    assert body(response) == DATA[first : last + 1]


def test_a_range_outside_the_file_gets_416(stored):
    response = get(stored, Range="bytes=2000-")

    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "lines=1-2", "bytes=20-10", "bytes=-"])
def test_ranges_not_served_get_the_whole_file(stored, header):
    response = get(stored, Range=header)

    assert response.status_code == 200
    assert body(response) == DATA


def test_if_range_and_if_none_match(stored):
    etag = get(stored)["ETag"]

    assert get(stored, Range="bytes=0-9", **{"If-Range": etag}).status_code == 206
    assert get(stored, Range="bytes=0-9", **{"If-Range": '"other"'}).status_code == 200
    assert get(stored, **{"If-None-Match": etag}).status_code == 304


def test_a_missing_file_is_404(db):
    with pytest.raises(Http404):
        get("uploads/2020/07/missing.mp4")


@given(st.integers(0, 5000), st.integers(0, 5000), st.integers(1, 3000))
def test_parsed_ranges_lie_inside_the_file(first, last, size):
    for header in (f"bytes={first}-{last}", f"bytes={first}-", f"bytes=-{last}"):
        wanted = parse_range(header, size)
        if isinstance(wanted, tuple):
            assert 0 <= wanted[0] <= wanted[1] < size


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("readme.html", "image/jpeg", "readme.jpg"),
        ("说明.hta", "image/jpeg", "说明.jpg"),
        ("setup.exe", "image/jpeg", "setup.jpg"),
        ("photo.JPG", "image/jpeg", "photo.jpg"),
        ("scan", "application/pdf", "scan.pdf"),
        ("invoice\u202egpj.exe", "image/png", "invoicegpj.png"),  # the bidi override dropped
        ("CON.jpg", "image/jpeg", "_CON.jpg"),
        ("lpt1", "image/jpeg", "_lpt1.jpg"),
        ("com3.tar.gz", "application/pdf", "_com3.tar.pdf"),
        ("a:b|c?.jpg", "image/jpeg", "a_b_c_.jpg"),
        ("trailing. .exe", "video/mp4", "trailing.mp4"),
        ("data.bin", "text/html", "data.bin"),
    ],
)
def test_download_names_take_the_extension_of_the_detected_type_and_are_safe_for_windows(name, content_type, expected):
    from psyboost.uploads.metadata import safe_download_name

    assert safe_download_name(name, content_type) == expected


def test_a_served_file_is_named_by_its_detected_type(stored):
    response = get(stored, name="说明.hta", content_type="video/mp4")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E8%AF%B4%E6%98%8E.mp4"
