"""Every change to an application: drafts, submission, the staff formal check, extensions, the paper copy.

Plain arguments, never the request. Each change writes the audit trail; state changes go through ``workflow``.
"""

import re
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.accounts.rules import is_federation_staff
from psyboost.audit.services import record
from psyboost.core.actors import acting_user
from psyboost.core.clock import beijing_text

from . import extension_requests, values, workflow
from .checks import check_application, errors
from .errors import ApplicationError, NotEditable, NotEligible, StaleDraft, SubmissionRefused
from .models import ROW_MODELS, Application, DraftSave, Extension, NumberSequence, PaperCopy, Version
from .sections import FORM_FIELDS, label
from .versions import diff_versions, row_values, snapshot, to_json
from .workflow import State

__all__ = [
    "accept",
    "diff_versions",
    "effective_deadline",
    "get_or_create_draft",
    "grant_extension",
    "record_paper_copy",
    "reject",
    "return_for_revision",
    "save_draft",
    "submission_blockers",
    "submit",
    "why_not_open",
]


def is_eligible(call, unit) -> bool:
    return call.admits(unit)


def _require_eligible(call, unit) -> None:
    if not is_eligible(call, unit):
        raise NotEligible(
            _("%(unit)s不在本年度申报范围内：须为%(first)d—%(last)d年被命名的“职工心灵驿站”。")
            % {"unit": unit.name, "first": call.named_year_from, "last": call.named_year_to}
        )


# --- drafts -------------------------------------------------------------------------------------------------------


def _prefill(unit) -> dict:
    """What the registry already knows about the unit, to start the form with."""
    initial = {
        "district_union": unit.district_union,
        "parent_union": unit.parent_union,
        "contact_name": unit.contact_name,
        "contact_email": unit.contact_email,
        "address": unit.address,
    }
    for piece in re.split(r"[,，;；/、\s]+", unit.contact_phone or ""):
        for field, parse in (("contact_mobile", values.parse_mobile), ("contact_landline", values.parse_landline)):
            try:
                phone = parse(piece)
            except values.ValueProblem:
                continue
            if phone and field not in initial:
                initial[field] = phone
    return initial


def get_or_create_draft(call, unit, actor, now: datetime | None = None) -> Application:
    """The unit's application to ``call``; a new draft prefilled from the registry if it has none yet (only while
    the call is open for the unit)."""
    existing = Application.objects.filter(call=call, unit=unit).first()
    if existing is not None:
        return existing
    _require_eligible(call, unit)
    closed = why_not_open(call, unit, now)
    if closed:
        raise NotEligible(closed[0])
    application, created = Application.objects.get_or_create(call=call, unit=unit, defaults=_prefill(unit))
    if created:
        record(actor, "applications.created", application, call=call.year)
    return application


NUL_REFUSED = ProhibitNullCharactersValidator(
    message=gettext_lazy("内容中含有不可见的控制字符（NUL），请删除后重新输入。")
)


def _clean_changes(application: Application, changes: dict) -> dict:
    unknown = set(changes) - set(FORM_FIELDS)
    if unknown:
        raise ValueError(f"not form fields: {sorted(unknown)}")
    cleaned, problems = {}, {}
    for name, value in changes.items():
        field = Application._meta.get_field(name)
        if value is None and not field.null:
            value = False if isinstance(field, models.BooleanField) else ""
        try:
            NUL_REFUSED(value)  # no database stores it (PostgreSQL refuses it outright)
            cleaned[name] = field.clean(value, application)
        except ValidationError as error:
            problems[name] = error.messages
    if problems:
        raise ValidationError(problems)
    return cleaned


def _build_rows(application: Application, kind: str, items: list[dict]) -> list:
    model = ROW_MODELS[kind]
    built, problems = [], {}
    for index, item in enumerate(items):
        unknown = set(item) - set(model.columns)
        if unknown:
            raise ValueError(f"not columns of {kind}: {sorted(unknown)}")
        data = {column: item.get(column) for column in model.columns}
        for column, value in data.items():
            if value is None and not model._meta.get_field(column).null:
                data[column] = ""
        if isinstance(data.get("birth_month"), date):
            data["birth_month"] = data["birth_month"].replace(day=1)
        row = model(application=application, position=index, **data)
        for column, value in data.items():
            try:
                NUL_REFUSED(value)
            except ValidationError as error:
                problems[f"{kind}-{index}-{column}"] = error.messages
        try:
            row.clean_fields(exclude=["application"])
        except ValidationError as error:
            for column, messages in error.message_dict.items():
                problems.setdefault(f"{kind}-{index}-{column}", messages)
        built.append(row)
    if problems:
        raise ValidationError(problems)
    return built


def _who(save, actor) -> str:
    """Who made ``save``, as the user trying to save reads it: their own save (another tab or window) is theirs."""
    if acting_user(actor) is not None and save.actor_id == actor.pk:
        return _("您本人（在另一个窗口或标签页中）")
    return str(save.actor)


def _stale(application: Application, expected_version: int, actor=None) -> StaleDraft:
    saves = DraftSave.objects.filter(application=application, version__gt=expected_version).select_related("actor")
    changed = {name for save in saves for name in save.fields}
    order = [*FORM_FIELDS, *ROW_MODELS]
    fields = [name for name in order if name in changed]
    actors = list(dict.fromkeys(_who(save, actor) for save in saves if save.actor is not None))
    return StaleDraft(fields, [label(name) for name in fields], application.version, actors)


def _conflicts(application: Application, names: list[str], actor) -> StaleDraft:
    """The fields this save changed that were also changed by another save since this tab read them, and who made
    the latest of those saves."""
    order = [*FORM_FIELDS, *ROW_MODELS]
    fields = [name for name in order if name in names]
    saves = DraftSave.objects.filter(application=application).select_related("actor").order_by("-version")[:50]
    actors = []
    for name in fields:
        last = next((save for save in saves if name in save.fields and save.actor is not None), None)
        if last is not None:
            actors.append(_who(last, actor))
    actors = list(dict.fromkeys(actors))
    return StaleDraft(fields, [label(name) for name in fields], application.version, actors)


def _same(value, saved) -> bool:
    """A typed cell against its saved JSON value (``Decimal("6")`` is the saved "6.00")."""
    if isinstance(value, Decimal) and saved is not None:
        return value == Decimal(saved)
    return to_json(value) == saved


def _keep_saved_cells(kind: str, saved: list[dict], items: list[dict]) -> list[dict]:
    """A row may come without some of its cells (the form leaves out a cell it could not read). When the row is
    otherwise as saved at its place, the missing cell keeps its saved value; otherwise it is stored empty."""
    columns = ROW_MODELS[kind].columns
    kept = []
    for index, item in enumerate(items):
        missing = [column for column in columns if column not in item]
        if missing and index < len(saved):
            before = saved[index]
            if all(_same(item[column], before[column]) for column in columns if column in item):
                item = {**item, **{column: before[column] for column in missing}}
        kept.append(item)
    return kept


def _refuse_overlaps(locked, changed, changed_rows, base, saved_rows, actor) -> None:
    """``StaleDraft`` for the fields and tables this save changes whose saved value is no longer the tab's base."""
    overlaps = []
    for name in changed:
        if name in base and getattr(locked, name) != _clean_changes(locked, {name: base[name]})[name]:
            overlaps.append(name)
    for kind in changed_rows:
        if kind in base:
            started = row_values(kind, _build_rows(locked, kind, base[kind]))
            if started != saved_rows[kind]:
                overlaps.append(kind)
    if overlaps:
        raise _conflicts(locked, overlaps, actor)


def _new_people(before, after) -> bool:
    """Whether the 心理工作人员 table now lists a name it did not list before (their consent is not confirmed yet)."""
    known = {row["name"].strip() for row in before}
    return any(row["name"].strip() and row["name"].strip() not in known for row in after)


@transaction.atomic
def save_draft(
    application: Application,
    changes: dict,
    rows: dict | None = None,
    expected_version: int | None = None,
    actor=None,
    now: datetime | None = None,
    base: dict | None = None,
) -> Application:
    """Save what the unit typed: ``changes`` (field → clean value) and whole tables in ``rows`` (table → list of
    column dicts, in order). With ``base`` (the same names → the values this tab started from, tables as lists of
    column dicts), only what differs from its base is the tab's own change: it is written whatever other saves
    landed meanwhile, and refused with ``StaleDraft`` only for a field or table another save changed too (the
    version is not compared). Without ``base``, refused with ``StaleDraft`` when another save landed after
    ``expected_version``;
    ``ValidationError`` (keyed by field, or "table-row-column") when a value cannot be stored. Returns the
    application at its new version (unchanged when nothing differed). Listing a new person in 心理工作人员 clears
    the privacy confirmation unless this save confirms it again."""
    if expected_version is None:
        raise TypeError("save_draft() needs the expected_version the form was loaded at")
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not locked.is_editable:
        raise NotEditable(
            _("此申报“%(state)s”，不能修改；如需修改，请联系市总工会工作人员退回。")
            % {"state": locked.get_state_display()}
        )
    closed = why_not_open(locked.call, locked.unit, now)
    if closed:
        raise NotEditable(closed[0])
    if base is None and locked.version != expected_version:
        raise _stale(locked, expected_version, actor)
    rows = rows or {}
    unknown = set(rows) - set(ROW_MODELS)
    if unknown:
        raise ValueError(f"not tables: {sorted(unknown)}")
    cleaned = _clean_changes(locked, changes)
    saved_rows = {kind: row_values(kind, getattr(locked, kind).all()) for kind in rows}
    rows = {kind: _keep_saved_cells(kind, saved_rows[kind], items) for kind, items in rows.items()}
    built = {kind: _build_rows(locked, kind, items) for kind, items in rows.items()}
    changed_rows = [kind for kind in ROW_MODELS if kind in built and row_values(kind, built[kind]) != saved_rows[kind]]
    if (
        "psych_workers" in changed_rows
        and "privacy_confirmed" not in cleaned
        and _new_people(saved_rows["psych_workers"], row_values("psych_workers", built["psych_workers"]))
    ):
        cleaned["privacy_confirmed"] = False
    changed = [name for name in FORM_FIELDS if name in cleaned and getattr(locked, name) != cleaned[name]]
    if base is not None:
        _refuse_overlaps(locked, changed, changed_rows, base, saved_rows, actor)
    if changed or changed_rows:
        for name in changed:
            setattr(locked, name, cleaned[name])
        locked.version += 1
        locked.save(update_fields=[*changed, "version", "updated_at"])
        for kind in changed_rows:
            ROW_MODELS[kind].objects.filter(application=locked).delete()
            ROW_MODELS[kind].objects.bulk_create(built[kind])
        fields = [*changed, *changed_rows]
        DraftSave.objects.create(application=locked, version=locked.version, fields=fields, actor=acting_user(actor))
        record(actor, "applications.draft_saved", locked, version=locked.version, fields=fields)
    application.refresh_from_db()
    return application


# --- submission ---------------------------------------------------------------------------------------------------


def effective_deadline(call, unit) -> datetime:
    """The call's deadline, or the latest extension granted to ``unit`` if that is later."""
    extension = Extension.objects.filter(call=call, unit=unit).order_by("-granted_at", "-id").first()
    return max(call.deadline, extension.until) if extension else call.deadline


def why_not_open(call, unit, now: datetime | None = None) -> list[str]:
    """Why ``call`` is not open for ``unit`` now (empty when it is): eligibility and the dates, Beijing time, with
    the unit's extension. The one rule behind the start button, every form page, the autosave, uploads and
    submission."""
    now = now or timezone.now()
    reasons = []
    if not is_eligible(call, unit):
        reasons.append(_("本单位不在本年度申报范围内，不能提交。"))
    if now < call.opens_at:
        reasons.append(_("申报尚未开始，开始时间为%(when)s。") % {"when": beijing_text(call.opens_at)})
    deadline = effective_deadline(call, unit)
    if now > deadline:
        reasons.append(
            _("申报已于%(when)s截止，不能再提交。如有特殊情况，请联系市总工会工作人员。")
            % {"when": beijing_text(deadline)}
        )
    return reasons


def is_open_for(call, unit, now: datetime | None = None) -> bool:
    return not why_not_open(call, unit, now)


def submission_blockers(application: Application, now: datetime | None = None) -> list[str]:
    """Why the unit cannot submit now, whatever the form holds: the call is not open for it (``why_not_open``)."""
    return why_not_open(application.call, application.unit, now)


def _next_number(call) -> int:
    """The next 编号 of the call. The counter row is locked until the transaction ends and only ever counts up."""
    NumberSequence.objects.get_or_create(call=call)
    sequence = NumberSequence.objects.select_for_update().get(call=call)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


@transaction.atomic
def submit(application: Application, actor, now: datetime | None = None) -> Application:
    """Hand the application in: eligible unit, in time, no blocking problem. The first submission gets the 编号;
    every submission freezes the form as a new ``Version``."""
    now = now or timezone.now()
    locked = Application.objects.select_for_update(of=("self",)).select_related("call", "unit").get(pk=application.pk)
    workflow.check(locked, State.SUBMITTED, actor)
    blockers = submission_blockers(locked, now)
    if blockers:
        raise SubmissionRefused(blockers[0])
    blocking = errors(check_application(locked))
    if blocking:
        raise SubmissionRefused(
            _("还有%(count)d处问题需要修改，修改后才能提交。") % {"count": len(blocking)}, problems=blocking
        )
    if locked.number is None:
        locked.number = _next_number(locked.call)
    locked.submitted_at = now
    locked.filled_on = timezone.localtime(now).date().replace(day=1)
    version = Version.objects.filter(application=locked).count() + 1
    workflow.transition(
        locked,
        State.SUBMITTED,
        actor,
        also_save=("number", "submitted_at", "filled_on"),
        number=locked.display_number,
        version=version,
    )
    Version.objects.create(application=locked, number=version, actor=acting_user(actor), data=snapshot(locked))
    application.refresh_from_db()
    return application


# --- the staff formal check ---------------------------------------------------------------------------------------


def _move(application: Application, to_state: str, actor, reason: str = "") -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    workflow.transition(locked, to_state, actor, reason)
    application.refresh_from_db()
    return application


@transaction.atomic
def return_for_revision(
    application: Application, actor, reason: str, *, until: datetime | None = None, now: datetime | None = None
) -> Application:
    """退回修改: back to the unit with the reason it will see; it keeps its 编号. ``until`` also grants the unit an
    extension, for a return after the deadline."""
    _move(application, State.RETURNED, actor, reason)
    if until is not None:
        grant_extension(application.call, application.unit, until, reason, actor, now=now)
    return application


@transaction.atomic
def reject(application: Application, actor, reason: str) -> Application:
    """不予受理: the application ends here, with the reason. Its 编号 is never handed out again."""
    return _move(application, State.REJECTED, actor, reason)


def paper_copy_problem(application: Application) -> str:
    """Why the paper copy does not yet allow acceptance ("" when it does, or when the call does not ask for it)."""
    if not application.call.paper_copy_required:
        return ""
    paper = PaperCopy.objects.filter(application=application).first()
    if paper is None:
        return _("尚未收到纸质版申报表，不能受理（本年度要求纸质版加盖单位公章和本级工会公章）。")
    missing = [
        str(label)
        for present, label in ((paper.has_unit_seal, _("单位公章")), (paper.has_union_seal, _("本级工会公章")))
        if not present
    ]
    if missing:
        return _("纸质版缺少%(seals)s，不能受理。") % {"seals": "、".join(missing)}
    return ""


@transaction.atomic
def accept(application: Application, actor) -> Application:
    """形式审查通过: the application goes on to the review. When the call asks for it (the default), only with the
    paper copy received with both seals."""
    workflow.check(application, State.ACCEPTED, actor)
    problem = paper_copy_problem(application)
    if problem:
        raise ApplicationError(problem)
    return _move(application, State.ACCEPTED, actor)


def _require_staff(actor, what: str) -> None:
    if not is_federation_staff(actor):
        raise ApplicationError(_("只有市总工会工作人员可以%(what)s。") % {"what": what})


@transaction.atomic
def grant_extension(call, unit, until: datetime, reason: str, actor, *, now: datetime | None = None) -> Extension:
    """Let one unit submit until ``until`` (after the call's deadline), with the reason on record."""
    _require_staff(actor, _("批准延期"))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写延期理由。"), field="reason")
    _require_eligible(call, unit)
    if until <= call.deadline:
        raise ApplicationError(
            _("延期截止时间须晚于申报截止时间（%(when)s）。") % {"when": beijing_text(call.deadline)}, field="until"
        )
    if until <= (now or timezone.now()):
        raise ApplicationError(_("延期截止时间已经过去，请重新选择。"), field="until")
    extension = Extension.objects.create(
        call=call, unit=unit, until=until, reason=reason, granted_by=acting_user(actor)
    )
    request = extension_requests.close_on_grant(extension, actor)
    record(
        actor,
        "applications.extension_granted",
        extension,
        reason=reason,
        call=call.year,
        unit=unit.pk,
        until=until.isoformat(),
        **({"request": request.pk} if request is not None else {}),
    )
    return extension


@transaction.atomic
def record_paper_copy(
    application: Application,
    received_on: date,
    has_unit_seal: bool,
    has_union_seal: bool,
    actor,
    now: datetime | None = None,
) -> PaperCopy:
    """The paper copy arrived on ``received_on``; whether it carries 单位公章 and 本级工会公章. ``now`` is when it is
    recorded (the demo records it at its own instant)."""
    _require_staff(actor, _("登记纸质版"))
    if application.state == State.DRAFT:
        raise ApplicationError(_("此申报尚未提交，不能登记纸质版。"))
    if received_on > timezone.localdate(now or timezone.now()):
        raise ApplicationError(_("收到日期不能晚于今天。"), field="received_on")
    paper, _created = PaperCopy.objects.update_or_create(
        application=application,
        defaults={
            "received_on": received_on,
            "has_unit_seal": bool(has_unit_seal),
            "has_union_seal": bool(has_union_seal),
            "recorded_by": acting_user(actor),
        },
    )
    record(
        actor,
        "applications.paper_copy_recorded",
        application,
        received_on=received_on.isoformat(),
        has_unit_seal=paper.has_unit_seal,
        has_union_seal=paper.has_union_seal,
    )
    return paper
