"""Resumable, streaming file uploads for any app (the tus 1.0 protocol), checked by content, stored under
generated names; downloads with byte ranges; thumbnails.

- ``registry``: an app registers a *purpose* — the kinds of file it accepts (image / video / scan, each with its
  size limit), ``can_upload(user, target_id)`` and ``finish(upload)``, which creates the app's own record once the
  file is in storage. Nothing here knows about applications.
- ``views`` (mounted at ``/uploads/``): the tus endpoints the page's script (``static/psyboost/js/uploads.js``) talks
  to; ``services.store_uploaded_file`` gives a plain multipart form (no JavaScript) the same checks and finisher.
- ``content``: what a file is by its magic bytes, and whether it is whole; ``downloads.serve_file`` streams a stored
  file (the caller checks permission first); ``thumbnails.thumbnail`` makes and keeps a JPEG thumbnail.
- Settings, all optional (defaults in ``conf``): ``UPLOADS_TEMP_DIR`` (VAR_DIR/uploads-tmp),
  ``UPLOADS_MAX_BYTES`` (per family or kind: image 20 MB, video 500 MB, scan 20 MB), ``UPLOADS_EXPIRY`` (24 h),
  ``UPLOADS_READ_SIZE`` (1 MiB), ``UPLOADS_MAX_ACTIVE_PER_USER`` (20), ``UPLOADS_MAX_IMAGE_PIXELS``.
- ``psyboost purge-uploads`` deletes the temporary files of uploads left unfinished past their expiry.
"""
