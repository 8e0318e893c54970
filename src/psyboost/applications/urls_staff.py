"""Attachments, the pre-submit check, submission, the staff formal check, versions and the paper copy."""

urlpatterns = []
