"""Review addresses: the expert's assignments and scoring page, the panel's view of an application's scores,
staff's progress and reopen, the on-site exchange plan, and the unit's own on-site slot."""

from django.urls import path

from .views import onsite_views, scoring_expert, scoring_staff

urlpatterns = [
    path("my-assignments/", scoring_expert.my_assignments, name="my_assignments"),
    path("assignments/<int:pk>/score/", scoring_expert.score, name="score"),
    path("applications/<int:pk>/scores/", scoring_staff.application_scores, name="application_scores"),
    path("reviews/<int:pk>/reopen/", scoring_staff.reopen, name="reopen"),
    path("<int:year>/progress/", scoring_staff.progress, name="progress"),
    path("<int:year>/onsite/", onsite_views.sessions, name="onsite"),
    path("<int:year>/my-slot/", onsite_views.my_slot, name="my_slot"),
]
