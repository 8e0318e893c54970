"""Addresses of the review: staff's panel, rubric, phases, conflicts and assignment (``urls_panel``); the experts'
scoring and the on-site exchange (``urls_scoring``); ranking, selection, insight and exports (``urls_results``).
One namespace, ``review``."""

from django.urls import include, path

app_name = "review"
urlpatterns = [
    path("", include("psyboost.review.urls_panel")),
    path("", include("psyboost.review.urls_scoring")),
    path("", include("psyboost.review.urls_results")),
]
