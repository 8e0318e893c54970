"""Review addresses: the staff home of a call's review, the panel and experts, rubric, settings and phases,
conflicts and assignment; the expert's own conflict declarations."""

from django.urls import path

from .views import panel_assignments, panel_conflicts, panel_experts, panel_home, panel_rubric

urlpatterns = [
    path("<int:year>/", panel_home.staff_home, name="staff_home"),
    path("<int:year>/settings/", panel_home.review_settings, name="settings"),
    path("<int:year>/phase/", panel_home.phase, name="phase"),
    path("<int:year>/panel/", panel_experts.panel, name="panel"),
    path("<int:year>/experts/new/", panel_experts.expert_create, name="expert_create"),
    path("<int:year>/experts/import/", panel_experts.expert_import, name="expert_import"),
    path("<int:year>/experts/import/<slug:token>/", panel_experts.expert_import_preview, name="expert_import_preview"),
    path(
        "<int:year>/experts/import/<slug:token>/confirm/",
        panel_experts.expert_import_confirm,
        name="expert_import_confirm",
    ),
    path("<int:year>/rubric/", panel_rubric.rubric, name="rubric"),
    path("<int:year>/conflicts/", panel_conflicts.conflicts, name="conflicts"),
    path("<int:year>/my-conflicts/", panel_conflicts.my_conflicts, name="my_conflicts"),
    path("<int:year>/assignments/", panel_assignments.assignments, name="assignments"),
]
