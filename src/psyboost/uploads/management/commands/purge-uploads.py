"""``psyboost purge-uploads``: the spelling the documentation uses; the command lives in ``purge_uploads``."""

from .purge_uploads import Command

__all__ = ["Command"]
