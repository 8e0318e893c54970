"""The production settings, loaded in a subprocess (so nothing leaks into the test process's settings)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def production_env(tmp_path: Path, **overrides) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "PSYBOOST_", "STATIC_", "MEDIA_")) and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="psyboost.settings.production",
        SECRET_KEY="k3-" + "production-like-secret-for-the-test-only-0123456789abcdef",
        # Not connected to: `check` opens no connection; only the URL's form matters.
        DATABASE_URL="postgres://psyboost@127.0.0.1:5432/psyboost",
        ALLOWED_HOSTS="psyboost.example.org",
        PSYBOOST_HOME=str(tmp_path),
        PSYBOOST_SITE_URL="https://psyboost.example.org",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        DEFAULT_FROM_EMAIL="psyboost@example.org",
        PSYBOOST_AUDIT_KEY="audit-" + "key-for-the-test-only-0123456789abcdef",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run(args: list[str], env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout)


def psyboost(*args: str, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "psyboost", *args], env, timeout)


def test_check_deploy_passes_without_a_single_warning(tmp_path):
    done = psyboost("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in done.stderr and "?: (" not in done.stderr


@pytest.mark.parametrize(
    ("overrides", "problems"),
    [
        ({"PSYBOOST_SITE_URL": None}, ["psyboost.E001"]),
        ({"PSYBOOST_SITE_URL": "http://psyboost.example.org"}, ["psyboost.E001"]),
        ({"ALLOWED_HOSTS": "*"}, ["psyboost.E002"]),
        ({"EMAIL_BACKEND": None, "DEFAULT_FROM_EMAIL": None}, ["psyboost.E003", "psyboost.E004"]),
        ({"UPLOADS_MAX_BYTES": "video=0MB"}, ["psyboost.E005"]),
        ({"PSYBOOST_AUDIT_KEY": None}, ["psyboost.E006"]),
        ({"PSYBOOST_AUDIT_KEY": "x" * 40}, ["psyboost.E006"]),
        ({"PSYBOOST_AUDIT_KEY": "k3-production-like-secret-for-the-test-only-0123456789abcdef"}, ["psyboost.E006"]),
    ],
)
def test_check_deploy_fails_on_each_missing_or_unsafe_value(tmp_path, overrides, problems):
    done = psyboost("check", "--deploy", env=production_env(tmp_path, **overrides))
    assert done.returncode == 1
    found = sorted(word.strip(":()") for word in done.stderr.split() if word.startswith("(psyboost.E"))
    assert found == problems, done.stderr


def test_upload_limits_come_from_the_environment(tmp_path):
    script = "import django; django.setup(); from django.conf import settings as s; print(s.UPLOADS_MAX_BYTES)"
    done = run([sys.executable, "-c", script], production_env(tmp_path, UPLOADS_MAX_BYTES="video=300MB,scan=5242880"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "{'video': 314572800, 'scan': 5242880}"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "x" * 50}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "django-insecure-" + "k3-production-like-secret-0123456789abcdef"}, "SECRET_KEY must be set"),
        ({"DATABASE_URL": None}, "DATABASE_URL must be set"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(tmp_path, overrides, message):
    done = psyboost("check", env=production_env(tmp_path, **overrides))
    assert done.returncode == 1
    assert f"ImproperlyConfigured: {message}" in done.stderr


def test_the_values_production_relies_on(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.PSYBOOST_ALLOW_DEMO, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_PROXY_SSL_HEADER, s.STORAGES['staticfiles']['BACKEND'], s.DATABASES['default']['ENGINE'], "
        "s.TIME_ZONE, s.LANGUAGE_CODE)"
    )
    done = run([sys.executable, "-c", script], production_env(tmp_path, PSYBOOST_ALLOW_DEMO="true"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "False",
        "False",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django.db.backends.postgresql",
        "Asia/Shanghai",
        "zh-hans",
    ]


def test_collectstatic_then_pages_and_hashed_static_files_are_served_by_whitenoise(tmp_path):
    """The real sequence of a deployment, on SQLite: migrate, collectstatic, then a page and its CSS through WSGI."""
    env = production_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert psyboost("migrate", "--no-input", "-v", "0", env=env).returncode == 0
    collected = psyboost("collectstatic", "--no-input", "-v", "0", env=env)
    assert collected.returncode == 0, collected.stderr
    assert (tmp_path / "var" / "static" / "staticfiles.json").is_file()
    script = """
import re
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="psyboost.example.org")
insecure = client.get("/accounts/login/")
print(insecure.status_code, insecure["Location"])
page = client.get("/accounts/login/", secure=True)
print(page.status_code)
for path in re.findall(r'/static/psyboost/[^"]+', page.content.decode()):
    static = client.get(path, secure=True, HTTP_ACCEPT_ENCODING="gzip")
    print(path.rsplit("/", 1)[1], static.status_code, static["Cache-Control"], static.get("Content-Encoding"), sep="|")
"""
    done = run([sys.executable, "-c", script], env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "301 https://psyboost.example.org/accounts/login/"
    assert lines[1] == "200"
    served = [line.split("|") for line in lines[2:]]
    names = [row[0] for row in served]
    assert any(name.startswith("psyboost.") and name.endswith(".css") for name in names), names
    assert any(name.startswith("psyboost.") and name.endswith(".js") for name in names), names
    for name, status, cache_control, encoding in served:
        # text is served compressed; an already compressed image (the favicon.ico's PNGs) may be served as it is
        expected = "gzip" if name.endswith((".css", ".js", ".svg")) else encoding
        assert (status, cache_control, encoding) == ("200", "max-age=315360000, public, immutable", expected), name
    assert any(name.startswith("favicon.") and name.endswith(".svg") for name in names), names


def test_gunicorn_loads_the_config_and_the_application(tmp_path):
    done = run(
        [str(GUNICORN), "--check-config", "--config", str(REPO / "deploy" / "gunicorn.conf.py"), "psyboost.wsgi"],
        production_env(tmp_path),
    )
    assert done.returncode == 0, done.stderr
