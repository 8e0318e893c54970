"""``unread_notice_count`` for the header: counted only when a template actually shows it (one query then)."""

from django.utils.functional import SimpleLazyObject

from .services import unread_count


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notice_count": 0}
    return {"unread_notice_count": SimpleLazyObject(lambda: unread_count(user))}
