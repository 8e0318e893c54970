from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("psyboost.workbench.urls")),
    path("accounts/", include("psyboost.accounts.urls")),
    path("", include("psyboost.calls.urls")),
    path("uploads/", include("psyboost.uploads.urls")),
    path("applications/", include("psyboost.applications.urls")),
    path("documents/", include("psyboost.documents.urls")),
    path("notifications/", include("psyboost.notifications.urls")),
    path("audit/", include("psyboost.audit.urls")),
    path("review/", include("psyboost.review.urls")),
    path("", include("psyboost.announcement.urls")),
    path("projects/", include("psyboost.projects.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]

handler403 = "psyboost.core.errors.permission_denied"
handler404 = "psyboost.core.errors.page_not_found"
handler500 = "psyboost.core.errors.server_error"
