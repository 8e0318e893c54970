"""Addresses of the application: the unit's form (``urls_form``) and everything after it — attachments,
submission, the staff formal check (``urls_staff``). One namespace, ``applications``."""

from django.urls import include, path

app_name = "applications"
# urls_staff first: its routes are literal ("<pk>/check/", "<pk>/versions/", "staff/" …), so a generic
# "<pk>/<section>/" of the form pages cannot swallow them.
urlpatterns = [
    path("", include("psyboost.applications.urls_staff")),
    path("", include("psyboost.applications.urls_form")),
]
