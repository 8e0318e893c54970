"""The unit's form: its start page, one page per section, the autosave, the privacy notice."""

from django.urls import path

from .views import form, form_pages

urlpatterns = [
    path("mine/", form_pages.mine, name="mine"),
    path("privacy/", form_pages.privacy_notice, name="privacy_notice"),
    path("<int:pk>/autosave/", form.autosave, name="autosave"),
    path("<int:pk>/form/<slug:section>/", form.section, name="section"),
]
