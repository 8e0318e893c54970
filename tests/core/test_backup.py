"""Backup and restore: data made, backed up, restored into an empty database and storage, found identical."""

import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from psyboost.audit.services import record, verify_chain
from psyboost.core.backup import stored_names
from tests import factories
from tests.uploads import samples

EXCLUDE = ["contenttypes", "auth.permission", "sessions"]
# The suite runs on SQLite and on PostgreSQL: each backs up with its own tools.
DATABASE_FILE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def everything() -> tuple[list, dict]:
    out = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDE, stdout=out, indent=None)
    rows = sorted(json.loads(out.getvalue()), key=lambda row: (row["model"], str(row["pk"])))
    files = {}
    for name in stored_names():
        with default_storage.open(name, "rb") as fileobj:
            files[name] = fileobj.read()
    return rows, files


def use_storage(settings, folder) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": folder}},
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_and_storage_finds_everything(tmp_path, settings, capsys):
    use_storage(settings, tmp_path / "media-before")
    staff = factories.StaffFactory(username="chen")
    application = factories.ApplicationFactory()
    factories.AttachmentFactory(application=application, data=samples.jpeg())
    record(staff, "test.before_backup", application, note="备份前")
    before = everything()
    assert len(before[1]) >= 3 and any(row["model"] == "audit.auditentry" for row in before[0])

    call_command("backup", str(tmp_path / "backup"))
    assert "files" in capsys.readouterr().out
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"]["vendor"] == connection.vendor and len(manifest["media"]) == len(before[1])

    call_command("flush", interactive=False, verbosity=0)
    use_storage(settings, tmp_path / "media-after")
    assert everything()[1] == {}

    call_command("restore", str(tmp_path / "backup"))

    assert everything() == before
    assert verify_chain().broken is None


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_holding_data_and_a_damaged_backup(tmp_path, settings):
    use_storage(settings, tmp_path / "media")
    factories.StaffFactory(username="chen")
    call_command("backup", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="the database is not empty"):
        call_command("restore", str(tmp_path / "backup"))
    database = tmp_path / "backup" / DATABASE_FILE[connection.vendor]
    database.write_bytes(database.read_bytes()[:-1] + b"x")
    with pytest.raises(CommandError, match="checksum mismatch or missing file"):
        call_command("restore", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(tmp_path / "backup"))
