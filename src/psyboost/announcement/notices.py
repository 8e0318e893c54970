"""What units hear of the announcement step: the result of their application, and a request for an explanation;
the objector's reply (an e-mail to an address, the objector has no account); the staff digest's new objections."""

from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.core.clock import moment_text
from psyboost.notifications.messaging import (
    SUBJECT_PREFIX,
    DigestSection,
    Kind,
    notify,
    register,
    staff_recipients,
    unit_recipients,
)

from .models import Explanation, Objection

SELECTED = register(
    Kind(
        "result_selected",
        gettext_lazy("申报已入选，编号 %(number)s"),
        gettext_lazy(
            "%(unit)s的《%(call)s》申报（编号 %(number)s）经专家评审和结果公示，已确定为%(year)d年度优秀职工心理服务"
            "助推项目，助推资金 %(grant)s 元。%(score)s请登录平台下载入选通知书。"
        ),
        gettext_lazy(
            "接下来：请按入选通知书的要求提供收款账户信息并签署资金使用承诺，按批准的计划实施项目，留存过程材料，"
            "并按时提交结项材料。"
        ),
    )
)
NOT_SELECTED = register(
    Kind(
        "result_not_selected",
        gettext_lazy("申报评选结果，编号 %(number)s"),
        gettext_lazy(
            "感谢%(unit)s参加《%(call)s》。经专家评审和结果公示，贵单位的申报（编号 %(number)s）本年度未入选。"
            "%(score)s欢迎贵单位继续开展职工心理服务工作，并参加以后年度的评选。"
        ),
        gettext_lazy("如有疑问，请联系市总工会工作人员。"),
    )
)
EXPLANATION = register(
    Kind(
        "explanation_requested",
        gettext_lazy("请就公示异议提交情况说明，编号 %(number)s"),
        gettext_lazy(
            "《%(call)s》结果公示期间，收到涉及贵单位申报（编号 %(number)s）的反映。请登录平台提交情况说明：%(request)s"
        ),
        gettext_lazy("请如实说明情况，并上传相关证明材料。"),
    )
)


def score_text(application: Application, show: bool) -> str:
    selection = getattr(application, "selection", None)
    if not show or selection is None:
        return ""
    return _("贵单位申报的最终得分为 %(score)s 分。") % {"score": selection.final_score.quantize(Decimal("0.01"))}


def tell_results(call_id: int) -> None:
    """Queue the result notices of a confirmed call (one task for the whole call) and one selection letter per
    selected application, rendered in the background so that the first download is instant."""
    from .tasks import render_selection_letter, send_result_notices

    send_result_notices.enqueue(call_id)
    for pk in Application.objects.filter(call_id=call_id, state=State.SELECTED).values_list("pk", flat=True):
        render_selection_letter.enqueue(pk)


def result_notices(call_id: int) -> int:
    """Every applicant unit whose application is 已入选 or 未入选 hears its result once; returns the notices written."""
    from .services.publishing import review_settings_of

    written = 0
    applications = Application.objects.filter(call_id=call_id, state__in=[State.SELECTED, State.NOT_SELECTED])
    for application in applications.select_related("unit", "call", "selection").order_by("number"):
        from psyboost.notifications.models import Notice

        kind = SELECTED if application.state == State.SELECTED else NOT_SELECTED
        if Notice.objects.filter(
            event=kind.key, target_id=str(application.pk), target_type="applications.application"
        ).exists():
            continue
        show = review_settings_of(application.call).show_final_score
        values = {
            "unit": application.unit.name,
            "call": application.call.name,
            "year": application.call.year,
            "number": application.display_number,
            "grant": f"{application.call.grant_amount:,.2f}",
            "score": score_text(application, show),
        }
        link = reverse("applications:detail", args=[application.pk])
        at = application.call.results_confirmation.confirmed_at
        written += len(
            notify(kind.key, unit_recipients(application.unit_id), values=values, link=link, target=application, at=at)
        )
    return written


STAFF_OBJECTION = register(
    Kind(
        "staff_objection",
        gettext_lazy("收到公示异议，受理编号 %(receipt)s"),
        gettext_lazy("%(when)s收到涉及%(unit)s申报（编号 %(number)s）的异议（%(channel)s），请核查处理。"),
    )
)


STAFF_REPLACEMENT = register(
    Kind(
        "staff_replacement",
        gettext_lazy("入选项目放弃，请确认递补：%(number)s"),
        gettext_lazy(
            "%(unit)s放弃了入选的申报（编号 %(number)s）。理由：%(reason)s按排名建议递补：%(proposed)s。请确认递补。"
        ),
    )
)


def tell_staff_of_replacement(application: Application, proposed: Application | None, reason: str) -> None:
    """Staff hear in the app that a listed unit gave up, with the replacement the ranking proposes."""
    values = {
        "unit": application.unit.name,
        "number": application.display_number,
        "reason": (reason.strip().rstrip("。") + "。") if reason.strip() else "",
        "proposed": (
            _("“%(unit)s”（编号 %(number)s）") % {"unit": proposed.unit.name, "number": proposed.display_number}
            if proposed is not None
            else _("（排名中已无可递补的申报）")
        ),
    }
    link = reverse("announcement:replacement", args=[application.pk])
    notify(STAFF_REPLACEMENT.key, staff_recipients(), values=values, link=link, target=application, email=False)


def tell_staff_of_objection(objection: Objection) -> None:
    """Staff hear of a new objection in the app (the daily digest lists it by e-mail)."""
    application = objection.application
    values = {
        "receipt": objection.receipt,
        "when": moment_text(objection.received_at),
        "unit": application.unit.name,
        "number": application.display_number,
        "channel": objection.get_channel_display(),
    }
    link = reverse("announcement:objection_detail", args=[objection.pk])
    notify(STAFF_OBJECTION.key, staff_recipients(), values=values, link=link, target=objection, email=False)


def tell_unit_of_request(explanation: Explanation) -> None:
    application = explanation.objection.application
    values = {"call": application.call.name, "number": application.display_number, "request": explanation.request}
    link = reverse("announcement:explanation", args=[explanation.pk])
    notify(EXPLANATION.key, unit_recipients(application.unit_id), values=values, link=link, target=application)


def email_reply(objection: Objection) -> bool:
    if not objection.email or not objection.reply:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(prefix)s异议答复（受理编号 %(receipt)s）") % {
            "prefix": SUBJECT_PREFIX,
            "receipt": objection.receipt,
        }
        text = _("%(name)s：\n\n您反映的异议（受理编号 %(receipt)s）已办结。核查结论：%(outcome)s。\n\n%(reply)s\n") % {
            "name": objection.objector_name,
            "receipt": objection.receipt,
            "outcome": objection.get_outcome_display(),
            "reply": objection.reply,
        }
        EmailMessage(subject, text, to=[objection.email]).send()
    return True


def new_objections(since, until) -> DigestSection:
    found = list(
        Objection.objects.filter(received_at__gt=since, received_at__lte=until)
        .select_related("announcement__call", "application__unit", "application__call")
        .order_by("received_at")
    )
    return DigestSection(
        key="objections",
        heading=_("新收到 %(count)d 件公示异议：") % {"count": len(found)},
        lines=[f"{item.receipt}  {item.application.display_number}  {item.get_channel_display()}" for item in found],
        ids=[item.pk for item in found],
        link=reverse("announcement:staff_index"),
    )
