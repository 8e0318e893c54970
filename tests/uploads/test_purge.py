import os
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from psyboost.audit.models import AuditEntry
from psyboost.uploads.models import State, Upload
from psyboost.uploads.services import purge_expired, start_upload

pytestmark = pytest.mark.django_db


def start(user, length=100):
    return start_upload(
        user, purpose="unit_document", kind="photo", target_id=user.unit_id, length=length, filename="a.jpg"
    )


def test_purge_deletes_expired_and_orphaned_temporary_files(unit_user, temp_dir, capsys):
    expired = start(unit_user)
    fresh = start(unit_user)
    Upload.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    old_orphan = temp_dir / ("0" * 32 + ".part")
    old_orphan.write_bytes(b"left behind by a crash")
    day_ago = time.time() - 25 * 3600
    os.utime(old_orphan, (day_ago, day_ago))
    new_orphan = temp_dir / ("1" * 32 + ".part")
    new_orphan.write_bytes(b"maybe still being written")
    now = time.time()  # the process's clock (the file system stamps files with the machine's own)
    os.utime(new_orphan, (now, now))

    call_command("purge-uploads")

    assert capsys.readouterr().out == "已删除 2 个过期的上传临时文件。\n"
    assert sorted(path.name for path in temp_dir.iterdir()) == sorted([f"{fresh.id.hex}.part", new_orphan.name])
    assert Upload.objects.get(pk=expired.pk).state == State.EXPIRED
    assert Upload.objects.get(pk=fresh.pk).state == State.RECEIVING
    assert AuditEntry.objects.get(action="uploads.purged").data == {"deleted": 2}


def test_nothing_to_purge(unit_user):
    start(unit_user)

    assert purge_expired() == 0
    assert not AuditEntry.objects.filter(action="uploads.purged").exists()
