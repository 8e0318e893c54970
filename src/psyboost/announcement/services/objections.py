"""Objections (异议): filed by the public during the window, or registered by staff from paper or phone; handled
(handler, notes, the unit's explanation, outcome, reply). The objector's identity is for staff only."""

import os
import tempfile
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.audit.services import record
from psyboost.uploads.content import inspect_file
from psyboost.uploads.errors import UploadRefused
from psyboost.uploads.registry import SCAN, Kind

from ..models import Announcement, Explanation, ExplanationFile, Objection, ObjectionFile, new_receipt
from .publishing import Invalid, Refused, open_announcement

EVIDENCE = Kind("objection_evidence", SCAN, gettext_lazy("证明材料"))
SEALED_LETTER = Kind("objection_letter", SCAN, gettext_lazy("加盖公章的异议书"))
EXPLANATION = Kind("explanation_file", SCAN, gettext_lazy("情况说明附件"))
MAX_FILES = 5


def check_upload(uploaded, kind: Kind):
    """Check a plain (non-resumable) upload by its content, like every other upload: the content type and
    extension, or ``UploadRefused`` with the message."""
    suffix = os.path.splitext(uploaded.name or "")[1][:10]
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
        handle.flush()
        return inspect_file(handle.name, kind)


def check_files(files, kind: Kind, field_name: str) -> list:
    """(file, checked) for each file, or ``Invalid`` naming the first refused one."""
    if len(files) > MAX_FILES:
        raise Invalid({field_name: _("最多上传%(count)d个文件。") % {"count": MAX_FILES}})
    checked = []
    for uploaded in files:
        try:
            checked.append((uploaded, check_upload(uploaded, kind)))
        except UploadRefused as refusal:
            raise Invalid({field_name: f"{uploaded.name}：{refusal.message}"}) from None
    return checked


def _store(model, owner_field: str, owner, uploaded, checked, **extra):
    uploaded.seek(0)
    item = model(
        **{owner_field: owner},
        original_name=os.path.basename(uploaded.name or "")[:255],
        content_type=checked.content_type,
        size=uploaded.size,
        **extra,
    )
    item.file.save(f"{owner.pk}{checked.extension}", uploaded, save=False)
    item.save()
    return item


def _clean(data: dict) -> dict:
    return {key: (value.strip() if isinstance(value, str) else value) for key, value in data.items()}


def validate(data: dict, *, sealed_letters=(), online=True) -> dict:
    """The objector and grounds: a real name (or a unit), a phone, the application, the grounds."""
    data = _clean(data)
    errors = {}
    objector = data.get("objector")
    if objector not in Objection.Objector.values:
        errors["objector"] = _("请选择以个人还是单位名义提出异议（匿名异议不予受理）。")
    elif objector == Objection.Objector.INDIVIDUAL and not data.get("name"):
        errors["name"] = _("个人提出异议须署真实姓名，匿名异议不予受理。")
    elif objector == Objection.Objector.UNIT:
        if not data.get("unit_name"):
            errors["unit_name"] = _("请填写单位名称，匿名异议不予受理。")
        if not data.get("contact"):
            errors["contact"] = _("请填写单位联系人。")
        if online and not sealed_letters:
            errors["sealed_letter"] = _("单位提出异议须上传加盖单位公章的异议书扫描件。")
    phone = data.get("phone") or ""
    if not phone:
        errors["phone"] = _("请填写联系电话。")
    elif not (7 <= len([c for c in phone if c.isdigit()]) <= 15) or any(c not in "0123456789-+ " for c in phone):
        errors["phone"] = _("联系电话格式不正确。")
    if not data.get("grounds"):
        errors["grounds"] = _("请填写异议事由。")
    if data.get("application") is None:
        errors["application"] = _("请从公示名单中选择异议涉及的项目。")
    if errors:
        raise Invalid(errors)
    return data


def _listed(announcement: Announcement, application) -> bool:
    return announcement.entries.filter(application=application).exists()


def file_objection(call, data: dict, *, evidence=(), sealed_letters=(), address=None, now=None) -> Objection:
    """A public objection, during the window only (server side): stored with its files, or nothing stored."""
    now = now or timezone.now()
    announcement = open_announcement(call, now)
    if announcement is None:
        raise Refused(_("当前不在公示期内，不受理网上异议。如有疑问，请联系主办部门。"))
    data = validate(data, sealed_letters=sealed_letters)
    if not _listed(announcement, data["application"]):
        raise Invalid({"application": _("请从公示名单中选择异议涉及的项目。")})
    checked_evidence = check_files(list(evidence), EVIDENCE, "evidence")
    checked_letters = check_files(list(sealed_letters), SEALED_LETTER, "sealed_letter")
    return _create(announcement, data, Objection.Channel.ONLINE, now, None, address, checked_evidence, checked_letters)


def register_objection(call, data: dict, *, channel: str, received_at, actor, evidence=(), now=None) -> Objection:
    """Staff register an objection that arrived on paper, by phone or in person, dated when it was received."""
    now = now or timezone.now()
    if channel not in Objection.Channel.values:
        raise Invalid({"channel": _("请选择受理渠道。")})
    data = validate(data, online=False)
    received_at = received_at or now
    announcement = (
        Announcement.objects.filter(
            call=call, published_at__isnull=False, starts_at__lte=received_at, ends_at__gt=received_at
        )
        .order_by("-starts_at")
        .first()
    )
    if announcement is None:
        raise Invalid({"received_at": _("受理时间不在任何公示期内，异议不予受理。")})
    if not _listed(announcement, data["application"]):
        raise Invalid({"application": _("请从公示名单中选择异议涉及的项目。")})
    checked = check_files(list(evidence), EVIDENCE, "evidence")
    return _create(announcement, data, channel, received_at, actor, None, checked, [])


def _create(announcement, data, channel, received_at, actor, address, evidence, letters) -> Objection:
    fields = {name: data.get(name) or "" for name in ("name", "unit_name", "contact", "phone", "email", "grounds")}
    if data["objector"] == Objection.Objector.INDIVIDUAL:
        fields.update(unit_name="", contact="")
    else:
        fields.update(name="")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                objection = Objection.objects.create(
                    announcement=announcement,
                    application=data["application"],
                    receipt=new_receipt(announcement.call.year),
                    objector=data["objector"],
                    channel=channel,
                    received_at=received_at,
                    registered_by=actor if getattr(actor, "pk", None) else None,
                    address=address,
                    **fields,
                )
                for uploaded, checked in evidence:
                    _store(ObjectionFile, "objection", objection, uploaded, checked, purpose="evidence")
                for uploaded, checked in letters:
                    _store(ObjectionFile, "objection", objection, uploaded, checked, purpose="sealed_letter")
                record(
                    actor,
                    "announcement.objection_received",
                    objection,
                    channel=channel,
                    application=data["application"].pk,
                    files=len(evidence) + len(letters),
                )
                from ..notices import tell_staff_of_objection

                transaction.on_commit(partial(tell_staff_of_objection, objection), robust=True)
                return objection
        except IntegrityError:  # the random receipt collided: draw again
            continue
    raise Refused(_("提交失败，请稍后重试。"))


def lookup(receipt: str, phone: str) -> Objection | None:
    """The objection with this receipt number and phone (both must match), for the objector's status page."""
    receipt, phone = (receipt or "").strip().upper(), (phone or "").strip()
    if not receipt or not phone:
        return None
    return Objection.objects.filter(receipt=receipt, phone=phone).first()


def _open(objection: Objection) -> Objection:
    locked = Objection.objects.select_for_update().get(pk=objection.pk)
    if locked.status == Objection.Status.CLOSED:
        raise Refused(_("此异议已办结，不能再修改。"))
    return locked


@transaction.atomic
def handle(objection: Objection, *, handler, notes: str, actor) -> Objection:
    """Assign the handler and keep the notes; the objection is then being checked (核查中)."""
    locked = _open(objection)
    locked.handler = handler
    locked.notes = (notes or "").strip()
    locked.status = Objection.Status.CHECKING
    locked.save(update_fields=["handler", "notes", "status"])
    record(actor, "announcement.objection_handled", locked, handler=getattr(handler, "pk", None))
    return locked


@transaction.atomic
def request_explanation(objection: Objection, *, request: str, actor, now=None) -> Explanation:
    """Ask the unit concerned for an explanation (情况说明). The unit sees the question, never the objector."""
    if not (request or "").strip():
        raise Invalid({"request": _("请填写需要单位说明的问题。")})
    locked = _open(objection)
    if locked.status == Objection.Status.RECEIVED:
        locked.status = Objection.Status.CHECKING
        locked.save(update_fields=["status"])
    explanation = Explanation.objects.create(
        objection=locked,
        request=request.strip(),
        requested_at=now or timezone.now(),
        requested_by=actor if getattr(actor, "pk", None) else None,
    )
    record(actor, "announcement.explanation_requested", locked, explanation=explanation.pk)
    from ..notices import tell_unit_of_request

    transaction.on_commit(lambda: tell_unit_of_request(explanation), robust=True)
    return explanation


def answer_explanation(explanation: Explanation, *, answer: str, files=(), actor, now=None) -> Explanation:
    """The unit's answer, once, with files checked like every upload."""
    if not (answer or "").strip():
        raise Invalid({"answer": _("请填写情况说明。")})
    checked = check_files(list(files), EXPLANATION, "files")
    with transaction.atomic():
        locked = Explanation.objects.select_for_update().get(pk=explanation.pk)
        if locked.answered_at is not None:
            raise Refused(_("情况说明已提交，不能重复提交。"))
        if locked.objection.status == Objection.Status.CLOSED:
            raise Refused(_("此异议已办结，不再接收情况说明。"))
        locked.answer, locked.answered_at = answer.strip(), now or timezone.now()
        locked.answered_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["answer", "answered_at", "answered_by"])
        for uploaded, result in checked:
            _store(ExplanationFile, "explanation", locked, uploaded, result)
        record(actor, "announcement.explanation_answered", locked.objection, explanation=locked.pk, files=len(checked))
    return locked


def close(objection: Objection, *, outcome: str, reason: str, reply: str, actor, now=None) -> Objection:
    """The outcome (成立 / 部分成立 / 不成立) with reasons and the reply to the objector (e-mailed if an address)."""
    errors = {}
    if outcome not in Objection.Outcome.values:
        errors["outcome"] = _("请选择核查结论。")
    if not (reason or "").strip():
        errors["outcome_reason"] = _("请填写结论理由。")
    if not (reply or "").strip():
        errors["reply"] = _("请填写给异议人的答复。")
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        locked = _open(objection)
        locked.outcome, locked.outcome_reason, locked.reply = outcome, reason.strip(), reply.strip()
        locked.status, locked.closed_at = Objection.Status.CLOSED, now or timezone.now()
        locked.handler = locked.handler or (actor if getattr(actor, "pk", None) else None)
        locked.save(update_fields=["outcome", "outcome_reason", "reply", "status", "closed_at", "handler"])
        record(actor, "announcement.objection_closed", locked, outcome=outcome)
        if locked.email:
            from ..tasks import send_objection_reply

            transaction.on_commit(lambda: send_objection_reply.enqueue(locked.pk), robust=True)
    return locked
