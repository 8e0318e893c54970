"""``psyboost load-demo``: the spelling the documentation uses; the command lives in ``load_demo``."""

from .load_demo import Command

__all__ = ["Command"]
