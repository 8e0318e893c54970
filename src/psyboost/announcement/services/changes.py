"""Changes to the list: a project leaves (an upheld objection, or its unit gives up) and staff fill the place from
the ranking (递补). Recorded as an amendment of the panel decision's selection (the review's phases stay as they
are), and announced in a supplementary 公示 with its own period."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.audit.services import record
from psyboost.review.models import Selection
from psyboost.review.services import stored

from ..middleware import clear_public_cache
from ..models import Amendment, Announcement, Objection
from .publishing import Invalid, Refused, _fill_entries, _period, default_title, initial_of, review_settings_of

SUPPLEMENTARY_BODY = gettext_lazy(
    "{year}年度优秀职工心理服务助推项目评选结果公示后，{statement}现按评审排名递补，"
    "调整后的名单共{count}个项目，现予以补充公示。\n\n"
    "公示期为{start}至{end}（{length}）。公示期间，如有异议，请以书面形式向主办部门反映。"
    "单位反映情况须加盖单位公章，个人反映情况须署真实姓名并提供联系方式，匿名材料不予受理。\n\n{contacts}"
)


CANDIDATE_STATES = (State.ACCEPTED, State.NOT_SELECTED)


def proposed_replacement(call) -> Application | None:
    """The next unselected application in the ranking that has not left the list and is still in the running
    (accepted; after the confirmation, not selected)."""
    removed = set(Amendment.objects.filter(call=call).values_list("removed_id", flat=True))
    for selection in (
        Selection.objects.filter(application__call=call, selected=False, application__state__in=CANDIDATE_STATES)
        .select_related("application__unit", "application__call")
        .order_by("rank", "application_id")
    ):
        if selection.application_id not in removed:
            return selection.application
    return None


def amend(
    call,
    *,
    removed: Application,
    cause: str,
    statement: str,
    replacement: Application | None,
    replacement_reason: str = "",
    objection: Objection | None = None,
    actor,
    now=None,
) -> Amendment:
    """Take ``removed`` off the list and put ``replacement`` on it (the proposed one, or any other with a reason)."""
    now = now or timezone.now()
    statement, replacement_reason = (statement or "").strip(), (replacement_reason or "").strip()
    initial = initial_of(call)
    if initial is None or initial.published_at is None:
        raise Refused(_("公示尚未发布，请直接调整入选名单。"))
    given_up = cause == Amendment.Cause.WITHDRAWAL and removed.state == State.GIVEN_UP
    if hasattr(call, "results_confirmation") and not given_up:  # after it, only a unit giving up changes the list
        raise Refused(_("结果已确认，名单不能再调整。"))
    errors = {}
    if cause not in Amendment.Cause.values:
        errors["cause"] = _("请选择调整原因。")
    if objection is not None:
        objection = Objection.objects.get(pk=objection.pk)  # as stored now, not as the caller last saw it
    if cause == Amendment.Cause.OBJECTION:
        if objection is None or objection.application_id != removed.pk:
            errors["objection"] = _("请选择针对该项目的异议。")
        elif objection.status != Objection.Status.CLOSED or objection.outcome == Objection.Outcome.REJECTED:
            errors["objection"] = _("只有办结且结论为成立或部分成立的异议才能据以调整名单。")
    if not statement:
        errors["statement"] = _("请用一句话说明该项目退出名单的原因，将在补充公示中公布。")
    proposed = proposed_replacement(call)
    if replacement is not None:
        selection = Selection.objects.filter(application=replacement).first()
        left = Amendment.objects.filter(call=call, removed=replacement).exists()
        if replacement.call_id != call.pk or selection is None:
            errors["replacement"] = _("递补项目须是本年度参加评审排名的申报。")
        elif selection.selected:
            errors["replacement"] = _("“%(unit)s”已在入选名单中，不能递补。") % {"unit": replacement.unit.name}
        elif left or replacement.state not in CANDIDATE_STATES:
            errors["replacement"] = _("“%(unit)s”已退出名单或已放弃，不能递补。") % {"unit": replacement.unit.name}
        elif proposed is not None and replacement.pk != proposed.pk and not replacement_reason:
            errors["replacement_reason"] = _("未按排名递补“%(unit)s”，须填写理由。") % {"unit": proposed.unit.name}
    elif proposed is not None and not replacement_reason:
        errors["replacement_reason"] = _("不递补须填写理由。")
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        gone = Selection.objects.select_for_update().filter(application=removed, selected=True).first()
        if gone is None:
            raise Invalid({"removed": _("该项目不在当前入选名单中。")})
        reason = _("%(cause)s：%(statement)s") % {"cause": Amendment.Cause(cause).label, "statement": statement}
        Selection.objects.filter(pk=gone.pk).update(selected=False, overridden=True, reason=reason, updated_by=actor)
        if replacement is not None:
            why = replacement_reason or _("按排名递补")
            Selection.objects.filter(application=replacement).update(
                selected=True, overridden=True, reason=_("递补：%(why)s") % {"why": why}, updated_by=actor
            )
        stored.bump(call.pk)  # the review's selection page shows the list as it now is
        try:
            amendment = Amendment.objects.create(
                call=call,
                removed=removed,
                cause=cause,
                objection=objection,
                statement=statement,
                replacement=replacement,
                proposed=proposed,
                replacement_reason=replacement_reason,
                at=now,
                actor=actor if getattr(actor, "pk", None) else None,
            )
        except IntegrityError:
            raise Refused(_("该项目已退出名单。")) from None
        record(
            actor,
            "announcement.amended",
            call,
            removed=removed.pk,
            replacement=getattr(replacement, "pk", None),
            proposed=getattr(proposed, "pk", None),
            cause=cause,
            reason=replacement_reason,
        )
        transaction.on_commit(clear_public_cache)
    return amendment


def prepare_supplementary(amendment: Amendment, *, starts_at, days: int, actor, now=None) -> Announcement:
    """The supplementary 公示 of an amendment: the current list, its own period; published like the first."""
    from .publishing import current_selection

    now = now or timezone.now()
    call = amendment.call
    counting = review_settings_of(call).counting
    ends_at = _period(starts_at, days, counting, now)
    existing = Announcement.objects.filter(amendment=amendment).first()
    if existing is not None and existing.published_at is not None:
        raise Refused(_("此调整已有补充公示。"))
    initial = initial_of(call)
    with translation.override(settings.LANGUAGE_CODE):
        body = str(SUPPLEMENTARY_BODY).replace("{statement}", _statement(amendment))
    with transaction.atomic():
        if existing is not None:  # an unpublished draft is prepared again (e.g. its start has passed)
            existing.delete()
        announcement = Announcement.objects.create(
            call=call,
            kind=Announcement.Kind.SUPPLEMENTARY,
            title=default_title(call, Announcement.Kind.SUPPLEMENTARY),
            body=body,
            starts_at=starts_at,
            days=days,
            counting=counting,
            ends_at=ends_at,
            publisher=initial.publisher,
            published_on=timezone.localtime(starts_at).date(),
            amendment=amendment,
        )
        _fill_entries(announcement, current_selection(call))
        record(actor, "announcement.prepared", announcement, starts_at=starts_at.isoformat(), days=days)
    return announcement


def _statement(amendment: Amendment) -> str:
    text = _("“%(removed)s”（编号 %(number)s）%(statement)s，退出名单；") % {
        "removed": amendment.removed.unit.name,
        "number": amendment.removed.display_number,
        "statement": amendment.statement.rstrip("。；;，,"),
    }
    if amendment.replacement is not None:
        text += _("由“%(unit)s”（编号 %(number)s）递补。") % {
            "unit": amendment.replacement.unit.name,
            "number": amendment.replacement.display_number,
        }
    return text
