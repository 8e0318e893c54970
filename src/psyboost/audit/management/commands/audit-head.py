"""``psyboost audit-head``: the spelling the documentation uses; the command lives in ``audit_head``."""

from .audit_head import Command

__all__ = ["Command"]
