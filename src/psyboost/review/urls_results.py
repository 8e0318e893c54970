"""Review addresses: results — ranking and how each figure was made, selection and the panel's decision, insight,
exports (staff only)."""

from django.urls import path

from .views import results_exports, results_insight, results_ranking, results_selection

urlpatterns = [
    path("<int:year>/ranking/", results_ranking.ranking, name="ranking"),
    path("<int:year>/ranking/<int:pk>/", results_ranking.explain, name="explain"),
    path("<int:year>/selection/", results_selection.selection, name="selection"),
    path("<int:year>/decision/", results_selection.decision, name="decision"),
    path("<int:year>/insight/", results_insight.insight, name="insight"),
    path("<int:year>/export/ranking.xlsx", results_exports.export_ranking, name="export_ranking"),
    path("<int:year>/export/score-sheets.pdf", results_exports.export_score_sheets, name="export_score_sheets"),
]
