"""Settings for bench_upload.py: the base settings with everything in a temporary folder (SQLite database, media,
upload temp files) named by PSYBOOST_BENCH_DIR, and the bench's upload purpose (_upload_app)."""

import os
from pathlib import Path

from psyboost.settings.base import *  # noqa: F403
from psyboost.settings.base import INSTALLED_APPS

BENCH_DIR = Path(os.environ["PSYBOOST_BENCH_DIR"])

DEBUG = False
SECRET_KEY = "bench-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BENCH_DIR / "bench.sqlite3",
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"},
    }
}
MEDIA_ROOT = BENCH_DIR / "media"
STATIC_ROOT = BENCH_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
INSTALLED_APPS = [*INSTALLED_APPS, "_upload_app.BenchUploadConfig"]

UPLOADS_TEMP_DIR = BENCH_DIR / "uploads-tmp"
UPLOADS_MAX_BYTES = {"video": 4 * 1024**3}
UPLOADS_READ_SIZE = int(os.environ.get("BENCH_READ_SIZE", str(1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
