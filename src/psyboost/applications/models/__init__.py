"""The application's models: the form itself, its repeating rows, and the records kept around it."""

from .application import Application, DraftSave, NumberSequence
from .records import Attachment, Extension, ExtensionRequest, PaperCopy, Transition, Version, attachment_upload_to
from .reminders import Reminder
from .rows import ROW_MODELS, BudgetItem, Equipment, FunctionalArea, PsychWorker, Row, ScheduleItem

__all__ = [
    "ROW_MODELS",
    "Application",
    "Attachment",
    "BudgetItem",
    "DraftSave",
    "Equipment",
    "Extension",
    "ExtensionRequest",
    "FunctionalArea",
    "NumberSequence",
    "PaperCopy",
    "PsychWorker",
    "Reminder",
    "Row",
    "ScheduleItem",
    "Transition",
    "Version",
    "attachment_upload_to",
]
