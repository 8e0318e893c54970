"""Staff's exports of the results: the ranking workbook (xlsx) and the printable score sheets (PDF). Staff only."""

from django.http import HttpResponse

from psyboost.core.permissions import permission_required
from psyboost.review.services import exports

from .panel_base import call_of, stage_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("review.view_results")
def export_ranking(request, year: int):
    call = call_of(year)
    return attachment(exports.ranking_workbook(call), XLSX, f"review-ranking-{call.year}.xlsx")


@permission_required("review.view_results")
def export_score_sheets(request, year: int):
    call = call_of(year)
    stage = stage_of(request)
    return attachment(exports.score_sheets_pdf(call, stage), "application/pdf", f"score-sheets-{call.year}-{stage}.pdf")
