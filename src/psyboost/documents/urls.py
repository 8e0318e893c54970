"""The printed form (DOCX, PDF) and the application package (ZIP)."""

app_name = "documents"
urlpatterns = []
