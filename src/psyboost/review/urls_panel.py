"""Review addresses: panel."""

urlpatterns = []
