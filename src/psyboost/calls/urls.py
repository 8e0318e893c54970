from django.urls import path

from . import unit_account_views, unit_edit_views, unit_views, views

app_name = "calls"
urlpatterns = [
    path("calls/<int:year>/", views.notice, name="notice"),
    path("staff/calls/", views.staff_list, name="staff_list"),
    path("staff/calls/new/", views.create, name="create"),
    path("staff/calls/<int:year>/", views.staff_detail, name="staff_detail"),
    path("staff/calls/<int:year>/edit/", views.edit, name="edit"),
    path("staff/calls/<int:year>/copy/", views.copy, name="copy"),
    path("staff/units/", unit_views.unit_list, name="unit_list"),
    path("staff/units/<int:pk>/", unit_edit_views.unit_edit, name="unit_edit"),
    path("staff/units/import/", unit_views.unit_import, name="unit_import"),
    path("staff/units/import/template.xlsx", unit_views.unit_import_template, name="unit_import_template"),
    path("staff/units/import/<int:pk>/", unit_views.unit_import_preview, name="unit_import_preview"),
    path("staff/units/import/<int:pk>/confirm/", unit_views.unit_import_confirm, name="unit_import_confirm"),
    path("staff/units/import/<int:pk>/cancel/", unit_views.unit_import_cancel, name="unit_import_cancel"),
    path("accounts/units/", unit_account_views.unit_accounts, name="unit_accounts"),
    path("accounts/units/create/", unit_account_views.unit_accounts_create, name="unit_accounts_create"),
    path("accounts/units/<int:unit_pk>/add-user/", unit_account_views.unit_user_add, name="unit_user_add"),
]
