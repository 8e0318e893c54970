"""Funded projects as the announcement makes them: applications moved to 已入选 by the workflow, then the
``results_confirmed`` signal sent (as the announcement's confirmation does)."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from psyboost.announcement.signals import results_confirmed
from psyboost.applications import workflow as application_workflow
from psyboost.applications.models import Version
from psyboost.applications.versions import snapshot
from psyboost.calls.models import Call
from psyboost.projects.models import Project
from psyboost.projects.services import grant
from tests import factories
from tests.uploads import samples

PDF_BYTES = samples.pdf()
JPEG_BYTES = samples.jpeg()


def selected_applications(call, units, staff):
    applications = []
    for unit in units:
        application = factories.AcceptedApplicationFactory(call=call, unit=unit, with_photos=False)
        factories.ScheduleItemFactory(
            application=application, position=1, period="2020年9月—11月", content="讲座与团体辅导"
        )
        factories.ScheduleItemFactory(application=application, position=2, period="2020年12月", content="总结评估")
        Version.objects.create(application=application, number=1, data=snapshot(application))
        application_workflow.transition(application, application_workflow.State.SELECTED, staff)
        applications.append(application)
    return applications


def confirm(call, applications, staff) -> list[Project]:
    results_confirmed.send(sender=Call, call=call, selected=applications, actor=staff)
    return list(Project.objects.filter(application__in=applications).order_by("rank"))


def make_projects(call, staff, count=1, names=None) -> list[Project]:
    names = names or [f"测试单位{i:03d}" for i in range(count)]
    units = [factories.UnitFactory(name=name) for name in names]
    return confirm(call, selected_applications(call, units, staff), staff)


def ready(project, unit_user):
    grant.confirm_account(
        project,
        unit_user,
        account_name=project.unit.name,
        bank="工商银行北京分行",
        account_number="0200 0012 3456 7890",
    )
    grant.sign_commitment(project, unit_user, agreed=True)


def paid(project, unit_user, staff, voucher="PZ-001", day=date(2020, 8, 5)):
    ready(project, unit_user)
    grant.record_payment(project, staff, paid_on=day.isoformat(), payer="北京市总工会", voucher=voucher)
    project.refresh_from_db()
    return project


def pdf(name="scan.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def jpeg(name="photo.jpg"):
    return SimpleUploadedFile(name, JPEG_BYTES, content_type="image/jpeg")


GRANT = Decimal("20000.00")
