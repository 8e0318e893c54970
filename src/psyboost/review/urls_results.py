"""Review addresses: results."""

urlpatterns = []
