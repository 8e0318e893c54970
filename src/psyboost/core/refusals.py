"""The one base of every domain refusal, and the one place a refusal nobody handled becomes a response.

A service refuses by raising a subclass of ``Refused`` with a message the user can act on (a translatable string,
rendered in the request's language when shown), the form ``field`` it concerns if any, and the HTTP ``status`` a
page answers with. Views that can do better (show the message next to a field, keep the input) catch it;
``RefusalMiddleware`` answers for the rest: a page with the message, or JSON ``{"error": message}`` for scripts.
"""

from django.http import JsonResponse
from django.shortcuts import render


class Refused(Exception):
    status = 400

    def __init__(self, message="", *, field: str | None = None, status: int | None = None):
        super().__init__(message)
        self.field = field
        if status is not None:
            self.status = status

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __str__(self) -> str:
        return self.message


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "") or request.content_type == "application/json"


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused):
            return None
        if wants_json(request):
            return JsonResponse({"error": exception.message}, status=exception.status)
        return render(request, "errors/refused.html", {"message": exception.message}, status=exception.status)
