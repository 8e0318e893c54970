"""The project's permission gate for views: anonymous visitors go to the login page, signed-in users lacking the
permission get 403. (django-rules' own decorator redirects both to login, which loops for signed-in users.)"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin


def permission_required(perm: str, fn=None):
    """Check ``perm`` (against the object ``fn(request, *args, **kwargs)`` returns, if given) before the view."""

    def decorator(view_func):
        @wraps(view_func)
        def wrapped(request, *args, **kwargs):
            obj = fn(request, *args, **kwargs) if callable(fn) else None
            if request.user.has_perm(perm, obj):
                return view_func(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied

        return wrapped

    return decorator


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    raise_exception = False

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(self.request.get_full_path())
