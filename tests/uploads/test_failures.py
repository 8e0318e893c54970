"""Unexpected failures while finishing: nothing half-done is left, and a transient one can be retried."""

import pytest

from psyboost.uploads.models import State, Upload
from psyboost.uploads.registry import IMAGE, Kind, register_purpose, unregister_purpose

from . import samples
from .conftest import may_upload_for_unit
from .tus import create, head, patch

pytestmark = pytest.mark.django_db


class Flaky:
    """A purpose whose permission check or finisher breaks while ``broken`` says so."""

    def __init__(self):
        self.broken = ""
        self.finished = []

    def can_upload(self, user, target_id):
        if self.broken == "check":
            raise RuntimeError("the permission check's database went away")
        return may_upload_for_unit(user, target_id)

    def finish(self, upload):
        if self.broken == "finish":
            raise RuntimeError("a bug in the finisher")
        self.finished.append(upload.pk)
        return {"ok": True}


@pytest.fixture
def flaky():
    purpose = Flaky()
    register_purpose(
        "flaky", kinds=[Kind("photo", IMAGE, "照片")], can_upload=purpose.can_upload, finish=purpose.finish
    )
    yield purpose
    unregister_purpose("flaky")


def test_a_failure_before_storing_leaves_the_upload_to_retry(unit_client, unit_user, flaky, temp_dir, media_dir):
    data = samples.jpeg()
    url = create(unit_client, len(data), purpose="flaky", target=unit_user.unit_id)["Location"]
    flaky.broken = "check"

    with pytest.raises(RuntimeError):
        patch(unit_client, url, 0, data)

    upload = Upload.objects.get()
    assert (upload.state, upload.offset) == (State.RECEIVING, len(data))
    assert (temp_dir / f"{upload.id.hex}.part").read_bytes() == data
    assert head(unit_client, url)["Upload-Offset"] == str(len(data))

    flaky.broken = ""
    retried = patch(unit_client, url, len(data), b"")

    assert retried.status_code == 204
    upload.refresh_from_db()
    assert upload.state == State.DONE
    assert flaky.finished == [upload.pk]


def test_a_failing_finisher_leaves_no_stored_file(unit_client, unit_user, flaky, media_dir):
    data = samples.jpeg()
    url = create(unit_client, len(data), purpose="flaky", target=unit_user.unit_id)["Location"]
    flaky.broken = "finish"

    with pytest.raises(RuntimeError):
        patch(unit_client, url, 0, data)

    upload = Upload.objects.get()
    assert (upload.state, upload.error) == (State.FAILED, "服务器处理文件时出错，请重新上传。")
    assert [path for path in media_dir.rglob("*") if path.is_file()] == []
    assert unit_client.get(url).json()["error"] == "服务器处理文件时出错，请重新上传。"
