"""The expert's pages: the list of their assignments with progress, and the scoring page of one assignment.

Answers: signed out → login; signed in but not an expert → 403; an expert asking for an assignment that is not
theirs, or one whose unit they have a conflict with → 404 (they must not learn that it exists).
"""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from psyboost.applications.readonly import context as readonly_context
from psyboost.core.permissions import permission_required
from psyboost.review.models import Assignment, Conflict, Review
from psyboost.review.predicates import expert_of
from psyboost.review.services import scoring
from psyboost.review.services.panel import review_settings_of


def _visible_assignments(expert):
    """The expert's assignments, conflicted ones left out (one query, whatever the count)."""
    conflicted = Conflict.objects.active().filter(
        call_id=OuterRef("application__call_id"), unit_id=OuterRef("application__unit_id"), expert_id=expert.pk
    )
    return (
        Assignment.objects.filter(expert=expert)
        .exclude(Exists(conflicted))
        .select_related("application__unit", "application__call__review_settings", "review")
        .order_by("-application__call__year", "stage", "application__number", "pk")
    )


def _review_of(assignment):
    try:
        return assignment.review
    except Review.DoesNotExist:
        return None


@permission_required("review.score")
def my_assignments(request):
    """Grouped by (call, stage): the open stage first with its progress; closed or future stages read-only."""
    expert = expert_of(request.user)
    groups: dict = {}
    for assignment in _visible_assignments(expert) if expert else []:
        call = assignment.application.call
        key = (call.pk, assignment.stage)
        if key not in groups:
            review_settings = getattr(call, "review_settings", None)
            groups[key] = {
                "call": call,
                "stage": assignment.get_stage_display(),
                "open": review_settings is not None and review_settings.open_stage == assignment.stage,
                "rows": [],
                "done": 0,
            }
        review = _review_of(assignment)
        submitted = review is not None and review.state == Review.State.SUBMITTED
        groups[key]["rows"].append({"assignment": assignment, "review": review, "submitted": submitted})
        groups[key]["done"] += submitted
    ordered = sorted(groups.values(), key=lambda group: (not group["open"], -group["call"].year, group["stage"]))
    return render(request, "review/scoring/my_assignments.html", {"groups": ordered, "expert": expert})


def _own_assignment(request, pk: int) -> Assignment:
    expert = expert_of(request.user)
    if expert is None:
        raise Http404
    assignment = _visible_assignments(expert).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


def _posted(request, criteria) -> tuple[dict, dict]:
    points = {c.pk: request.POST.get(f"points_{c.pk}", "") for c in criteria}
    comments = {c.pk: request.POST.get(f"comment_{c.pk}", "") for c in criteria}
    return points, comments


@permission_required("review.score")
def score(request, pk: int):
    """Read the application, score each criterion, save a draft or submit. A refused POST re-draws the page with
    everything typed kept and the messages next to the fields."""
    assignment = _own_assignment(request, pk)
    application = assignment.application
    review_settings = review_settings_of(application.call)
    is_open = review_settings.open_stage == assignment.stage
    review = scoring.open_review(assignment) if is_open else _review_of(assignment)
    criteria = list(scoring.criteria_for(assignment))
    stored = {s.criterion_id: s for s in review.scores.all()} if review else {}
    points = {c.pk: str(stored[c.pk].points) if c.pk in stored else "" for c in criteria}
    comments = {c.pk: stored[c.pk].comment if c.pk in stored else "" for c in criteria}
    comment = review.comment if review else ""
    version = review.version if review else 0
    errors = {}
    if request.method == "POST":
        if review is None:
            messages.error(request, _("该评审环节未在进行中，不能评分。"))
            return redirect("review:score", assignment.pk)
        points, comments = _posted(request, criteria)
        comment = request.POST.get("comment", "")
        submit = "submit" in request.POST
        try:
            expected = int(request.POST.get("version", ""))
        except ValueError:
            expected = -1
        try:
            scoring.save_review(review, points, comments, comment, expected, request.user, submit=submit)
        except scoring.ScoresInvalid as invalid:
            errors = invalid.errors
            messages.error(request, str(invalid))
            version = expected
        except scoring.ScoringRefused as refusal:
            messages.error(request, str(refusal))
            version = expected
        else:
            messages.success(request, _("评审意见已提交，谢谢！") if submit else _("草稿已保存。"))
            return redirect("review:score", assignment.pk)
        review.refresh_from_db()
    editable = is_open and review is not None and review.state == Review.State.DRAFT
    rows = [
        {"criterion": c, "points": points.get(c.pk, ""), "comment": comments.get(c.pk, ""), "error": errors.get(c.pk)}
        for c in criteria
    ]
    context = {
        "assignment": assignment,
        "application": application,
        "review": review,
        "rows": rows,
        "comment": comment,
        "version": version,
        "editable": editable,
        "is_open": is_open,
        "total": sum(stored[c].points for c in stored) if stored else None,
        "max_total": sum(c.max_points for c in criteria),
        **readonly_context(application, request.user),
    }
    return render(request, "review/scoring/score.html", context)
