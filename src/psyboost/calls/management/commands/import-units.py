"""``psyboost import-units``: the spelling the documentation uses; the command lives in ``import_units``."""

from .import_units import Command

__all__ = ["Command"]
