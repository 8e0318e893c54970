"""The printed form (DOCX, PDF) and the application package (ZIP), under /documents/."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("applications/<int:pk>/form.docx", views.application_docx, name="application_docx"),
    path("applications/<int:pk>/form.pdf", views.application_pdf, name="application_pdf"),
    path("applications/<int:pk>/package.zip", views.application_package, name="application_package"),
    path("calls/<int:year>/render-all/", views.render_all, name="render_all"),
    path("calls/<int:year>/blank-form.<str:extension>", views.blank_form, name="blank_form"),
]
