"""The application pages: the form (``form*``), files, submission, the staff formal check, the read-only view."""
