"""Background rendering of printed forms (``psyboost db_worker``): one task per application, so a big batch
progresses form by form and one failure does not stop the rest."""

from django_tasks import task

from . import printing, services


@task()
def render_application_pdf(application_id: int) -> bool:
    """Render the application's PDF unless the stored one is current; False when the application is gone."""
    application = printing.load(application_id)
    if application is None:
        return False
    services.ensure_pdf(application)
    return True
