from django.urls import path

from . import views

app_name = "uploads"
urlpatterns = [
    path("", views.collection, name="collection"),
    path("<uuid:upload_id>/", views.resource, name="upload"),
]
