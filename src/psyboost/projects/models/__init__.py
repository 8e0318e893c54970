from .closing import ClosingReport
from .files import FileKind, ProjectFile
from .implementation import Activity, ChangeRequest, MidtermReport, ServiceType
from .matching import Consultation, Provider, ResourceRequest
from .money import Expense, Grant, PaymentBatch, mask_account
from .project import BudgetLine, Milestone, PlanVersion, Project, ProjectSettings, StageChange

__all__ = [
    "Activity",
    "BudgetLine",
    "ChangeRequest",
    "ClosingReport",
    "Consultation",
    "Expense",
    "FileKind",
    "Grant",
    "MidtermReport",
    "Milestone",
    "PaymentBatch",
    "PlanVersion",
    "Project",
    "ProjectFile",
    "ProjectSettings",
    "Provider",
    "ResourceRequest",
    "ServiceType",
    "StageChange",
    "mask_account",
]
