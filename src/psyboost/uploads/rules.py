"""Who may use the upload endpoints at all: any signed-in, active user. Whether they may add a file to a given
object is the purpose's ``can_upload`` (see ``registry``)."""

import rules

rules.add_perm("uploads.upload", rules.is_authenticated & rules.is_active)
