"""Review permissions. The predicates live in ``predicates.py``; each part of the review adds its permissions in
its own module below, imported here so that django-rules' autodiscovery finds them all."""

from . import rules_panel, rules_results, rules_scoring  # noqa: F401
