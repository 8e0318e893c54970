"""``psyboost audit-verify``: the spelling the documentation uses; the command lives in ``audit_verify``."""

from .audit_verify import Command

__all__ = ["Command"]
