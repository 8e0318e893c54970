"""What the application's state machine tells later stages: they connect here in their ``AppConfig.ready``, so
that this stage never imports them."""

from django.dispatch import Signal

# Sent by ``workflow.transition`` inside its transaction, after the move is saved and recorded, with
# ``application``, ``move`` (a ``workflow.Move``), ``transition`` (the timeline row), ``actor`` and ``reason``.
# A receiver's side effects outside the database (mail) belong in ``transaction.on_commit``.
application_transitioned = Signal()

# Sent by ``workflow.transition`` when a unit gives up an application after it was selected (已入选 → 已放弃), with
# ``application``, ``actor`` and ``reason``: the announcement step starts the replacement from its reserve list.
selection_given_up = Signal()
