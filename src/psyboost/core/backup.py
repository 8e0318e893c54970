"""Backup and restore: the database (PostgreSQL with its own dump tools, SQLite with its online backup API), the
media files of the default storage (local or S3), and a manifest of SHA-256 checksums.

A backup folder holds ``manifest.json``, ``database.sqlite3`` or ``database.pgdump``, and ``media/`` with every
stored file under its storage name. ``restore`` checks every checksum before touching anything, and restores only
into an empty database and an empty storage, so that it never mixes two platforms' data.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
BLOCK = 1024 * 1024
# Tables Django fills by itself on migrate: not the platform's data.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "audit_auditchainhead"}


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why."""


@dataclass(frozen=True)
class Summary:
    database: str
    files: int
    bytes: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fileobj:
        while block := fileobj.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def stored_names(folder: str = "") -> list[str]:
    """Every file name in the default storage, depth first, sorted."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in sorted(files)]
    for sub in sorted(folders):
        names += stored_names(f"{folder}/{sub}" if folder else sub)
    return names


def _postgres_env() -> dict:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    env.update(PGHOST=str(db.get("HOST") or ""), PGPORT=str(db.get("PORT") or ""), PGUSER=str(db.get("USER") or ""))
    return env


def _dump_database(target: Path) -> Path:
    vendor = connection.vendor
    if vendor == "sqlite":
        path = target / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            connection.connection.backup(destination)  # SQLite's online backup: consistent while in use
        finally:
            destination.close()
        return path
    if vendor == "postgresql":
        path = target / "database.pgdump"
        name = settings.DATABASES["default"]["NAME"]
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(path), name]
        done = subprocess.run(command, env=_postgres_env(), capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        return path
    raise BackupError(f"no backup for the {vendor} database")


def backup(directory) -> Summary:
    """Write a backup into ``directory`` (created; it must be empty)."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    database = _dump_database(target)
    files, total = [], 0
    for name in stored_names():
        path = target / "media" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(path, "wb") as copy:
            shutil.copyfileobj(source, copy, BLOCK)
        files.append({"name": name, "size": path.stat().st_size, "sha256": sha256_of(path)})
        total += path.stat().st_size
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor, "file": database.name, "sha256": sha256_of(database)},
        "media": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return Summary(database.name, len(files), total)


def read_manifest(directory) -> dict:
    """The manifest, after checking the database file and every media file against it."""
    source = Path(directory)
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"no readable {MANIFEST} in {source}") from error
    checks = [(source / manifest["database"]["file"], manifest["database"]["sha256"])]
    checks += [(source / "media" / item["name"], item["sha256"]) for item in manifest["media"]]
    for path, expected in checks:
        if not path.is_file() or sha256_of(path) != expected:
            raise BackupError(f"checksum mismatch or missing file: {path}")
    return manifest


def data_tables_with_rows() -> list[str]:
    tables = [name for name in connection.introspection.table_names() if name not in BOOKKEEPING]
    with connection.cursor() as cursor:
        found = []
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # an introspected name
            if cursor.fetchone():
                found.append(table)
    return found


def restore(directory) -> Summary:
    """Restore the backup in ``directory`` into this (empty) database and (empty) storage."""
    manifest = read_manifest(directory)
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(f"the backup is of a {manifest['database']['vendor']} database, this is {connection.vendor}")
    occupied = data_tables_with_rows()
    if occupied:
        raise BackupError(f"the database is not empty ({', '.join(occupied[:5])}…): restore only into an empty one")
    if stored_names():
        raise BackupError("the file storage is not empty: restore only into an empty one")
    source = Path(directory)
    database = source / manifest["database"]["file"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(database)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    else:
        name = settings.DATABASES["default"]["NAME"]
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--dbname", name, str(database)]
        done = subprocess.run(command, env=_postgres_env(), capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
    total = 0
    for item in manifest["media"]:
        with open(source / "media" / item["name"], "rb") as fileobj:
            saved = default_storage.save(item["name"], File(fileobj))
        if saved != item["name"]:
            raise BackupError(f"the storage renamed {item['name']} to {saved}")
        total += item["size"]
    return Summary(database.name, len(manifest["media"]), total)
