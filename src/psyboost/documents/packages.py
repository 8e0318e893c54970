"""Big packages built once: an application whose attachments pass ``PSYBOOST_PACKAGE_BACKGROUND_BYTES`` gets its
申报材料 ZIP written by the task worker into storage (``BuiltPackage``), with its progress, and every later
download is a stored file (sent by nginx or S3, see ``uploads.downloads``) — no web worker is tied to a slow line
for minutes, and gunicorn's timeout never cuts a package. The package is built again only when its content
changes: ``fingerprint_of`` hashes the printed form's fingerprint and every attachment's stored name and size.
"""

import hashlib
import json
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from psyboost.applications.models import Application, Attachment
from psyboost.audit.services import record
from psyboost.uploads.conf import temp_dir

from . import package, printing, services
from .models import BuiltPackage

# A build still "building" after this long is taken for lost (the worker stopped) and requested again.
LOST_AFTER = timedelta(hours=1)
# A failed build is shown as failed for this long (the page says so); a request after that tries again.
RETRY_AFTER = timedelta(minutes=1)
PROGRESS_EVERY = 16 * 1024 * 1024


def attachments_size(application: Application) -> int:
    return Attachment.objects.filter(application=application).aggregate(total=Sum("size"))["total"] or 0


def needs_background(application: Application) -> bool:
    return attachments_size(application) >= settings.PSYBOOST_PACKAGE_BACKGROUND_BYTES


def fingerprint_of(application: Application, form: printing.PrintedForm) -> str:
    attachments = list(
        Attachment.objects.filter(application=application).order_by("pk").values_list("pk", "kind", "file", "size")
    )
    content = [form.fingerprint(), package.package_name(application), attachments]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, default=str).encode()).hexdigest()


def request_build(application: Application, actor, form: printing.PrintedForm | None = None, now=None):
    """The application's package as it is now: ready, or being built (queued here if not yet)."""
    now = now or timezone.now()
    form = form or printing.printed_form(application)
    fingerprint = fingerprint_of(application, form)
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()
        build = BuiltPackage.objects.filter(application=application).first()
        if build is not None and build.fingerprint == fingerprint:
            if build.state == BuiltPackage.State.READY and build.file and default_storage.exists(build.file.name):
                return build
            if build.state == BuiltPackage.State.BUILDING and build.requested_at > now - LOST_AFTER:
                return build
            if (
                build.state == BuiltPackage.State.FAILED
                and (build.finished_at or build.requested_at) > now - RETRY_AFTER
            ):
                return build
        stale_name = build.file.name if build is not None and build.file else ""
        build = build or BuiltPackage(application=application)
        build.fingerprint, build.state, build.file = fingerprint, BuiltPackage.State.BUILDING, ""
        build.total_bytes, build.done_bytes = attachments_size(application), 0
        build.requested_at, build.finished_at = now, None
        build.save()
        if stale_name:
            transaction.on_commit(lambda: default_storage.delete(stale_name))
        record(actor, "documents.package_requested", application, fingerprint=fingerprint)
        from .tasks import build_application_package

        transaction.on_commit(lambda: build_application_package.enqueue(application.pk, fingerprint))
    return build


def build(application_id: int, fingerprint: str) -> bool:
    """Write the package of ``fingerprint`` into storage; False when the application changed meanwhile (a newer
    request builds the newer package) or is gone."""
    application = printing.load(application_id)
    if application is None:
        return False
    form = printing.printed_form(application)
    if fingerprint_of(application, form) != fingerprint:
        return False
    rows = BuiltPackage.objects.filter(application_id=application_id, fingerprint=fingerprint)
    try:
        members = package.package_members(
            application, services.ensure_pdf(application, form=form), services.ensure_docx(application, form=form)
        )
        total = package.zip_length(members)
        rows.update(total_bytes=total, done_bytes=0)
        with tempfile.TemporaryFile(dir=temp_dir()) as scratch:
            done = reported = 0
            for chunk in package.stream_zip(members):
                scratch.write(chunk)
                done += len(chunk)
                if done - reported >= PROGRESS_EVERY:
                    rows.update(done_bytes=done)
                    reported = done
            if done != total:
                raise OSError(f"package of {done} bytes, expected {total}")
            scratch.seek(0)
            with transaction.atomic():
                stored = rows.select_for_update().first()
                if stored is None:
                    return False  # requested again for newer content meanwhile
                stored.file.save("package.zip", File(scratch), save=False)
                stored.state, stored.done_bytes, stored.finished_at = BuiltPackage.State.READY, done, timezone.now()
                stored.save()
    except Exception:
        rows.update(state=BuiltPackage.State.FAILED, finished_at=timezone.now())
        raise
    return True
