"""What the application services refuse, each with a message in Chinese the page can show as it is."""

from django.utils.translation import gettext as _

from psyboost.core.refusals import Refused


class ApplicationError(Refused):
    """A refused operation on an application; ``message`` says why, in Chinese."""


class TransitionNotAllowed(ApplicationError):
    """The workflow does not allow this move, or not for this actor, or a required reason is missing."""


class NotEditable(ApplicationError):
    """The application is frozen (submitted, accepted, rejected): only staff can send it back."""


class NotEligible(ApplicationError):
    """The unit is not among the call's eligible units."""


class SubmissionRefused(ApplicationError):
    """Submission refused: too late, not eligible, or blocking problems (listed in ``problems``)."""

    def __init__(self, message: str, problems=()):
        super().__init__(message)
        self.problems = list(problems)


class StaleDraft(ApplicationError):
    """Someone else saved the draft after the version this save started from.

    ``fields`` are the keys (form fields and row tables) changed since then, in form order; ``labels`` their labels;
    ``current_version`` is the version to start from once the user has looked at the changes.
    """

    def __init__(self, fields: list[str], labels: list[str], current_version: int, actors: list[str]):
        if labels:
            message = _(
                "保存失败：在您编辑期间，%(who)s保存了新的内容（%(labels)s）。您的输入仍保留在页面上，请核对后再保存。"
            ) % {
                "who": "、".join(actors) or _("其他用户"),
                "labels": "、".join(labels),
            }
        else:
            message = _("保存失败：在您编辑期间，其他用户保存了新的内容。您的输入仍保留在页面上，请核对后再保存。")
        super().__init__(message)
        self.fields = fields
        self.labels = labels
        self.current_version = current_version
        self.actors = actors
