"""The unit's form: one page per section, autosave, repeating tables."""

urlpatterns = []
