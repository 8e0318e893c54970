"""The expert's closing evaluations: the projects assigned (stage ``closing``) and the scoring page, which saves
through the review's own scoring service (same checks: assigned, not conflicted, open, stale tab)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from psyboost.core.permissions import permission_required
from psyboost.review.models import Assignment, Stage
from psyboost.review.predicates import expert_of
from psyboost.review.services import scoring

from ..models import Project
from ..services import evaluation
from .common import detail_context


@permission_required("projects.evaluate")
def evaluations(request):
    expert = expert_of(request.user)
    assignments = Assignment.objects.filter(expert=expert, stage=Stage.CLOSING).select_related(
        "application__unit", "application__call"
    )
    projects = {
        p.application_id: p for p in Project.objects.filter(application__in=[a.application_id for a in assignments])
    }
    rows = [(a, projects.get(a.application_id), getattr(a, "review", None)) for a in assignments]
    return render(request, "projects/evaluations.html", {"rows": rows})


@permission_required("projects.evaluate")
def evaluate(request, pk):
    expert = expert_of(request.user)
    assignment = get_object_or_404(Assignment, pk=pk, stage=Stage.CLOSING, expert=expert)
    project = get_object_or_404(Project, application_id=assignment.application_id)
    if not request.user.has_perm("projects.view_project", project):
        raise Http404
    criteria = evaluation.rubric(project.call)
    review = scoring.open_review(assignment)
    errors = {}
    if request.method == "POST":
        points = {c.pk: request.POST.get(f"points_{c.pk}", "") for c in criteria}
        comments = {c.pk: request.POST.get(f"comment_{c.pk}", "") for c in criteria}
        try:
            scoring.save_review(
                review,
                points,
                comments,
                request.POST.get("comment", ""),
                int(request.POST.get("version") or 0),
                request.user,
                submit=request.POST.get("submit") == "1",
            )
        except scoring.ScoresInvalid as invalid:
            errors = invalid.errors
            messages.error(request, str(invalid))
        except scoring.ScoringRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("评估意见已保存。"))
            return redirect("projects:evaluate", assignment.pk)
    scores = {s.criterion_id: s for s in review.scores.all()}
    context = {
        **detail_context(request, project),
        "assignment": assignment,
        "review": review,
        "rows": [(c, scores.get(c.pk), errors.get(c.pk, ""), request.POST.get(f"points_{c.pk}")) for c in criteria],
        "gate": evaluation.gate(assignment),
    }
    return render(request, "projects/evaluate.html", context)
