"""What the announcement step tells later stages (projects connect here in their ``AppConfig.ready``)."""

from django.dispatch import Signal

# Sent by the confirmation of a call's results, inside its transaction, once every selected application has moved
# to 已入选: kwargs ``call``, ``selected`` (the applications in ranking order) and ``actor``.
results_confirmed = Signal()

# Sent when, after the confirmation, a replacement (递补) takes the place of a unit that gave up: kwargs ``call``,
# ``application`` (now 已入选), ``rank`` (its place in the ranking) and ``actor``; inside the change's transaction.
replacement_selected = Signal()
