from django.urls import path

from . import unit_views, views

app_name = "calls"
urlpatterns = [
    path("calls/<int:year>/", views.notice, name="notice"),
    path("staff/calls/", views.staff_list, name="staff_list"),
    path("staff/calls/new/", views.create, name="create"),
    path("staff/calls/<int:year>/", views.staff_detail, name="staff_detail"),
    path("staff/calls/<int:year>/edit/", views.edit, name="edit"),
    path("staff/calls/<int:year>/copy/", views.copy, name="copy"),
    path("staff/units/", unit_views.unit_list, name="unit_list"),
]
