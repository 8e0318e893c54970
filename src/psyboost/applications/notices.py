"""What a unit hears of its application, and the staff digest's list of new submissions.

Each move of the state machine that concerns the unit has a kind of notice; ``on_transition`` (connected to
``signals.application_transitioned``) tells every active user of the unit once the move is committed.
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.core.clock import moment_text
from psyboost.notifications.messaging import (
    DigestSection,
    Kind,
    notify,
    register,
    staff_recipients,
    unit_recipients,
)

from .models import Application, Transition
from .workflow import State

KINDS = {
    (State.DRAFT, State.SUBMITTED): register(
        Kind(
            "submitted",
            gettext_lazy("申报已提交，编号 %(number)s"),
            gettext_lazy(
                "%(unit)s的《%(call)s》申报已于%(when)s提交，编号 %(number)s。请打印申报表，由工会负责人签字并加盖"
                "单位公章和本级工会公章后报送纸质版。"
            ),
            gettext_lazy(
                "纸质版材料须同时加盖单位公章和本级工会公章，请于截止日期前报送北京市职工服务中心职业发展部。"
            ),
        )
    ),
    (State.RETURNED, State.SUBMITTED): register(
        Kind(
            "resubmitted",
            gettext_lazy("申报已重新提交，编号 %(number)s"),
            gettext_lazy("%(unit)s的《%(call)s》申报已于%(when)s重新提交，编号 %(number)s 不变，等待形式审查。"),
            gettext_lazy("市总工会工作人员将尽快进行形式审查，结果会另行通知。"),
        )
    ),
    (State.SUBMITTED, State.RETURNED): register(
        Kind(
            "returned",
            gettext_lazy("申报被退回修改，编号 %(number)s"),
            gettext_lazy(
                "%(unit)s的《%(call)s》申报（编号 %(number)s）已于%(when)s被退回修改。理由：%(reason)s"
                "请按要求修改后重新提交，编号不变。"
            ),
            gettext_lazy("请登录平台查看退回理由，修改后重新提交。"),
        )
    ),
    (State.SUBMITTED, State.REJECTED): register(
        Kind(
            "rejected",
            gettext_lazy("申报不予受理，编号 %(number)s"),
            gettext_lazy("%(unit)s的《%(call)s》申报（编号 %(number)s）经形式审查，不予受理。理由：%(reason)s"),
            gettext_lazy("如有疑问，请联系市总工会工作人员。"),
        )
    ),
    (State.SUBMITTED, State.ACCEPTED): register(
        Kind(
            "accepted",
            gettext_lazy("申报已受理，编号 %(number)s"),
            gettext_lazy("%(unit)s的《%(call)s》申报（编号 %(number)s）已于%(when)s通过形式审查，进入专家评审。"),
            gettext_lazy("评审结果将另行通知。"),
        )
    ),
}


# What staff hear in the app when a submission arrives, and (also by e-mail) when the unit changes its mind.
STAFF_KINDS = {
    State.WITHDRAWN: register(
        Kind(
            "staff_withdrawn",
            gettext_lazy("申报已撤回，编号 %(number)s"),
            gettext_lazy("%(unit)s于%(when)s撤回了《%(call)s》申报（编号 %(number)s），修改后可能重新提交。"),
        )
    ),
    State.SUBMITTED: register(
        Kind(
            "staff_submitted",
            gettext_lazy("新的申报待形式审查，编号 %(number)s"),
            gettext_lazy("%(unit)s于%(when)s提交了《%(call)s》申报（编号 %(number)s），等待形式审查。"),
        )
    ),
    State.GIVEN_UP: register(
        Kind(
            "staff_given_up",
            gettext_lazy("申报已放弃，编号 %(number)s"),
            gettext_lazy("%(unit)s于%(when)s放弃了《%(call)s》申报（编号 %(number)s）。理由：%(reason)s"),
        )
    ),
}


# Arrivals staff act on are told in the app only (the daily digest lists them by e-mail); a unit's change of mind
# is told by e-mail too.
IN_APP_ONLY = frozenset({"staff_submitted"})


def tell_staff(kind: str, application: Application, transition: Transition) -> list:
    at = transition.at
    if transition.to_state == State.SUBMITTED and application.submitted_at is not None:
        at = application.submitted_at  # dated by the service's clock, as the unit saw it
    values = {
        "unit": application.unit.name,
        "call": application.call.name,
        "number": application.display_number or _("（未编号）"),
        "when": moment_text(at),
        "reason": transition.reason.strip() or _("（未填写）"),
    }
    link = reverse("applications:staff_detail", args=[application.pk])
    return notify(
        kind,
        staff_recipients(),
        values=values,
        link=link,
        target=application,
        at=at,
        email=kind not in IN_APP_ONLY,
    )


def on_transition(sender, *, application, move, transition, **kwargs) -> None:
    staff_kind = STAFF_KINDS.get(move.target)
    if staff_kind is not None:

        def tell_staff_once_committed():
            tell_staff(staff_kind.key, application, transition)

        transaction.on_commit(tell_staff_once_committed, robust=True)
    kind = KINDS.get((move.source, move.target))
    if kind is None:
        return

    def tell_the_unit_once_committed():  # named: robust on_commit logs a failure by its name, and carries on
        tell_the_unit(kind.key, application, transition)

    transaction.on_commit(tell_the_unit_once_committed, robust=True)


def tell_the_unit(kind: str, application: Application, transition: Transition) -> list:
    """The notices of one move for every active user of the unit, dated and explained by its timeline row (read
    back: its time may have been set since); a submission is dated by the service's clock, as the unit saw it."""
    at, reason = Transition.objects.filter(pk=transition.pk).values_list("at", "reason").first() or (
        transition.at,
        transition.reason,
    )
    if transition.to_state == State.SUBMITTED and application.submitted_at is not None:
        at = application.submitted_at
    values = {
        "unit": application.unit.name,
        "call": application.call.name,
        "number": application.display_number or _("（未编号）"),
        "when": moment_text(at),
        "reason": reason.strip() or _("（未填写）"),
    }
    link = reverse("applications:detail", args=[application.pk])
    return notify(kind, unit_recipients(application.unit_id), values=values, link=link, target=application, at=at)


def new_submissions(since, until) -> DigestSection:
    """Applications whose latest submission (first time or again) falls in (since, until], in 编号 order."""
    found = list(
        Application.objects.filter(submitted_at__gt=since, submitted_at__lte=until)
        .select_related("call", "unit")
        .order_by("call__year", "number")
    )
    return DigestSection(
        key="submitted",
        heading=_("新提交 %(count)d 份申报，待形式审查：") % {"count": len(found)},
        lines=[
            f"{application.display_number}  {application.unit.name}  {moment_text(application.submitted_at)}"
            for application in found
        ],
        ids=[application.pk for application in found],
        link=reverse("applications:staff_list"),
    )


# 延期申请: staff hear of a request in the app; the unit hears the answer (in the app and by e-mail).
EXTENSION_ASKED = register(
    Kind(
        "staff_extension_asked",
        gettext_lazy("延期申请：%(unit)s"),
        gettext_lazy("%(unit)s于%(when)s申请将《%(call)s》的申报截止时间延至%(until)s。理由：%(reason)s"),
    )
)
EXTENSION_GRANTED = register(
    Kind(
        "extension_granted",
        gettext_lazy("延期申请已批准"),
        gettext_lazy("%(unit)s的《%(call)s》延期申请已批准，申报截止时间延至%(until)s。"),
        gettext_lazy("请在延期截止时间前完成填写并提交。"),
    )
)
EXTENSION_DECLINED = register(
    Kind(
        "extension_declined",
        gettext_lazy("延期申请未获批准"),
        gettext_lazy("%(unit)s的《%(call)s》延期申请未获批准。理由：%(reason)s"),
        gettext_lazy("如有疑问，请联系市总工会工作人员。"),
    )
)


def tell_staff_of_extension_request(request) -> list:
    values = {
        "unit": request.unit.name,
        "call": request.call.name,
        "when": moment_text(request.asked_at),
        "until": moment_text(request.asked_until),
        "reason": request.reason,
    }
    link = f"{reverse('applications:extension')}?call={request.call.year}"
    return notify(
        EXTENSION_ASKED.key,
        staff_recipients(),
        values=values,
        link=link,
        target=request,
        at=request.asked_at,
        email=False,
    )


def tell_unit_of_extension_answer(request) -> list:
    granted = request.extension is not None
    values = {
        "unit": request.unit.name,
        "call": request.call.name,
        "until": moment_text(request.extension.until) if granted else "",
        "reason": request.answer,
    }
    kind = EXTENSION_GRANTED if granted else EXTENSION_DECLINED
    link = reverse("applications:ask_extension", args=[request.call.year])
    return notify(kind.key, unit_recipients(request.unit_id), values=values, link=link, target=request)
