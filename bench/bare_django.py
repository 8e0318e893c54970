"""The baseline of the HTTP benchmark: a bare Django project in one module — settings, URLs and WSGI application.

One view returns ``HttpResponse("ok")``: no middleware, no database, no templates. Served by the same gunicorn
config as psyboost (``gunicorn -c deploy/gunicorn.conf.py bare_django:application``, with bench/ on the path), it is
what Django and gunicorn cost on their own; the psyboost pages are reported as a ratio to it.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = "bench-only-" + "x" * 50
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
MIDDLEWARE: list[str] = []
INSTALLED_APPS: list[str] = []
DATABASES: dict = {}
USE_TZ = True


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("", ok)]

os.environ["DJANGO_SETTINGS_MODULE"] = __name__
application = get_wsgi_application()
