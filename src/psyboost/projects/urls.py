from django.urls import path

from .views import expert, staff, unit

app_name = "projects"
urlpatterns = [
    path("", unit.mine, name="mine"),
    path("overview/", staff.index, name="index"),
    path("<int:year>/", staff.call_projects, name="call"),
    path("<int:year>/export.xlsx", staff.export, name="export"),
    path("<int:year>/payments/", staff.payments, name="payments"),
    path("<int:year>/payments/<int:number>.xlsx", staff.disbursement, name="disbursement"),
    path("<int:year>/evaluation/assign/", staff.assign_evaluation, name="assign_evaluation"),
    path("p/<int:pk>/", unit.detail, name="detail"),
    path("p/<int:pk>/account/", unit.account, name="account"),
    path("p/<int:pk>/receipt/", unit.receipt, name="receipt"),
    path("p/<int:pk>/expenses/", unit.expense, name="expense"),
    path("p/<int:pk>/activities/", unit.activity, name="activity"),
    path("p/<int:pk>/milestones/<int:milestone_pk>/", unit.milestone, name="milestone"),
    path("p/<int:pk>/changes/", unit.change, name="change"),
    path("p/<int:pk>/changes/<int:change_pk>/decide/", staff.decide_change, name="decide_change"),
    path("p/<int:pk>/closing/", unit.closing_materials, name="closing"),
    path("p/<int:pk>/check/", staff.check, name="check"),
    path("p/<int:pk>/grade/", staff.grade, name="grade"),
    path("p/<int:pk>/terminate/", staff.terminate, name="terminate"),
    path("p/<int:pk>/report.pdf", staff.report_pdf, name="report_pdf"),
    path("p/<int:pk>/report.docx", staff.report_docx, name="report_docx"),
    path("p/<int:pk>/archive.zip", staff.archive, name="archive"),
    path("files/<int:pk>/", unit.download, name="file"),
    path("requests/", staff.requests, name="requests"),
    path("requests/mine/", unit.my_requests, name="my_requests"),
    path("requests/<int:pk>/match/", staff.match, name="match"),
    path("requests/<int:pk>/rate/", unit.rate, name="rate"),
    path("providers/", staff.providers, name="providers"),
    path("evaluations/", expert.evaluations, name="evaluations"),
    path("evaluations/<int:pk>/", expert.evaluate, name="evaluate"),
]
