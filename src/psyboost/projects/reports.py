"""The closing report printed (PDF through ``core.pdf``, DOCX through python-docx) and the whole project as one
streamed ZIP, ``<单位名称>心理助推结项材料.zip`` (the documents engine's streaming writer)."""

import json
from io import BytesIO

from django.template.loader import render_to_string

from psyboost.core.pdf import FONT_URL, html_to_pdf
from psyboost.documents.package import Member, safe_name

from .exports import final_accounts_sheet
from .services.activities import activity_totals
from .services.spending import accounts_of


def report_context(project) -> dict:
    activities = list(project.activities.all())
    return {
        "project": project,
        "report": getattr(project, "closing_report", None),
        "totals": activity_totals(activities),
        "activities": activities,
        "accounts": accounts_of(project),
        "milestones": list(project.milestones.order_by("position")),
        "font_url": FONT_URL,
    }


def closing_pdf(project) -> bytes:
    return html_to_pdf(render_to_string("projects/report_print.html", report_context(project)))


def closing_docx(project) -> bytes:
    from docx import Document

    context = report_context(project)
    document = Document()
    document.add_heading(f"{project.unit.name}职工心理服务助推项目结项报告", level=1)
    report = context["report"]
    for heading, text in (
        ("一、目标完成情况", report.goals if report else ""),
        ("三、成效与经验", report.effects if report else ""),
        ("四、存在问题与改进", report.problems if report else ""),
    ):
        document.add_heading(heading, level=2)
        document.add_paragraph(text)
    document.add_heading("二、活动开展情况", level=2)
    totals = context["totals"]
    document.add_paragraph(f"共开展活动 {totals['count']} 次，参加 {totals['participants']} 人次。")
    for entry in totals["by_type"]:
        document.add_paragraph(f"{entry['label']}：{entry['count']} 次，{entry['participants']} 人次")
    document.add_heading("经费决算", level=2)
    accounts = context["accounts"]
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ("预算科目", "预算", "助推资金", "自筹", "结余"), strict=True):
        cell.text = text
    for figure in accounts.lines:
        cells = table.add_row().cells
        for cell, value in zip(
            cells, (figure.line.item, figure.approved, figure.grant, figure.own, figure.remaining), strict=True
        ):
            cell.text = str(value)
    document.add_paragraph(
        f"助推资金到账 {accounts.grant_received} 元，支出 {accounts.grant_spent} 元，"
        f"结余 {accounts.grant_balance} 元；自筹支出 {accounts.own_spent} 元。"
    )
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def archive_name(project) -> str:
    return f"{safe_name(project.unit.name)}心理助推结项材料.zip"


def archive_members(project) -> list[Member]:
    """The ZIP's files in order: generated documents first (report, accounts, plan and changes, payment, the
    application as submitted, the evaluation), then every stored file, streamed from storage."""
    root = archive_name(project).removesuffix(".zip") + "/"
    application = project.application
    version = application.versions.order_by("-number").first()
    plan = [v.data | {"version": v.number, "reason": v.reason} for v in project.plan_versions.order_by("number")]
    grant = project.grant
    payment = {
        "amount": str(grant.amount),
        "paid_on": str(grant.paid_on),
        "voucher": grant.voucher,
        "payer": grant.payer,
        "received_on": str(grant.received_on),
    }
    evaluation = {
        "score": str(project.score) if project.score is not None else None,
        "grade": project.get_grade_display(),
    }
    expenses = [
        {
            "date": str(e.spent_on),
            "line": e.line.item,
            "item": e.item,
            "amount": str(e.amount),
            "source": e.get_source_display(),
            "payee": e.payee,
            "invoice": e.invoice_number,
        }
        for e in project.expenses.select_related("line")
    ]

    def text(data) -> bytes:
        return json.dumps(data, ensure_ascii=False, indent=2).encode()

    members = [
        Member(f"{root}结项报告.pdf", closing_pdf(project)),
        Member(f"{root}结项报告.docx", closing_docx(project)),
        Member(f"{root}经费决算表.xlsx", final_accounts_sheet(project)),
        Member(f"{root}申报内容（提交版本）.json", text(version.data if version else {})),
        Member(f"{root}实施计划及变更.json", text(plan)),
        Member(f"{root}拨付记录.json", text(payment)),
        Member(f"{root}支出记录.json", text(expenses)),
        Member(f"{root}结项评估.json", text(evaluation)),
    ]
    for item in project.files.select_related("activity").order_by("kind", "pk"):
        folder = f"活动/{safe_name(str(item.activity))}" if item.activity_id else safe_name(item.get_kind_display())
        members.append(
            Member(
                f"{root}{folder}/{item.pk}-{safe_name(item.original_name)}",
                storage_name=item.file.name,
                size=item.size,
                when=item.uploaded_at,
            )
        )
    return members
