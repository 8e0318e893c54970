from django.urls import path

from . import viewer

app_name = "audit"
urlpatterns = [
    path("", viewer.index, name="index"),
    path("export/", viewer.export, name="export"),
]
