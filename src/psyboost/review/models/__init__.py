"""The review of a call: who judges (panel), against what (rubric), when (phases), who may not judge whom
(conflicts), who judges what (assignments), the scores, the on-site exchange and the final selection."""

from .panel import Conflict, Expert, PanelMember
from .results import ResultsRevision, StoredResult
from .rubric import Criterion, Stage
from .scoring import Assignment, OnsiteSession, OnsiteSlot, Review, Score
from .selection import Decision, RankingLook, Selection
from .settings import ReviewPhase, ReviewSettings

__all__ = [
    "Assignment",
    "Conflict",
    "Criterion",
    "Decision",
    "Expert",
    "OnsiteSession",
    "OnsiteSlot",
    "PanelMember",
    "RankingLook",
    "ResultsRevision",
    "Review",
    "ReviewPhase",
    "ReviewSettings",
    "Score",
    "Selection",
    "Stage",
    "StoredResult",
]
