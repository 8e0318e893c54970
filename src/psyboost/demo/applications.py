"""Demo applications in every state, through the real services and workflow, acting at realistic past times.

- 2020 (closed, its real dates): 75 applications — 63 accepted (3 of them after a return and a resubmission within
  an extension), 4 rejected, 4 returned (with a lapsed extension), 4 submitted and not yet screened. Submitted
  June–July 2020, screened late July–August 2020; accepted ones have their paper copy recorded.
- The current year's open call: ``unit001``'s application complete and submitted (it shows on the unit's page with
  its 编号, and its printed form and package can be downloaded), a few more submitted, accepted, returned, and
  drafts at every stage of completion (complete, sections 一–二, section 一 only, just started).

Files: generated photos, screenshots and the signed page (``files``), and for some a short activity video (``video``).

The services stamp their rows with the real clock; the timeline (``Transition.at``), the versions' and attachments'
times are then set to the moment the demo acts at, so the pages read like the year they show. The state itself is
only ever changed by the services. Matched by (call, unit): an application that exists is left as it is.
"""

import hashlib
import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile

from psyboost.applications import services
from psyboost.applications.choices import AttachmentKind
from psyboost.applications.models import Application, Attachment, Extension, Transition, Version
from psyboost.audit.services import record

from . import application_texts as texts
from . import files
from .accounts import unit_username
from .base import BEIJING, DemoContext, StepReport
from .calls import SEED_YEAR

SEED = 20200720
# The fates of the 2020 call's applications (unit001's is the first "accepted").
FATES_2020 = {"accepted": 60, "resubmitted": 3, "rejected": 4, "returned": 4, "submitted": 4}
# The current call: unit001 is "submitted" and comes first; the others are drawn.
FATES_CURRENT = {"submitted": 5, "accepted": 2, "returned": 1, "complete": 4, "foundation": 4, "basic": 5, "new": 3}
# Why staff return an application, and what the unit then changes before resubmitting (shown by the version diff).
RETURN_REASONS = [
    ("场地照片不够清晰，请补充各功能分区的照片。", "photos"),
    ("联系人座机号码有误，请核实后重新提交。", {"contact_landline": "010-65281234"}),
    ("项目预期效果过于笼统，请补充可量化的目标。", {"expected_results": "职工心理健康知识知晓率达到95%；"
     "重点岗位职工心理测评覆盖率100%；团体辅导不少于8期、每期12人以上；职工满意度不低于90%。"}),
    ("服务对象表述不清，请写明具体岗位和人数范围。", {"beneficiaries": "一线倒班运行职工及班组长"}),
]  # fmt: skip
ACTIVITIES = ["团体心理辅导活动", "职工减压工作坊", "心理健康讲座现场", "正念放松训练"]
REJECT_REASONS = [
    "申报项目内容为职工健康体检，不属于职工心理服务范围。",
    "纸质版材料未加盖本级工会公章，且逾期未补正。",
    "同一集团下属单位已申报相同项目，按评选办法只受理一项。",
    "申报项目与上一年度已获助推的项目内容重复。",
]


def load(context: DemoContext) -> StepReport:
    staff = context.users["staff"]
    plans = plan(context)
    existing = set(Application.objects.filter(call__in=context.calls.values()).values_list("call_id", "unit_id"))
    report = StepReport()
    events = []
    for year, index, fate in plans:
        call, unit = context.calls[year], context.units[index]
        if (call.pk, unit.pk) in existing:
            report.unchanged += 1
            continue
        user = context.users[unit_username(index + 1)]
        rng = random.Random(f"{year}-{unit.name}")
        moments = (
            timeline(rng, call, fate, context.now)
            if year == SEED_YEAR
            else current_timeline(rng, call, fate, context.now)
        )
        application = build(rng, call, unit, user, fate, moments["created"])
        events += [(moment, application.pk, action, user) for action, moment in moments.items() if action != "created"]
        report.created += 1
    for moment, pk, action, user in sorted(events, key=lambda event: (event[0], event[1])):
        act(Application.objects.get(pk=pk), action, user, staff, moment)
    if report.created:
        record(None, "applications.demo_loaded", created=report.created, calls=sorted({y for y, _i, _f in plans}))
    return report


def plan(context: DemoContext) -> list[tuple[int, int, str]]:
    """(call year, unit index, fate) for every demo application, the same on every run."""
    rng = random.Random(SEED)
    count = len(context.units)
    plans = []
    if SEED_YEAR in context.calls:
        chosen = [0, *rng.sample(range(1, count), sum(FATES_2020.values()) - 1)]
        fates = [fate for fate, n in FATES_2020.items() for _ in range(n)]
        plans += [(SEED_YEAR, index, fate) for index, fate in zip(chosen, fates, strict=True)]
    current = max(context.calls)
    if current != SEED_YEAR:
        chosen = [0, *rng.sample(range(1, count), sum(FATES_CURRENT.values()))]
        fates = ["submitted", *[fate for fate, n in FATES_CURRENT.items() for _ in range(n)]]
        plans += [(current, index, fate) for index, fate in zip(chosen, fates, strict=True)]
    return plans


def _beijing(day, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BEIJING)


def _office_time(rng: random.Random, first, last) -> datetime:
    """A working-hours moment between two dates (inclusive)."""
    day = first + timedelta(days=rng.randint(0, (last - first).days))
    return _beijing(day, rng.randint(9, 17), rng.randint(0, 59))


def timeline(rng: random.Random, call, fate: str, now: datetime) -> dict:
    """What happens to a 2020 application, and when (Beijing time; the deadline was 20 July 2020)."""
    day = call.deadline.astimezone(BEIJING).date()
    if fate in ("resubmitted", "returned"):
        submitted = _office_time(rng, day - timedelta(days=30), day - timedelta(days=8))
    else:
        submitted = _office_time(rng, day - timedelta(days=40), day)
    moments = {"created": submitted - timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 5))}
    moments["submit"] = submitted
    if fate == "accepted":
        moments["accept"] = _office_time(rng, day + timedelta(days=2), day + timedelta(days=18))
    elif fate == "rejected":
        moments["reject"] = _office_time(rng, day + timedelta(days=1), day + timedelta(days=5))
    elif fate in ("returned", "resubmitted"):
        moments["return"] = _office_time(rng, day + timedelta(days=1), day + timedelta(days=2))
        if fate == "resubmitted":
            moments["resubmit"] = _office_time(rng, day + timedelta(days=6), day + timedelta(days=9))
            moments["accept"] = _office_time(rng, day + timedelta(days=13), day + timedelta(days=17))
    if fate in ("accepted", "resubmitted", "rejected", "submitted"):
        moments["paper"] = submitted + timedelta(days=rng.randint(1, 4))
    return moments


def current_timeline(rng: random.Random, call, fate: str, now: datetime) -> dict:
    """The open call: everything happened between its opening and now (or its deadline, if that has passed)."""
    start, end = call.opens_at, min(now, call.deadline) - timedelta(minutes=5)
    span = end - start

    def at(low: float, high: float) -> datetime:
        return start + span * rng.uniform(low, high)

    moments = {"created": at(0.0, 0.2)}
    if fate in ("submitted", "accepted", "returned"):
        moments["submit"] = at(0.25, 0.6)
    if fate == "accepted":
        moments["paper"] = at(0.62, 0.68)
        moments["accept"] = at(0.7, 0.95)
    elif fate == "returned":
        moments["return"] = at(0.7, 0.95)
    return moments


def build(rng: random.Random, call, unit, user, fate: str, created: datetime) -> Application:
    """The draft as the unit left it before anything was submitted: its content and files for its fate."""
    typing = max(created, call.opens_at) + timedelta(minutes=1)  # the form is open only inside the call
    application = services.get_or_create_draft(call, unit, user, now=typing)
    if fate != "new":
        fields, rows = texts.form_content(rng, unit, call)
        if fate == "basic":
            fields, rows = texts.basic(rng, unit), {}
        elif fate == "foundation":
            fields = {**texts.basic(rng, unit), **texts.foundation(rng, call)[0]}
            rows = {kind: rows[kind] for kind in ("functional_areas", "equipment", "psych_workers")}
        services.save_draft(application, fields, rows, expected_version=application.version, actor=user, now=typing)
        attach_files(rng, application, user, fate, rows)
    Application.objects.filter(pk=application.pk).update(created_at=created)
    Attachment.objects.filter(application=application).update(uploaded_at=created + timedelta(hours=2))
    return application


def attach_files(rng: random.Random, application, user, fate: str, rows: dict) -> None:
    if fate == "basic":
        return
    seed = rng.randrange(10**6)
    for position, area in enumerate(rows.get("functional_areas", [])[:3]):
        data = files.room_photo(seed % 40 + position, f"场地照片 · {area['name']}")
        _attach(application, AttachmentKind.SITE_PHOTO, f"{area['name']}.jpg", data, user)
    for position, item in enumerate(rows.get("equipment", [])[:2]):
        data = files.equipment_photo(
            seed % 30 + position, f"设备照片 · {item['name']}", texts.equipment_shape(item["name"])
        )
        _attach(application, AttachmentKind.EQUIPMENT_PHOTO, f"{item['name']}.jpg", data, user)
    if fate == "foundation":
        return
    if rng.random() < 0.5:
        _attach(
            application,
            AttachmentKind.SCREENSHOT,
            "活动通知截图.jpg",
            files.screenshot(seed % 10, "心理健康讲座通知"),
            user,
        )
    if user.username == "unit001" or rng.random() < 0.25:
        caption = rng.choice(ACTIVITIES)
        data = files.activity_video(seed % 8, caption)
        _attach(application, AttachmentKind.ACTIVITY_VIDEO, f"{caption}.mp4", data, user, "video/mp4")
    if fate != "complete":
        data = files.signed_page(seed % 20, application.unit.name)
        _attach(application, AttachmentKind.SIGNED_SCAN, "申报表签字盖章页.jpg", data, user)


def _attach(application, kind: str, name: str, data: bytes, user, content_type: str = "image/jpeg") -> Attachment:
    attachment = Attachment(
        application=application,
        kind=kind,
        original_name=name,
        size=len(data),
        content_type=content_type,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
    )
    attachment.file.save("demo", ContentFile(data), save=False)
    attachment.save()
    return attachment


def act(application: Application, action: str, user, staff, moment: datetime) -> None:
    """One event of the timeline, through the services; then the rows it wrote are dated ``moment``."""
    rng = random.Random(f"{application.pk}-{action}")
    if action in ("submit", "resubmit"):
        if action == "resubmit":
            revise(application, user, moment - timedelta(hours=2))
            Attachment.objects.filter(application=application, uploaded_at__gt=moment).update(
                uploaded_at=moment - timedelta(hours=1)
            )
        services.submit(application, user, now=moment)
        _date_latest(Version.objects.filter(application=application), "created_at", moment)
    elif action == "accept":
        services.accept(application, staff)
    elif action == "reject":
        services.reject(application, staff, rng.choice(REJECT_REASONS))
    elif action == "return":
        until = None
        if moment > application.call.deadline:
            until = datetime.combine(moment.astimezone(BEIJING).date() + timedelta(days=10), time(23, 59, 59), BEIJING)
        reason, _fix = rng.choice(RETURN_REASONS)
        services.return_for_revision(application, staff, reason, until=until, now=moment)
        Extension.objects.filter(call=application.call, unit=application.unit).update(granted_at=moment)
    elif action == "paper":
        received = moment.astimezone(BEIJING).date()
        services.record_paper_copy(application, received, True, True, staff, now=moment)
        return
    _date_latest(Transition.objects.filter(application=application), "at", moment)


def revise(application: Application, user, moment: datetime) -> None:
    """What the unit changes after a return: what the reason asked for (the same choice ``act`` made)."""
    _reason, fix = random.Random(f"{application.pk}-return").choice(RETURN_REASONS)
    if fix == "photos":
        for position, area in enumerate(application.functional_areas.all()[:2]):
            data = files.room_photo(50 + application.pk % 30 + position, f"场地照片 · {area.name}（补充）")
            _attach(application, AttachmentKind.SITE_PHOTO, f"补充-{area.name}.jpg", data, user)
        return
    services.save_draft(application, fix, expected_version=application.version, actor=user, now=moment)


def _date_latest(rows, field: str, moment: datetime) -> None:
    """Give the newest of ``rows`` (the one the service just wrote) the time the demo acts at."""
    latest = list(rows.order_by("-pk").values_list("pk", flat=True)[:1])
    rows.model.objects.filter(pk__in=latest).update(**{field: moment})
