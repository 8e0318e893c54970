"""An expert's scores: open the review of an assignment, save a draft, submit it (then it is locked), and staff's
reopen with a reason. Every refusal is a ``ScoringRefused`` with a Chinese message; bad figures are a
``ScoresInvalid`` carrying one message per field, so the page can show them next to the input it keeps.

Who may save: only the assigned expert, without an active conflict with the unit, while the assignment's stage
is open (``ReviewSettings.open_stage``). ``expected_version`` is the review's version the page was drawn from: a
save from an older tab is refused (nothing stored), and a submitted review refuses any further save or submit.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.audit.services import record
from psyboost.core.refusals import Refused
from psyboost.review import notices
from psyboost.review.models import Conflict, Criterion, Review, ReviewPhase, Score
from psyboost.review.predicates import expert_of
from psyboost.review.stages import gate_of

from .panel import review_settings_of

STEP = Decimal("0.5")


class ScoringRefused(Refused):
    """The save (or reopen) is not allowed now; the message says why."""


class ScoresInvalid(Refused):
    """Figures that cannot be stored: ``errors`` maps a criterion id (or ``"comment"``) to a message."""

    def __init__(self, errors: dict):
        super().__init__(_("评分有误，请按提示修改。"))
        self.errors = errors


def criteria_for(review_or_assignment):
    assignment = getattr(review_or_assignment, "assignment", review_or_assignment)
    return Criterion.objects.filter(call_id=assignment.application.call_id, stage=assignment.stage).order_by(
        "position", "id"
    )


def open_review(assignment) -> Review:
    """The assignment's review, created empty (a draft, version 1) the first time the expert opens it."""
    review, _created = Review.objects.get_or_create(assignment=assignment)
    return review


def parse_points(raw: str, maximum: Decimal) -> tuple[Decimal | None, str]:
    """(points, "") or (None, message). Empty input is (None, "")."""
    text = (raw or "").strip().replace("，", ".").replace("。", ".")
    if not text:
        return None, ""
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None, _("非数字：请填写 0–%(max)s 之间的分数。") % {"max": _figure(maximum)}
    if not value.is_finite():
        return None, _("非数字：请填写 0–%(max)s 之间的分数。") % {"max": _figure(maximum)}
    if value < 0 or value > maximum:
        return None, _("超出范围：分数应在 0–%(max)s 之间。") % {"max": _figure(maximum)}
    if value % STEP != 0:
        return None, _("分数以 0.5 分为单位。")
    return value.quantize(Decimal("0.1")), ""


def _figure(value: Decimal) -> str:
    return f"{value.normalize():f}"


def check_may_score(review: Review, actor) -> None:
    """Refuse unless ``actor`` is the assigned, non-conflicted expert and the assignment's stage is open."""
    assignment = review.assignment
    application = assignment.application
    expert = expert_of(actor)
    if expert is None or expert.pk != assignment.expert_id:
        raise ScoringRefused(_("这不是分配给您的评审任务。"))
    if (
        Conflict.objects.active()
        .filter(call_id=application.call_id, unit_id=application.unit_id, expert_id=assignment.expert_id)
        .exists()
    ):
        raise ScoringRefused(_("您与该申报单位存在利益冲突，不能评审。"))
    gate = gate_of(assignment.stage)
    if gate is not None:  # a stage opened by a later app (the closing evaluation)
        message = gate(assignment)
        if message:
            raise ScoringRefused(message)
        return
    review_settings = review_settings_of(application.call)
    if review_settings.open_stage != assignment.stage:
        stage_phase = ReviewPhase.MATERIALS if assignment.stage == "materials" else ReviewPhase.ONSITE
        if review_settings.has_reached(stage_phase):
            raise ScoringRefused(_("该评审环节已结束，评分不能再修改。"))
        raise ScoringRefused(_("该评审环节尚未开始，暂不能评分。"))


def validate(criteria, points: dict, comments: dict, comment: str, *, submit: bool) -> dict:
    """The figures parsed, per criterion id; raises ``ScoresInvalid`` with every problem at once."""
    errors, parsed = {}, {}
    for criterion in criteria:
        value, message = parse_points(points.get(criterion.pk, ""), criterion.max_points)
        if message:
            errors[criterion.pk] = message
        elif value is None and submit:
            errors[criterion.pk] = _("提交前请为每一项评分。")
        elif submit and criterion.comment_required and not (comments.get(criterion.pk) or "").strip():
            errors[criterion.pk] = _("必须填写评语。")
        parsed[criterion.pk] = value
    if errors:
        raise ScoresInvalid(errors)
    return parsed


def save_review(
    review: Review,
    points: dict,
    comments: dict,
    comment: str,
    expected_version: int,
    actor,
    submit: bool = False,
) -> Review:
    """Store the figures (a draft may leave criteria empty) and, with ``submit``, lock the review.

    ``points`` and ``comments`` map criterion ids to the text typed. Changes are audited old → new."""
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("assignment__application__call").get(pk=review.pk)
        check_may_score(review, actor)
        if review.state == Review.State.SUBMITTED:
            raise ScoringRefused(_("该评审意见已提交并锁定，不能再次提交或修改（如需修改请联系工作人员退回）。"))
        if expected_version != review.version:
            raise ScoringRefused(
                _("该评审意见已在其他页面（或窗口）保存过，本页内容未保存。请复制您的修改后刷新页面再试。")
            )
        criteria = list(criteria_for(review))
        parsed = validate(criteria, points, comments, comment, submit=submit)
        existing = {score.criterion_id: score for score in review.scores.all()}
        changes = {}
        for criterion in criteria:
            value = parsed[criterion.pk]
            text = (comments.get(criterion.pk) or "").strip()
            score = existing.get(criterion.pk)
            if value is None:
                if score is not None:
                    changes[criterion.name] = [str(score.points), None]
                    score.delete()
                continue
            if score is None:
                Score.objects.create(review=review, criterion=criterion, points=value, comment=text)
                changes[criterion.name] = [None, str(value)]
            elif score.points != value or score.comment != text:
                if score.points != value:
                    changes[criterion.name] = [str(score.points), str(value)]
                score.points, score.comment = value, text
                score.save(update_fields=["points", "comment"])
        review.comment = (comment or "").strip()
        review.version += 1
        if submit:
            review.state = Review.State.SUBMITTED
            review.submitted_at = timezone.now()
        review.save()
        record(actor, "review.scores_saved", review, changes=changes, version=review.version)
        if submit:
            record(actor, "review.submitted", review, total=str(sum(v for v in parsed.values() if v is not None)))
    return review


def reopen(review: Review, actor, reason: str) -> Review:
    """Unlock a submitted review (staff, with a reason) while its stage is open, so the expert may correct it."""
    reason = (reason or "").strip()
    if not reason:
        raise ScoringRefused(_("退回评审意见须填写理由。"))
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("assignment__application__call").get(pk=review.pk)
        if review.state != Review.State.SUBMITTED:
            raise ScoringRefused(_("该评审意见尚未提交，无需退回。"))
        gate = gate_of(review.assignment.stage)
        if gate is not None:
            if gate(review.assignment):
                raise ScoringRefused(_("该评审环节未在进行中，不能退回评审意见。"))
        elif review_settings_of(review.assignment.application.call).open_stage != review.assignment.stage:
            raise ScoringRefused(_("该评审环节未在进行中，不能退回评审意见。"))
        review.state = Review.State.DRAFT
        review.submitted_at = None
        review.reopen_reason = reason
        review.version += 1
        review.save()
        record(actor, "review.reopened", review, reason=reason, version=review.version)
        notices.tell_expert_reopened(review, reason, timezone.now())
    return review


def total(scores) -> Decimal:
    return sum((score.points for score in scores), Decimal("0"))
