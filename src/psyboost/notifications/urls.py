"""In-app notices."""

app_name = "notifications"
urlpatterns = []
