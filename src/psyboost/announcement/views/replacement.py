"""递补 after a listed unit gave up: the page proposes the next one of the ranking; staff confirm it (or choose
another, or none, with a reason). Staff only (``MANAGE``); a plain form, a refusal keeps what was chosen (400)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.applications.models import Application, Transition
from psyboost.applications.workflow import State
from psyboost.core.permissions import permission_required

from ..models import Amendment
from ..services import replacement as service
from ..services.changes import CANDIDATE_STATES, proposed_replacement
from ..services.publishing import Invalid, Refused
from .staff import MANAGE, _errors_into


class ReplacementForm(forms.Form):
    replacement = forms.TypedChoiceField(label=gettext_lazy("递补项目"), coerce=int, required=False, empty_value=None)
    replacement_reason = forms.CharField(
        label=gettext_lazy("未按排名递补的理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


@permission_required(MANAGE)
def replacement(request, pk: int):
    application = get_object_or_404(
        Application.objects.select_related("unit", "call"), pk=pk, state=State.GIVEN_UP, selection__isnull=False
    )
    call = application.call
    settled = Amendment.objects.filter(call=call, removed=application).select_related("replacement__unit").first()
    proposed = proposed_replacement(call)
    candidates = (
        Application.objects.filter(call=call, selection__selected=False, state__in=CANDIDATE_STATES)
        .select_related("unit", "selection")
        .order_by("selection__rank", "pk")
    )
    form = ReplacementForm(request.POST or None, initial={"replacement": getattr(proposed, "pk", None)})
    form.fields["replacement"].choices = [("", _("（不递补）"))] + [
        (candidate.pk, f"{candidate.selection.rank}. {candidate.display_number} {candidate.unit.name}")
        for candidate in candidates
    ]
    status = 200
    if request.method == "POST" and settled is None:
        if form.is_valid():
            chosen = form.cleaned_data["replacement"]
            try:
                service.confirm(
                    application,
                    replacement=candidates.filter(pk=chosen).first() if chosen else None,
                    replacement_reason=form.cleaned_data["replacement_reason"],
                    actor=request.user,
                )
            except Invalid as invalid:
                _errors_into(form, invalid.errors)
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("递补已确认，名单已调整。"))
                return redirect("announcement:staff_call", call.year)
        status = 400
    given_up = Transition.objects.filter(application=application, to_state=State.GIVEN_UP).order_by("-at").first()
    context = {
        "call": call,
        "application": application,
        "given_up": given_up,
        "proposed": proposed,
        "settled": settled,
        "form": form,
    }
    return render(request, "announcement/replacement.html", context, status=status)
