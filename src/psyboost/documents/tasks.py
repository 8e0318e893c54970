"""Background rendering of printed forms (``psyboost db_worker``): one task per application, so a big batch
progresses form by form and one failure does not stop the rest."""

from django_tasks import task

from . import printing, services


@task()
def render_application_pdf(application_id: int) -> bool:
    """Render the application's PDF and DOCX unless the stored ones are current; False when the application is
    gone."""
    application = printing.load(application_id)
    if application is None:
        return False
    form = printing.printed_form(application)
    services.ensure_pdf(application, form=form)
    services.ensure_docx(application, form=form)
    return True


@task()
def build_application_package(application_id: int, fingerprint: str) -> bool:
    """Build the application's large package into storage (``packages.build``)."""
    from . import packages

    return packages.build(application_id, fingerprint)
