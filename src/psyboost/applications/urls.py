"""Addresses of the application: the unit's form (``urls_form``) and everything after it — attachments,
submission, the staff formal check (``urls_staff``). One namespace, ``applications``."""

from django.urls import include, path

app_name = "applications"
urlpatterns = [
    path("", include("psyboost.applications.urls_form")),
    path("", include("psyboost.applications.urls_staff")),
]
