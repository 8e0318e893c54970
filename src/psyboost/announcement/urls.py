from django.urls import path

from .views import handling, objection, public, replacement, staff

app_name = "announcement"
urlpatterns = [
    path("calls/<int:year>/results/", public.results, name="results"),
    path("calls/<int:year>/results.json", public.results_json, name="results_json"),
    path("calls/<int:year>/results/<int:pk>.pdf", public.announcement_pdf, name="pdf"),
    path("calls/<int:year>/results/<int:pk>.docx", public.announcement_docx, name="docx"),
    path("calls/<int:year>/results/objection/", objection.objection, name="objection"),
    path("calls/<int:year>/results/objection/status/", objection.status, name="objection_status"),
    path("calls/<int:year>/results/verify/", public.verify, name="verify"),
    path("feeds/results.atom", public.feed, name="feed"),
    path("staff/announcement/", staff.staff_index, name="staff_index"),
    path("staff/announcement/calendar/", staff.calendar, name="calendar"),
    path("staff/announcement/<int:year>/", staff.staff_call, name="staff_call"),
    path("staff/announcement/<int:year>/settings/", staff.staff_settings, name="settings"),
    path("staff/announcement/<int:year>/prepare/", staff.prepare, name="prepare"),
    path("staff/announcement/<int:year>/confirm/", staff.confirm, name="confirm"),
    path("staff/announcement/<int:year>/objections/new/", handling.register, name="register"),
    path("staff/announcement/<int:year>/amend/", handling.amend, name="amend"),
    path("staff/announcement/replacements/<int:pk>/", replacement.replacement, name="replacement"),
    path("staff/announcement/notices/<int:pk>/preview/", staff.preview, name="preview"),
    path("staff/announcement/notices/<int:pk>/publish/", staff.publish, name="publish"),
    path("staff/announcement/notices/<int:pk>/correct/", staff.correct, name="correct"),
    path("staff/announcement/notices/<int:pk>/posting/", staff.posting, name="posting"),
    path("staff/announcement/objections/<int:pk>/", handling.objection_detail, name="objection_detail"),
    path("staff/announcement/objection-files/<int:pk>/", handling.objection_file, name="objection_file"),
    path("staff/announcement/explanation-files/<int:pk>/", handling.explanation_file, name="explanation_file"),
    path("staff/announcement/amendments/<int:pk>/supplementary/", handling.supplementary, name="supplementary"),
    path("announcement/explanations/<int:pk>/", handling.explanation, name="explanation"),
    path("announcement/letters/<int:pk>.pdf", handling.letter, name="letter"),
]
