"""The object getters of the applications' pages for ``core.permissions.permission_required``: they take the request
(the gate hands it over), answer None when signed out, 404 when missing or another unit's. Shared by the pages of
every stage that are about one application, so that no view module imports another app's views."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Application
from .rules import hide_from_other_units


def application_of(request, pk, *, load=None, **_kwargs):
    """The application a page is about, for the permission gate: None when signed out (the login page, whether it
    exists or not), 404 when it does not exist; kept on the request for the view. ``load(pk)`` may fetch it with
    what the page needs (None when missing)."""
    if not request.user.is_authenticated:
        return None
    if load is None:
        application = get_object_or_404(Application.objects.select_related("call", "unit"), pk=pk)
    else:
        application = load(pk)
        if application is None:
            raise Http404
    hide_from_other_units(request.user, application)
    request.application = application
    return application
