"""Production: everything secret comes from the environment; the process refuses to start without it."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, env_bool

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Django's own check (security.W009) only warns about a key like 50 × "x"; here it stops the process.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith(("dev-only", "django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of at least 50 characters.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must be set in production (PostgreSQL).")

# Persistent connections (CONN_MAX_AGE from base) are checked before reuse, so a restarted database costs one error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
AXES_IPWARE_PROXY_COUNT = 1
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
PSYBOOST_ALLOW_DEMO = False
PSYBOOST_REQUIRE_SECOND_FACTOR = True  # staff and administrators: TOTP, always
