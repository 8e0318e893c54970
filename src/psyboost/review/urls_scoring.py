"""Review addresses: scoring."""

urlpatterns = []
