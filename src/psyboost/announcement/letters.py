"""The selection letter (入选通知书): a PDF per selected application with 编号, 单位, 项目名称 and 助推资金, and a
verification code anyone can check on the public page. Rendered in the background after the confirmation and
stored; a download renders it if it is not there yet."""

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.core.pdf import FONT_URL, html_to_pdf

SALT = "psyboost.announcement.letter"


def verification_code(application: Application) -> str:
    """A short code bound to the application and its call's confirmation (not guessable from another's)."""
    confirmation = application.call.results_confirmation
    value = signing.Signer(salt=SALT).sign(f"{application.pk}.{confirmation.verification}")
    return value.rsplit(":", 1)[1][:12].upper()


def storage_name(application: Application) -> str:
    """Named after the confirmation too: a letter of another confirmation (a test database, a restored copy) is
    never served in its place."""
    verification = application.call.results_confirmation.verification
    return f"announcement/letters/{application.call.year}/{application.display_number}-{verification}.pdf"


def render_letter(application: Application) -> bytes:
    from .services.publishing import day_text, project_name

    confirmation = application.call.results_confirmation
    context = {
        "font_url": FONT_URL,
        "application": application,
        "call": application.call,
        "project_name": project_name(application),
        "grant": f"{application.call.grant_amount:,.2f}",
        "code": verification_code(application),
        "issued_on": day_text(timezone.localtime(confirmation.confirmed_at).date()),
        "publisher": application.call.announcement_settings.publisher
        if hasattr(application.call, "announcement_settings")
        else "北京市总工会",
    }
    return html_to_pdf(render_to_string("announcement/letter_pdf.html", context))


def ensure_letter(application_id: int) -> bool:
    application = Application.objects.select_related("call", "unit").filter(pk=application_id).first()
    if application is None or application.state != State.SELECTED:
        return False
    name = storage_name(application)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render_letter(application)))
    return True


def letter_bytes(application: Application) -> bytes:
    ensure_letter(application.pk)
    with default_storage.open(storage_name(application), "rb") as handle:
        return handle.read()
