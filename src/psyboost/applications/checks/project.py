"""三、上一年度工作开展情况; 四、本年度项目申报 with its 经费预算; 申报单位意见."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ..budget import budget_summary, money
from .base import REQUIRED, WARN, Problem, Subject, problem, required, required_cells

HISTORY_REQUIRED = (
    "past_beneficiaries",
    "past_beneficiary_count",
    "past_member_share",
    "past_investment",
    "past_partnered",
    "past_model",
    "past_results",
)
PROJECT_REQUIRED = ("beneficiaries", "beneficiary_count", "starts_on", "ends_on", "partnered", "expected_results")
SIGNOFF_REQUIRED = ("declaration_confirmed", "privacy_confirmed")


def _partner(subject: Subject, flag: str, name: str) -> list[Problem]:
    if getattr(subject.application, flag) is True and not (getattr(subject.application, name) or "").strip():
        return [problem(name, _("选择了与第三方机构合作，请填写合作单位名称。"), code=REQUIRED)]
    return []


def member_share_hint(application) -> Decimal | None:
    """The figure to offer for 占会员总数 （%）: 服务人数 ÷ 持卡职工人数, one decimal; None when it cannot be known."""
    served, members = application.past_beneficiary_count, application.card_holders
    if served is None or not members:
        return None
    return (Decimal(served) * 100 / Decimal(members)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def check_history(subject: Subject) -> list[Problem]:
    return [
        *required(subject, *HISTORY_REQUIRED),
        *_partner(subject, "past_partnered", "past_partner_name"),
    ]


def _day(value: date) -> str:
    return _("%(year)d年%(month)d月%(day)d日") % {"year": value.year, "month": value.month, "day": value.day}


def _dates(subject: Subject) -> list[Problem]:
    starts, ends = subject.application.starts_on, subject.application.ends_on
    first, last = subject.implementation_window
    problems = []
    for name, value in (("starts_on", starts), ("ends_on", ends)):
        if value is not None and not first <= value <= last:
            message = _("实施时间应在%(first)s至%(last)s之间。") % {"first": _day(first), "last": _day(last)}
            problems.append(problem(name, message))
    if starts is not None and ends is not None and starts > ends:
        problems.append(problem("ends_on", _("实施时间的结束日期不能早于开始日期。")))
    return problems


def _plan(subject: Subject) -> list[Problem]:
    if not (subject.application.plan or "").strip() and not subject.rows["schedule_items"]:
        return [problem("plan", _("请填写计划开展服务项目内容及进度安排。"), code=REQUIRED)]
    return required_cells(subject, "schedule_items")


def _budget(subject: Subject) -> list[Problem]:
    rows = subject.rows["budget_items"]
    if not rows:
        return [problem("budget_items", _("请至少填写一行经费预算。"), code=REQUIRED)]
    problems = required_cells(subject, "budget_items")
    summary = budget_summary(subject.application, rows)
    if summary.below_grant:
        message = _("经费预算总计%(total)s元，低于市总工会助推资金%(grant)s元。") % {
            "total": money(summary.total),
            "grant": money(summary.grant_amount),
        }
        problems.append(problem("budget_items", message, WARN))
    return problems


def check_project(subject: Subject) -> list[Problem]:
    return [
        *required(subject, *PROJECT_REQUIRED[:5]),
        *_dates(subject),
        *_partner(subject, "partnered", "partner_name"),
        *_plan(subject),
        *required(subject, *PROJECT_REQUIRED[5:]),
        *_budget(subject),
    ]


def check_signoff(subject: Subject) -> list[Problem]:
    problems = []
    if not subject.application.declaration_confirmed:
        problems.append(problem("declaration_confirmed", _("请确认申报单位意见：同意申报。"), code=REQUIRED))
    if not subject.application.privacy_confirmed:
        message = _("请确认已告知所列心理工作人员其个人信息的用途和接收方，并取得其同意。")
        problems.append(problem("privacy_confirmed", message, code=REQUIRED))
    return problems
