"""Settings shared by every deployment; whatever a deployment varies is read from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("PSYBOOST_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("PSYBOOST_VAR_DIR", BASE_DIR / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
# The key of the audit trail's chain (HMAC-SHA256, audit/models.py): whoever can write the database without holding
# it cannot recompute the chain. Required in production (core/checks.py, psyboost.E006); it never changes afterwards.
PSYBOOST_AUDIT_KEY = os.environ.get("PSYBOOST_AUDIT_KEY", "dev-only-audit-key")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "psyboost.core",
    "psyboost.audit",
    "psyboost.accounts",
    "psyboost.calls",
    "psyboost.applications",
    "psyboost.review",
    "psyboost.announcement",
    "psyboost.uploads",
    "psyboost.documents",
    "psyboost.notifications",
    "psyboost.projects",
    "psyboost.workbench",
    "psyboost.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "psyboost.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "psyboost.announcement.middleware.PublicResultsCache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "psyboost.accounts.middleware.PasswordChangeRequiredMiddleware",
    "psyboost.accounts.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
    "psyboost.core.refusals.RefusalMiddleware",
]

ROOT_URLCONF = "psyboost.urls"
WSGI_APPLICATION = "psyboost.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "psyboost.core.navigation.navigation",
                "psyboost.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'psyboost.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web server reads; IMMEDIATE avoids lock upgrades mid-transaction.
    # The connection is kept between requests as on PostgreSQL (CONN_MAX_AGE above): opening one costs ~1.7 ms
    # (the file, the PRAGMAs, Django's SQL functions), as much as a signed-in page's own queries.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }

# Django's form renderer, with the common widgets written in Python (core/form_renderer.py): the same HTML, faster.
FORM_RENDERER = "psyboost.core.form_renderer.FastRenderer"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first (parameters in accounts/hashers.py); the others only to check older hashes, which Django
# re-hashes with Argon2id at the user's next successful login.
PASSWORD_HASHERS = [
    "psyboost.accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "psyboost.accounts.validators.PasswordFamilyValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
# After login (without a ?next=) each role lands on its own start page: url names, so accounts imports no stage.
LANDING_PAGES = {
    "unit": "applications:mine",
    "staff": "workbench:index",
    "admin": "workbench:index",
    "expert": "review:my_assignments",
}
LOGOUT_REDIRECT_URL = "workbench:home"

# Login lockout: five wrong passwords for one username lock it for fifteen minutes.
# Second factor (TOTP, django-otp) for staff and administrators: whoever has set one up must always give a code
# after signing in; without one, production (PSYBOOST_REQUIRE_SECOND_FACTOR) sends them to set it up first. In
# development and tests it is optional, so the demo accounts sign in with their password alone.
# Content-Security-Policy (psyboost.core.csp): this site only, no inline script or style. Sent in every environment,
# so that development and the browser tests meet what production enforces.
PSYBOOST_CONTENT_SECURITY_POLICY = os.environ.get(
    "PSYBOOST_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
PSYBOOST_REQUIRE_SECOND_FACTOR = env_bool("PSYBOOST_REQUIRE_SECOND_FACTOR", False)
OTP_TOTP_ISSUER = "psyboost"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Failures are counted per account *and* address: an attacker elsewhere cannot lock a real user out, and guessing
# stays at five tries per quarter hour from each address. Administrators unlock (accounts:unlock); the account's
# owner is told by e-mail (accounts.lockout).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The site's own CSS, JS and vendored assets live in the ``psyboost`` package, which is not an app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files are private: no MEDIA_URL is served; every download goes through a view that checks permission.

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("STORAGE_BACKEND", "local") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL"),
            "access_key": os.environ.get("S3_ACCESS_KEY"),
            "secret_key": os.environ.get("S3_SECRET_KEY"),
            "region_name": os.environ.get("S3_REGION"),
            "default_acl": "private",
            "querystring_auth": True,
            "signature_version": "s3v4",  # presigned download URLs (PSYBOOST_FILE_DELIVERY "s3") expire exactly
            "file_overwrite": False,
        },
    }

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "psyboost@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Who sends a downloaded file once the view has checked permission (uploads/downloads.py): "django" streams it,
# "nginx" answers with X-Accel-Redirect to the internal location PSYBOOST_X_ACCEL_PREFIX (deploy/nginx.conf), "s3"
# redirects to a presigned URL of the bucket (the default with STORAGE_BACKEND=s3).
PSYBOOST_FILE_DELIVERY = os.environ.get(
    "FILE_DELIVERY", "s3" if os.environ.get("STORAGE_BACKEND") == "s3" else "django"
)
PSYBOOST_X_ACCEL_PREFIX = os.environ.get("X_ACCEL_PREFIX", "/_protected/")
PSYBOOST_PRESIGNED_SECONDS = int(os.environ.get("PRESIGNED_SECONDS", "300"))
# A package (ZIP) whose attachments pass this size is built once in the background into storage and then served
# as a file (documents/packages.py); a smaller one is streamed with its exact Content-Length.
PSYBOOST_PACKAGE_BACKGROUND_BYTES = int(os.environ.get("PACKAGE_BACKGROUND_BYTES", str(64 * 1024 * 1024)))
# Refusals of the unit-registry import: a file larger than this, or with more rows, is not read at all.
PSYBOOST_IMPORT_MAX_BYTES = int(os.environ.get("PSYBOOST_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
PSYBOOST_IMPORT_MAX_ROWS = int(os.environ.get("PSYBOOST_IMPORT_MAX_ROWS", "20000"))
# The address people reach the site at, put in front of the links in e-mails (https://xinli.example.org).
PSYBOOST_SITE_URL = os.environ.get("PSYBOOST_SITE_URL", "")


def env_sizes(name: str) -> dict[str, int]:
    """``image=20MB,video=500MB`` (or bytes): upload size limits per family or kind of file."""
    units = {"KB": 1024, "MB": 1024**2, "GB": 1024**3}
    sizes = {}
    for item in env_list(name):
        key, _, value = item.partition("=")
        value = value.strip().upper()
        factor = next((units[suffix] for suffix in units if value.endswith(suffix)), 1)
        sizes[key.strip()] = int(value[:-2] if factor != 1 else value) * factor
    return sizes


# Upload size limits overriding the defaults of ``uploads.conf`` (image 20 MB, video 500 MB, scan 20 MB).
UPLOADS_MAX_BYTES = env_sizes("UPLOADS_MAX_BYTES")
# Demo data may be loaded only where this is true; production turns it off.
PSYBOOST_ALLOW_DEMO = env_bool("PSYBOOST_ALLOW_DEMO", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Lockout is by account *and* address (never by address alone: many units reach us through one office NAT address,
# and locking an address would lock out every colleague behind it).
SILENCED_SYSTEM_CHECKS: list[str] = []  # axes.W006 (a lockout by username alone) no longer applies

# Seconds a worker serves the public results page and JSON from memory (announcement.middleware); 0 switches it off.
PSYBOOST_PUBLIC_CACHE_SECONDS = float(os.environ.get("PSYBOOST_PUBLIC_CACHE_SECONDS", "10"))
