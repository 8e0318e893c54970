"""The staff export of a call's projects with every field: one sheet per entity (projects, payments, budget lines
with approved / spent / remaining, expenses, milestones, activities, mid-term reports, change requests, resource
requests and their matches, consultations, closing reports, evaluations with their scores). Every row names its
project by 排名 and 单位名称; every cell is written through ``core.spreadsheets``. A fixed number of queries whatever
the number of projects."""

import json
from collections import defaultdict
from decimal import Decimal
from io import BytesIO

from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from psyboost.core.spreadsheets import append_row, append_rows
from psyboost.review.models import Assignment, Criterion, Score, Stage

from .models import (
    Activity,
    BudgetLine,
    ChangeRequest,
    ClosingReport,
    Consultation,
    Expense,
    MidtermReport,
    Milestone,
    Project,
    ResourceRequest,
)
from .services.common import today as today_of
from .services.oversight import project_rows

ZERO = Decimal("0.00")
WHO = ["排名", "单位名称"]


def _local(moment):
    """A stored instant as Beijing wall time without zone (what a spreadsheet cell holds)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(title[:31])
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    append_rows(sheet, rows)


def _number(call, application) -> str:
    return f"{call.year}-{application.number:03d}" if application.number is not None else ""


def _projects(call, rows, full) -> tuple[list[str], list[list]]:
    header = [
        *WHO,
        "申报编号",
        "阶段",
        "实施时间（起）",
        "实施时间（至）",
        "服务对象",
        "计划服务人数",
        "项目内容",
        "项目预期效果",
        "计划版本",
        "资金状态",
        "进度节点",
        "已完成",
        "逾期",
        "预算（元）",
        "已支出（元）",
        "支出进度%",
        "活动次数",
        "参加人次",
        "结项得分",
        "结项等级",
        "等级确认时间",
        "整改期限",
        "终止理由",
    ]
    body = []
    for row in rows:
        p = row["project"]
        body.append(
            [
                p.rank,
                p.unit.name,
                _number(call, full[p.pk].application),
                p.get_stage_display(),
                p.starts_on,
                p.ends_on,
                p.beneficiaries,
                p.beneficiary_count,
                p.content,
                p.expected_effects,
                p.plan_version,
                row["grant_status"],
                row["milestones"],
                row["milestones_done"],
                row["milestones_overdue"],
                row["approved"],
                row["spent"],
                row["spent_percent"],
                row["activities"],
                row["participants"],
                p.score,
                p.get_grade_display(),
                _local(p.graded_at),
                p.rectify_by,
                p.terminated_reason,
            ]
        )
    return header, body


def _payments(projects, full) -> tuple[list[str], list[list]]:
    header = [
        *WHO,
        "开户名称",
        "开户行",
        "账号",
        "账户确认时间",
        "承诺签署时间",
        "拨付金额（元）",
        "批次",
        "拨付日期",
        "凭证号",
        "拨付单位",
        "到账日期",
        "到账确认时间",
        "收据",
        "资金状态",
    ]
    body = []
    for p in projects:
        g = full[p.pk].grant
        body.append(
            [
                p.rank,
                p.unit.name,
                g.account_name,
                g.bank,
                g.account_number,
                _local(g.account_confirmed_at),
                _local(g.commitment_signed_at),
                g.amount,
                g.batch.number if g.batch else None,
                g.paid_on,
                g.voucher,
                g.payer,
                g.received_on,
                _local(g.received_confirmed_at),
                g.receipt.original_name if g.receipt else "",
                g.status,
            ]
        )
    return header, body


def _lines(call, who, expenses) -> tuple[list[str], list[list]]:
    spent = defaultdict(lambda: {Expense.Source.GRANT: ZERO, Expense.Source.OWN: ZERO})
    for e in expenses:
        spent[e.line_id][e.source] += e.amount
    header = [
        *WHO,
        "序号",
        "支出明细",
        "预算金额（元）",
        "说明",
        "已在变更中取消",
        "助推资金支出（元）",
        "自筹支出（元）",
        "合计支出（元）",
        "剩余（元）",
    ]
    body = []
    for line in BudgetLine.objects.filter(project__call=call).order_by("project__rank", "project_id", "position"):
        grant, own = spent[line.pk][Expense.Source.GRANT], spent[line.pk][Expense.Source.OWN]
        body.append(
            who[line.project_id]
            + [
                line.position,
                line.item,
                line.approved,
                line.notes,
                _yes(line.withdrawn),
                grant,
                own,
                grant + own,
                line.approved - grant - own,
            ]
        )
    return header, body


def _expenses(who, expenses) -> tuple[list[str], list[list]]:
    header = [
        *WHO,
        "支出日期",
        "预算科目",
        "支出事项",
        "金额（元）",
        "资金来源",
        "收款方",
        "发票号码",
        "发票扫描件",
        "提示",
        "登记时间",
    ]
    body = [
        who[e.project_id]
        + [
            e.spent_on,
            e.line.item,
            e.item,
            e.amount,
            e.get_source_display(),
            e.payee,
            e.invoice_number,
            e.invoice.original_name if e.invoice else "",
            "；".join(e.warnings),
            _local(e.created_at),
        ]
        for e in expenses
    ]
    return header, body


def _milestones(call, who, day) -> tuple[list[str], list[list]]:
    header = [*WHO, "序号", "时间段", "内容", "完成期限", "开始日期", "完成日期", "状态"]
    body = [
        who[m.project_id]
        + [m.position, m.period, m.content, m.due_on, m.started_on, m.done_on, str(m.Status(m.status_on(day)).label)]
        for m in Milestone.objects.filter(project__call=call).order_by("project__rank", "project_id", "position")
    ]
    return header, body


def _activities(call, who) -> tuple[list[str], list[list]]:
    header = [*WHO, "日期", "类型", "活动名称", "服务对象", "参加人数", "地点", "服务机构", "活动概述", "文件"]
    activities = (
        Activity.objects.filter(project__call=call)
        .select_related("provider")
        .prefetch_related("files")
        .order_by("project__rank", "project_id", "held_on", "id")
    )
    body = [
        who[a.project_id]
        + [
            a.held_on,
            a.get_kind_display(),
            a.title,
            a.target_group,
            a.participants,
            a.place,
            a.provider.name if a.provider else "",
            a.summary,
            "、".join(f.original_name for f in a.files.all()),
        ]
        for a in activities
    ]
    return header, body


def _midterms(call, who) -> tuple[list[str], list[list]]:
    header = [*WHO, "项目进展", "存在问题与下一步计划", "提交时间", "工作人员意见", "意见时间"]
    body = [
        who[m.project_id] + [m.progress, m.problems, _local(m.submitted_at), m.staff_comment, _local(m.commented_at)]
        for m in MidtermReport.objects.filter(project__call=call).order_by("project__rank", "project_id")
    ]
    return header, body


def _changes(call, who) -> tuple[list[str], list[list]]:
    header = [*WHO, "变更类型", "变更理由", "变更后内容", "状态", "提出时间", "审核时间", "审核意见", "生效版本"]
    changes = (
        ChangeRequest.objects.filter(project__call=call)
        .select_related("version")
        .order_by("project__rank", "project_id", "requested_at", "id")
    )
    body = [
        who[c.project_id]
        + [
            c.get_kind_display(),
            c.reason,
            json.dumps(c.proposed, ensure_ascii=False),
            c.get_state_display(),
            _local(c.requested_at),
            _local(c.decided_at),
            c.decision_note,
            c.version.number if c.version else None,
        ]
        for c in changes
    ]
    return header, body


def _requests(call) -> tuple[list[str], list[list], list[list]]:
    """The call's projects' requests, and the requests of its units filed without a project."""
    requests = list(
        ResourceRequest.objects.filter(Q(project__call=call) | Q(project__isnull=True, unit__projects__call=call))
        .distinct()
        .select_related("unit", "provider", "expert")
        .order_by("created_at", "id")
    )
    header = [
        "单位名称",
        "需求类型",
        "需求说明",
        "期望时间",
        "状态",
        "助推项目单位优先",
        "提出时间",
        "服务机构",
        "专家",
        "对接安排",
        "对接时间",
        "对接用时（小时）",
        "评价",
        "评价意见",
    ]
    body = [
        [
            r.unit.name,
            r.get_kind_display(),
            r.need,
            r.preferred_time,
            r.get_state_display(),
            _yes(r.priority),
            _local(r.created_at),
            r.provider.name if r.provider else "",
            r.expert.name if r.expert else "",
            r.arrangement,
            _local(r.matched_at),
            round((r.matched_at - r.created_at).total_seconds() / 3600, 1) if r.matched_at else None,
            r.rating,
            r.rating_comment,
        ]
        for r in requests
    ]
    sessions = [
        [c.request.unit.name, c.request.get_kind_display(), c.held_on, c.who, c.topic, c.form, c.outcome]
        for c in Consultation.objects.filter(request__in=requests)
        .select_related("request__unit")
        .order_by("request__created_at", "request_id", "held_on", "id")
    ]
    return header, body, sessions


def _closings(call, who) -> tuple[list[str], list[list]]:
    header = [
        *WHO,
        "目标完成情况",
        "成效与经验",
        "存在问题与改进",
        "活动次数",
        "参加人次",
        "预算（元）",
        "助推资金支出（元）",
        "自筹支出（元）",
        "助推资金到账（元）",
        "助推资金结余（元）",
        "提示",
        "提交时间",
        "提交次数",
        "退回理由",
        "审核通过时间",
    ]
    body = []
    for r in ClosingReport.objects.filter(project__call=call).order_by("project__rank", "project_id"):
        acts, money = r.figures.get("activities", {}), r.figures.get("accounts", {})

        def amount(key, money=money):
            return Decimal(money[key]) if key in money else None

        body.append(
            who[r.project_id]
            + [
                r.goals,
                r.effects,
                r.problems,
                acts.get("count"),
                acts.get("participants"),
                amount("approved"),
                amount("grant_spent"),
                amount("own_spent"),
                amount("grant_received"),
                amount("grant_balance"),
                "；".join(r.warnings),
                _local(r.submitted_at),
                r.rounds,
                r.return_reason,
                _local(r.accepted_at),
            ]
        )
    return header, body


def _evaluations(call, projects) -> tuple[list[str], list[list]]:
    criteria = list(Criterion.objects.filter(call=call, stage=Stage.CLOSING).order_by("position", "id"))
    by_application = {p.application_id: p for p in projects}
    assignments = list(
        Assignment.objects.filter(application_id__in=by_application, stage=Stage.CLOSING)
        .select_related("expert", "review")
        .order_by("application_id", "expert__name", "id")
    )
    points = {
        (s.review.assignment_id, s.criterion_id): s.points
        for s in Score.objects.filter(review__assignment__in=assignments).select_related("review")
    }
    header = (
        WHO
        + ["专家", "状态"]
        + [f"{c.name}（{c.max_points.normalize():f}分）" for c in criteria]
        + ["总分", "提交时间", "总体评语"]
    )
    body = []
    for a in assignments:
        p = by_application[a.application_id]
        review = getattr(a, "review", None)
        scores = [points.get((a.pk, c.pk)) for c in criteria]
        given = [s for s in scores if s is not None]
        body.append(
            [
                p.rank,
                p.unit.name,
                a.expert.name,
                review.get_state_display() if review else "未开始",
                *scores,
                sum(given, Decimal("0")) if given else None,
                _local(review.submitted_at) if review else None,
                review.comment if review else "",
            ]
        )
    return header, body


def everything(call, *, now=None) -> bytes:
    """The call's workbook: every entity of its projects, one sheet each."""
    day = today_of(now)
    rows = project_rows(call, now=now)
    projects = [row["project"] for row in rows]
    who = {p.pk: [p.rank, p.unit.name] for p in projects}
    full = {
        p.pk: p
        for p in Project.objects.filter(call=call).select_related("application", "grant__batch", "grant__receipt")
    }
    expenses = list(
        Expense.objects.filter(project__call=call)
        .select_related("line", "invoice")
        .order_by("project__rank", "project_id", "spent_on", "id")
    )
    request_header, request_rows, sessions = _requests(call)
    book = Workbook()
    book.remove(book.active)
    for title, (header, body) in (
        ("项目", _projects(call, rows, full)),
        ("资金拨付", _payments(projects, full)),
        ("预算科目", _lines(call, who, expenses)),
        ("支出明细", _expenses(who, expenses)),
        ("进度节点", _milestones(call, who, day)),
        ("活动记录", _activities(call, who)),
        ("中期报告", _midterms(call, who)),
        ("变更申请", _changes(call, who)),
        ("资源对接需求", (request_header, request_rows)),
        ("咨询指导记录", (["单位名称", "需求类型", "日期", "参加人员", "主题", "形式", "结果"], sessions)),
        ("结项材料", _closings(call, who)),
        ("结项评估", _evaluations(call, projects)),
    ):
        _sheet(book, title, header, body)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
