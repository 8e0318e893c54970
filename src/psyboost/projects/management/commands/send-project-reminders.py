"""``psyboost send-project-reminders``: the spelling the documentation and the systemd unit use; the command lives
in ``send_project_reminders``."""

from .send_project_reminders import Command

__all__ = ["Command"]
