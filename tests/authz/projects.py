"""Entries for ``projects:*``. Objects belong to unit A (role ``unit``); another unit's user gets 403 on them (404
for its rating of a request that is not its own); experts see only the projects whose closing evaluation they are
assigned; staff and administrators see everything; signed-out visitors go to the login page. A refused form (bad
input) re-draws the page: 200."""

from django.core.files.base import ContentFile

from psyboost.projects.models import ChangeRequest, FileKind, Project, ProjectFile, Provider, ResourceRequest
from psyboost.projects.services import grant, matching
from psyboost.review.models import Assignment, Expert, PanelMember
from tests import factories
from tests.projects.helpers import JPEG_BYTES, confirm, selected_applications

from .framework import FORBIDDEN, LOGIN, NOT_FOUND, OK, Redirect, answers, entry, get, post, staff_only

# The builders may run more than once per world: each makes unit A's project once and then finds it.


def project_a(w) -> Project:
    existing = Project.objects.filter(call=w.call, unit=w.unit_a).first()
    if existing is not None:
        return existing
    staff = w.users["staff"]
    (project,) = confirm(w.call, selected_applications(w.call, [w.unit_a], staff), staff)
    return project


def paid_a(w) -> Project:
    project = project_a(w)
    if project.grant.paid_on is None:
        unit_user = w.users["unit"]
        grant.confirm_account(
            project, unit_user, account_name="甲单位", bank="工商银行", account_number="0200001234567890"
        )
        grant.sign_commitment(project, unit_user, agreed=True)
        grant.record_payment(project, w.users["staff"], paid_on="2020-08-05", payer="北京市总工会", voucher="PZ-1")
        project.refresh_from_db()
    return project


def pk(w) -> dict:
    return {"pk": project_a(w).pk}


def missing(w) -> dict:
    return {"pk": 999999}


def year(w) -> dict:
    project_a(w)
    return {"year": w.call.year}


def settings_form(w) -> dict:
    return {
        "excellent_from": "90",
        "pass_from": "60",
        "remind_days_before": "5",
        "remind_days_after": "2",
        "reviewers_per_project": "3",
        "commitment_text": "专款专用",
    }


def milestone(w) -> dict:
    project = paid_a(w)
    return {"pk": project.pk, "milestone_pk": project.milestones.first().pk}


def pending_change(w) -> dict:
    project = paid_a(w)
    change = ChangeRequest.objects.filter(project=project).first() or ChangeRequest.objects.create(
        project=project, kind="content", reason="调整", proposed={"content": "新内容"}
    )
    return {"pk": project.pk, "change_pk": change.pk}


def batch(w) -> dict:
    paid_a(w)
    return {"year": w.call.year, "number": 1}


def photo(w) -> dict:
    project = paid_a(w)
    item = ProjectFile.objects.filter(project=project).first()
    if item is None:
        activity = project.activities.create(held_on="2020-09-01", kind="lecture", title="讲座", participants=10)
        item = ProjectFile(
            project=project,
            activity=activity,
            kind=FileKind.ACTIVITY_PHOTO,
            original_name="照片.jpg",
            size=len(JPEG_BYTES),
            content_type="image/jpeg",
            sha256="0" * 64,
        )
        item.file.save("photo.jpg", ContentFile(JPEG_BYTES))
    return {"pk": item.pk}


def request_a(w) -> ResourceRequest:
    return ResourceRequest.objects.filter(unit=w.unit_a).first() or matching.file_request(
        w.unit_a, w.users["unit"], kind="guidance", need="需要专家指导"
    )


def request_pk(w) -> dict:
    return {"pk": request_a(w).pk}


def matched_request(w) -> dict:
    item = request_a(w)
    if item.state == "open":
        expert = Expert.objects.first() or factories.ExpertProfileFactory(name="对接专家")
        matching.match(item, w.users["staff"], expert_id=str(expert.pk), arrangement="电话沟通")
    return {"pk": item.pk}


def provider_pk(w) -> dict:
    provider = Provider.objects.filter(name="阳光心理").first() or Provider.objects.create(name="阳光心理")
    return {"pk": provider.pk}


def inactive_provider_pk(w) -> dict:
    provider, _created = Provider.objects.get_or_create(name="停止合作机构", defaults={"active": False})
    return {"pk": provider.pk}


def provider_url(w) -> str:
    return f"/projects/providers/{provider_pk(w)['pk']}/"


def inactive_provider_url(w) -> str:
    return f"/projects/providers/{inactive_provider_pk(w)['pk']}/"


def role_expert(w) -> Expert:
    expert = Expert.objects.filter(user=w.users["expert"]).first() or factories.ExpertProfileFactory(
        user=w.users["expert"]
    )
    PanelMember.objects.get_or_create(call=w.call, expert=expert)
    return expert


def assignment(w, expert) -> Assignment:
    found, _created = Assignment.objects.get_or_create(
        application=project_a(w).application, expert=expert, stage="closing"
    )
    return found


def assigned(w) -> dict:
    return {"pk": assignment(w, role_expert(w)).pk}


def unassigned(w) -> dict:
    role_expert(w)
    other = Expert.objects.exclude(user=w.users["expert"]).first() or factories.ExpertProfileFactory(name="另一专家")
    return {"pk": assignment(w, other).pk}


def assigned_project(w) -> dict:
    assigned(w)
    return pk(w)


DETAIL = Redirect(lambda w: f"/projects/p/{project_a(w).pk}/")
GRANT = Redirect(lambda w: f"/projects/p/{project_a(w).pk}/#grant")
MILESTONES = Redirect(lambda w: f"/projects/p/{project_a(w).pk}/#milestones")
CHANGES = Redirect(lambda w: f"/projects/p/{project_a(w).pk}/#changes")
CALL_PAGE = Redirect(lambda w: f"/projects/{w.call.year}/")
REQUESTS = Redirect("/projects/requests/")
MY_REQUESTS = Redirect("/projects/requests/mine/")
PROVIDERS = Redirect("/projects/providers/")

# Who may see a project: staff, its unit, its assigned experts.
VIEW = answers(FORBIDDEN, anonymous=LOGIN, unit=OK, staff=OK, admin=OK)
VIEW_ASSIGNED = answers(FORBIDDEN, anonymous=LOGIN, unit=OK, staff=OK, admin=OK, expert=OK)
UNIT_ACTS = answers(FORBIDDEN, anonymous=LOGIN)
UNITS = answers(FORBIDDEN, anonymous=LOGIN, unit=OK, other_unit=OK)
EXPERTS = answers(FORBIDDEN, anonymous=LOGIN, expert=OK)


def unit_only(answer) -> dict:
    return answers(FORBIDDEN, anonymous=LOGIN, unit=answer)


ENTRIES = [
    entry("projects:mine", get(UNITS)),
    entry("projects:index", get(staff_only(OK), kwargs=lambda w: project_a(w) and {})),
    entry(
        "projects:call",
        get(staff_only(OK), kwargs=year),
        get(staff_only(OK), "filtered", kwargs=year, query="stage=implementing&grant=paid"),
        get(staff_only(NOT_FOUND), "missing year", kwargs=lambda w: {"year": 1999}),
    ),
    entry("projects:export", get(staff_only(OK), kwargs=year)),
    entry(
        "projects:payments",
        get(staff_only(OK), kwargs=year),
        post(staff_only(OK), "nothing chosen", kwargs=year, data=lambda w: {"paid_on": "2020-08-05", "payer": "市总"}),
    ),
    entry("projects:disbursement", get(staff_only(OK), kwargs=batch)),
    entry(
        "projects:settings",
        get(staff_only(OK), kwargs=year),
        post(staff_only(Redirect(lambda w: f"/projects/{w.call.year}/settings/")), kwargs=year, data=settings_form),
        post(staff_only(OK), "bad input", kwargs=year, data=lambda w: {"excellent_from": "abc"}),
        get(staff_only(NOT_FOUND), "missing year", kwargs=lambda w: {"year": 1999}),
    ),
    entry("projects:assign_evaluation", post(staff_only(CALL_PAGE), kwargs=year, data=lambda w: {})),
    entry(
        "projects:detail",
        get(VIEW, kwargs=pk),
        get(VIEW_ASSIGNED, "assigned expert", kwargs=assigned_project),
        get(answers(NOT_FOUND, anonymous=LOGIN), "missing", kwargs=missing),
    ),
    entry(
        "projects:account",
        post(
            unit_only(GRANT),
            kwargs=pk,
            data=lambda w: {
                "account_name": "甲单位",
                "bank": "工商银行",
                "account_number": "0200001234567890",
                "agreed": "on",
            },
        ),
        post(unit_only(OK), "bad number", kwargs=pk, data=lambda w: {"account_number": "abc"}),
    ),
    entry("projects:receipt", post(unit_only(OK), "not paid", kwargs=pk, data=lambda w: {"received_on": "2020-08-06"})),
    entry(
        "projects:expense",
        post(unit_only(OK), "bad input", kwargs=lambda w: {"pk": paid_a(w).pk}, data=lambda w: {"amount": "-1"}),
    ),
    entry(
        "projects:activity", post(unit_only(OK), "bad input", kwargs=lambda w: {"pk": paid_a(w).pk}, data=lambda w: {})
    ),
    entry(
        "projects:milestone", post(unit_only(MILESTONES), kwargs=milestone, data=lambda w: {"done_on": "2020-08-20"})
    ),
    entry(
        "projects:change",
        post(unit_only(OK), "bad input", kwargs=lambda w: {"pk": paid_a(w).pk}, data=lambda w: {"kind": "content"}),
    ),
    entry(
        "projects:decide_change",
        post(staff_only(CHANGES), kwargs=pending_change, data=lambda w: {"decision": "approve"}),
    ),
    entry("projects:closing", get(unit_only(OK), kwargs=lambda w: {"pk": paid_a(w).pk})),
    entry("projects:check", post(staff_only(OK), "wrong stage", kwargs=pk, data=lambda w: {"decision": "accept"})),
    entry("projects:grade", post(staff_only(OK), "wrong stage", kwargs=pk, data=lambda w: {})),
    entry("projects:terminate", post(staff_only(DETAIL), kwargs=pk, data=lambda w: {"reason": "单位撤回"})),
    entry("projects:report_pdf", get(VIEW, kwargs=pk)),
    entry("projects:report_docx", get(VIEW, kwargs=pk)),
    entry("projects:archive", get(staff_only(OK), kwargs=pk)),
    entry(
        "projects:final_accounts",
        get(answers(FORBIDDEN, anonymous=LOGIN, unit=OK, staff=OK, admin=OK), kwargs=pk),
        get(
            answers(FORBIDDEN, anonymous=LOGIN, unit=OK, staff=OK, admin=OK), "assigned expert", kwargs=assigned_project
        ),
        get(answers(NOT_FOUND, anonymous=LOGIN), "missing", kwargs=missing),
    ),
    entry(
        "projects:file", get(VIEW, kwargs=photo), get(answers(NOT_FOUND, anonymous=LOGIN), "missing", kwargs=missing)
    ),
    entry("projects:requests", get(staff_only(OK), kwargs=lambda w: request_a(w) and {})),
    entry(
        "projects:my_requests",
        get(UNITS),
        post(
            answers(FORBIDDEN, anonymous=LOGIN, unit=MY_REQUESTS, other_unit=MY_REQUESTS),
            data=lambda w: {"kind": "experts", "need": "需要讲座专家"},
        ),
    ),
    entry("projects:match", post(staff_only(REQUESTS), kwargs=request_pk, data=lambda w: {"arrangement": ""})),
    entry(
        "projects:rate",
        post(
            answers(FORBIDDEN, anonymous=LOGIN, unit=MY_REQUESTS, other_unit=NOT_FOUND),
            kwargs=matched_request,
            data=lambda w: {"rating": "5"},
        ),
    ),
    entry(
        "projects:providers",
        get(staff_only(OK)),
        post(staff_only(PROVIDERS), data=lambda w: {"name": "阳光心理", "services": ["eap"]}),
    ),
    entry(
        "projects:provider",
        get(staff_only(OK), kwargs=provider_pk),
        post(staff_only(Redirect(provider_url)), kwargs=provider_pk, data=lambda w: {"name": "阳光心理"}),
        post(staff_only(OK), "bad input", kwargs=provider_pk, data=lambda w: {"name": ""}),
        get(staff_only(NOT_FOUND), "missing", kwargs=missing),
    ),
    entry(
        "projects:provider_deactivate",
        post(staff_only(Redirect(provider_url)), kwargs=provider_pk, data=lambda w: {"reason": "资质到期"}),
        post(staff_only(OK), "no reason", kwargs=provider_pk, data=lambda w: {"reason": ""}),
    ),
    entry(
        "projects:provider_reactivate",
        post(staff_only(Redirect(inactive_provider_url)), kwargs=inactive_provider_pk, data=lambda w: {}),
        post(staff_only(OK), "still active", kwargs=provider_pk, data=lambda w: {}),
    ),
    entry("projects:evaluations", get(EXPERTS)),
    entry(
        "projects:evaluate",
        get(EXPERTS, kwargs=assigned),
        get(answers(FORBIDDEN, anonymous=LOGIN, expert=NOT_FOUND), "another expert's", kwargs=unassigned),
    ),
]

ENTRIES += [
    entry(
        "projects:midterm",
        post(
            unit_only(Redirect(lambda w: f"/projects/p/{project_a(w).pk}/#midterm")),
            kwargs=lambda w: {"pk": paid_a(w).pk},
            data=lambda w: {"progress": "按计划推进"},
        ),
        post(unit_only(OK), "empty", kwargs=lambda w: {"pk": paid_a(w).pk}, data=lambda w: {}),
    ),
    entry(
        "projects:midterm_comment",
        post(
            staff_only(Redirect(lambda w: f"/projects/p/{project_a(w).pk}/#midterm")),
            kwargs=lambda w: midterm_of(w),
            data=lambda w: {"comment": "进展良好"},
        ),
    ),
    entry(
        "projects:consultation",
        post(
            staff_only(REQUESTS),
            kwargs=matched_request,
            data=lambda w: {"held_on": "2020-09-01", "who": "专家", "topic": "方案"},
        ),
    ),
]


def midterm_of(w) -> dict:
    from psyboost.projects.services import activities

    project = paid_a(w)
    if not hasattr(project, "midterm"):
        activities.submit_midterm(project, w.users["unit"], progress="按计划推进")
    return {"pk": project.pk}
