"""Tests: fast hashing, tasks run at once, mail kept in memory, files in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="psyboost-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECRET_KEY = "test-only"
ALLOWED_HOSTS = ["*"]
DEBUG = False
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="psyboost-test-static-"))
UPLOADS_TEMP_DIR = Path(tempfile.mkdtemp(prefix="psyboost-test-uploads-"))
PSYBOOST_PUBLIC_CACHE_SECONDS = 0  # tests that measure the cache switch it on themselves
