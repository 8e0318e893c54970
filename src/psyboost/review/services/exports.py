"""The results' exports: the ranking workbook (ranking, one sheet per expert with their scores, conflicts) and the
printable score sheets (one page per expert, PDF via WeasyPrint with the vendored CJK font; nothing else fetched)."""

import hashlib
import io
from collections import defaultdict
from decimal import Decimal

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font

from psyboost.applications.models import Application
from psyboost.core.pdf import FONT_URL, html_to_pdf
from psyboost.core.spreadsheets import append_row
from psyboost.review.models import Assignment, Conflict, Criterion, Expert, Review, Score, Stage

from . import stored
from .results import lines_of, money, ranking_of

BOLD = Font(bold=True)
INVALID_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet(workbook, title, header):
    sheet = workbook.create_sheet(title.translate(INVALID_TITLE)[:31])
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.freeze_panes = "A2"
    return sheet


def ranking_workbook(call) -> bytes:
    """The xlsx file, built once per results revision and export key (``stored.cached_for_key``): what it shows
    beyond the stored ranking is either followed by the revision (submitted scores, reviews, assignments, conflicts,
    criteria, review settings) or part of ``ranking_export_key``."""
    key = ranking_export_key(call)
    return stored.cached_for_key(
        call, "export:ranking.xlsx", key, lambda: build_ranking_workbook(call), lambda: ranking_export_key(call)
    )


def ranking_export_key(call) -> str:
    """A digest of what the ranking workbook shows that the results revision does not follow: the scores of
    reviews not submitted, the names of experts, units and applications' 编号, the quota and the grant."""
    digest = hashlib.sha256()
    parts = (
        (call.year, call.quota, str(call.grant_amount)),
        Score.objects.filter(review__assignment__application__call=call)
        .exclude(review__state=Review.State.SUBMITTED)
        .order_by("review_id", "criterion_id")
        .values_list("review_id", "criterion_id", "points"),
        Expert.objects.filter(assignments__application__call=call).distinct().order_by("pk").values_list("pk", "name"),
        Application.objects.filter(call=call).order_by("pk").values_list("pk", "number", "unit__name"),
        Conflict.objects.filter(call=call).order_by("pk").values_list("pk", "expert__name", "unit__name"),
    )
    for part in parts:
        digest.update(repr(list(part) if not isinstance(part, tuple) else part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def build_ranking_workbook(call) -> bytes:
    """The xlsx file: sheet 排名, one sheet per expert of the panel (or with scores), sheet 利益冲突."""
    ranking = ranking_of(call)
    workbook = Workbook()
    workbook.remove(workbook.active)
    stages = ranking.settings.stages
    header = ["排名", "编号", "单位名称"]
    for stage in stages:
        label = Stage(stage).label
        header += [f"{label}得分", f"{label}评审数", f"{label}原始平均", f"{label}标准差"]
    header += ["最终得分", "名额以内"]
    sheet = _sheet(workbook, "排名", header)
    for line in lines_of(call, ranking, call.quota):
        row = [line.row.rank, line.application.display_number, line.application.unit.name]
        for figure in line.stages:
            row += [figure.value, len(figure.reviews), figure.raw_mean, figure.sd] if figure else [None] * 4
        row += [line.row.final.value, "是" if line.within_quota else "否"]
        append_row(sheet, row)
    append_row(sheet, [])
    append_row(sheet, ["名额", call.quota, "助推资金总额（元）", money(call.grant_total)])

    criteria = list(Criterion.objects.filter(call=call).order_by("stage", "position", "id"))
    experts = Expert.objects.filter(assignments__application__call=call).distinct().order_by("name", "pk")
    points = defaultdict(dict)
    for review_id, criterion_id, value in Score.objects.filter(review__assignment__application__call=call).values_list(
        "review_id", "criterion_id", "points"
    ):
        points[review_id][criterion_id] = value
    conflicted = Conflict.objects.filter(call=call).active().pairs()
    reviews = defaultdict(list)
    for review in (
        Review.objects.filter(assignment__application__call=call)
        .select_related("assignment__application__call", "assignment__application__unit")
        .order_by("assignment__stage", "assignment__application__number", "pk")
    ):
        reviews[review.assignment.expert_id].append(review)
    for expert in experts:
        header = ["环节", "编号", "单位名称", "状态"] + [
            f"{c.get_stage_display()}·{c.name}（{c.max_points}）" for c in criteria
        ]
        sheet = _sheet(workbook, f"{expert.name}-{expert.pk}", header)
        for review in reviews[expert.pk]:
            application = review.assignment.application
            row = [review.assignment.get_stage_display(), application.display_number, application.unit.name]
            state = review.get_state_display()
            row.append(f"{state}（利益冲突，不计入）" if (expert.pk, application.unit_id) in conflicted else state)
            row += [points[review.pk].get(c.pk) if c.stage == review.assignment.stage else None for c in criteria]
            append_row(sheet, row)

    sheet = _sheet(workbook, "利益冲突", ["专家", "单位", "冲突类型", "来源", "有效", "说明"])
    for conflict in (
        Conflict.objects.filter(call=call).select_related("expert", "unit").order_by("expert__name", "unit__name", "pk")
    ):
        append_row(
            sheet,
            [
                conflict.expert.name,
                conflict.unit.name,
                conflict.get_kind_display(),
                conflict.get_source_display(),
                "是" if conflict.active else "否",
                conflict.dismissed_reason or conflict.note,
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def score_sheets(call, stage: str) -> list[dict]:
    """Per expert with assignments in ``stage``: their applications (never a conflicted one), the criteria, the
    points entered so far (drafts included) and the 总分 (the exact sum) once every criterion has points."""
    criteria = list(Criterion.objects.filter(call=call, stage=stage).order_by("position", "id"))
    points = defaultdict(dict)
    for review_id, criterion_id, value in Score.objects.filter(
        review__assignment__application__call=call, review__assignment__stage=stage
    ).values_list("review__assignment_id", "criterion_id", "points"):
        points[review_id][criterion_id] = value
    conflicted = Conflict.objects.filter(call=call).active().pairs()
    sheets = {}
    for assignment in (
        Assignment.objects.filter(application__call=call, stage=stage)
        .select_related("expert", "application__unit", "application__call")
        .order_by("expert__name", "expert_id", "application__number")
    ):
        if (assignment.expert_id, assignment.application.unit_id) in conflicted:
            continue
        sheet = sheets.setdefault(assignment.expert_id, {"expert": assignment.expert, "rows": []})
        cells = [points[assignment.pk].get(criterion.pk) for criterion in criteria]
        complete = bool(cells) and all(cell is not None for cell in cells)
        total = sum(cells, Decimal("0")) if complete else None  # 总分 only when every criterion has its points
        sheet["rows"].append({"application": assignment.application, "cells": cells, "total": total})
    return [{"criteria": criteria, **sheet} for sheet in sheets.values()]


def score_sheets_pdf(call, stage: str) -> bytes:
    html = render_to_string(
        "review/results/score_sheets_pdf.html",
        {"call": call, "stage": Stage(stage), "sheets": score_sheets(call, stage), "font_url": FONT_URL},
    )
    return html_to_pdf(html)
