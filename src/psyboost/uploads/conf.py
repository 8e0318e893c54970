"""The upload engine's settings. None is required: each has a default here, and a deployment may set it in its
settings module (``UPLOADS_TEMP_DIR = "/srv/psyboost/uploads-tmp"``) to change it."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings

MB = 1024 * 1024

# Per family of files (and, if named, per kind: ``{"activity_video": 300 * MB}``), the largest file accepted.
DEFAULT_MAX_BYTES = {"image": 20 * MB, "video": 500 * MB, "scan": 20 * MB}
# An unfinished upload is dropped (its temporary file deleted) this long after it was started.
DEFAULT_EXPIRY = timedelta(hours=24)
# The PATCH body goes through one buffer (or, spliced under gunicorn, one pipe) of this size, so a worker's memory
# stays flat whatever the file size (uploads/body.py; 1 MiB: 16 times fewer system calls than 64 KiB).
DEFAULT_READ_SIZE = 1024 * 1024
# At most this many unfinished uploads per user; more are refused until some finish or expire.
DEFAULT_MAX_ACTIVE_PER_USER = 20
# Images larger than this (width × height) are refused: decoding them would take too much memory.
DEFAULT_MAX_IMAGE_PIXELS = 80_000_000


def temp_dir() -> Path:
    """Where unfinished uploads are kept, on local disk: ``UPLOADS_TEMP_DIR``, by default VAR_DIR/uploads-tmp."""
    configured = getattr(settings, "UPLOADS_TEMP_DIR", None)
    path = Path(configured) if configured else Path(settings.VAR_DIR) / "uploads-tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def max_bytes(kind: str, family: str) -> int:
    limits = {**DEFAULT_MAX_BYTES, **settings.UPLOADS_MAX_BYTES}
    if kind in limits:
        return int(limits[kind])
    return int(limits[family])


def expiry() -> timedelta:
    value = getattr(settings, "UPLOADS_EXPIRY", DEFAULT_EXPIRY)
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def read_size() -> int:
    return int(getattr(settings, "UPLOADS_READ_SIZE", DEFAULT_READ_SIZE))


def max_active_per_user() -> int:
    return int(getattr(settings, "UPLOADS_MAX_ACTIVE_PER_USER", DEFAULT_MAX_ACTIVE_PER_USER))


def max_image_pixels() -> int:
    return int(getattr(settings, "UPLOADS_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS))
