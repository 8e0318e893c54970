import pytest

from psyboost.calls.models import Unit
from psyboost.uploads.errors import CONFLICT, UploadRefused
from psyboost.uploads.registry import IMAGE, SCAN, VIDEO, Kind, register_purpose, unregister_purpose
from tests import factories


class Finisher:
    """The test purpose's finisher: records each upload it receives and answers what the page gets."""

    def __init__(self):
        self.uploads = []

    def __call__(self, upload):
        self.uploads.append(upload.pk)
        unit = Unit.objects.get(pk=int(upload.target_id))
        return {"unit": unit.name, "stored": upload.storage_name, "name": upload.original_name}


def may_upload_for_unit(user, target_id: str) -> bool:
    return bool(user.is_authenticated and user.unit_id and target_id == str(user.unit_id))


def refuse(upload):
    raise UploadRefused("申报书已提交，不能再添加附件。", CONFLICT)


@pytest.fixture(autouse=True)
def upload_places(settings, tmp_path):
    """Temporary files and storage of each test in its own folders."""
    settings.UPLOADS_TEMP_DIR = tmp_path / "uploads-tmp"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    return tmp_path


@pytest.fixture(autouse=True)
def finisher():
    finish = Finisher()
    kinds = [Kind("photo", IMAGE, "照片"), Kind("video", VIDEO, "视频"), Kind("scan", SCAN, "扫描件")]
    register_purpose("unit_document", kinds=kinds, can_upload=may_upload_for_unit, finish=finish)
    register_purpose("frozen_document", kinds=kinds, can_upload=may_upload_for_unit, finish=refuse)
    yield finish
    unregister_purpose("unit_document")
    unregister_purpose("frozen_document")


@pytest.fixture
def other_unit_user(db):
    return factories.UnitUserFactory(username="otherunit")


@pytest.fixture
def temp_dir(upload_places):
    return upload_places / "uploads-tmp"


@pytest.fixture
def media_dir(upload_places):
    return upload_places / "media"
