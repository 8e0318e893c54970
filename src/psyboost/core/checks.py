"""What a production deployment must set, checked by ``psyboost check --deploy`` (run before the service starts,
``ExecStartPre`` in deploy/psyboost.service): every value comes from the environment (docs/deployment.md), and a
missing or unsafe one stops the deployment here instead of misbehaving later."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

PRINTING_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
)


@register(Tags.security, deploy=True)
def check_deployment_values(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    site = urlsplit(settings.PSYBOOST_SITE_URL)
    if site.scheme != "https" or not site.netloc:
        errors.append(
            Error(
                "PSYBOOST_SITE_URL must be the site's https:// address: the links in e-mails are built from it.",
                hint="PSYBOOST_SITE_URL=https://psyboost.example.org in /etc/psyboost/env",
                id="psyboost.E001",
            )
        )
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        errors.append(Error("ALLOWED_HOSTS must name the site's hosts, without '*'.", id="psyboost.E002"))
    if settings.EMAIL_BACKEND in PRINTING_BACKENDS:
        errors.append(
            Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}: notices would never reach anyone.",
                hint="EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST and its account",
                id="psyboost.E003",
            )
        )
    if settings.DEFAULT_FROM_EMAIL.endswith("@localhost"):
        errors.append(Error("DEFAULT_FROM_EMAIL must be a real sender address.", id="psyboost.E004"))
    if any(not isinstance(size, int) or size <= 0 for size in settings.UPLOADS_MAX_BYTES.values()):
        errors.append(Error("UPLOADS_MAX_BYTES must give positive sizes (image=20MB,video=500MB).", id="psyboost.E005"))
    if not is_a_real_audit_key(settings.PSYBOOST_AUDIT_KEY, settings.SECRET_KEY):
        errors.append(
            Error(
                "PSYBOOST_AUDIT_KEY must be set to at least 32 random characters of its own (not SECRET_KEY): it keys "
                "the audit trail's hash chain.",
                hint='python3 -c "import secrets; print(secrets.token_urlsafe(48))", kept also off the database host',
                id="psyboost.E006",
            )
        )
    return errors


def is_a_real_audit_key(key: str, secret_key: str) -> bool:
    return len(key) >= 32 and len(set(key)) >= 10 and not key.startswith("dev-only") and key != secret_key
