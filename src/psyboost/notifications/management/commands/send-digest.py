"""``psyboost send-digest``: the spelling the documentation uses; the command lives in ``send_digest``."""

from .send_digest import Command

__all__ = ["Command"]
