"""The Content-Security-Policy header: scripts, styles, images, media and forms from this site only; no inline
script or style, no plugins, no framing. The policy is ``settings.PSYBOOST_CONTENT_SECURITY_POLICY`` (sent on every
response that has none yet, set in settings/base.py for every environment); the browser tests fail on any
violation the browser reports (tests/browser/conftest.py)."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PSYBOOST_CONTENT_SECURITY_POLICY", None)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
