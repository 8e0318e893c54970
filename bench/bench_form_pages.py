"""Benchmark of the form's section pages, single requests through Django: each of the five sections of a complete
draft (the demo's complete content: every field, the tables filled), seconds per request (median of ``--repeat``
after two warm-ups), as when the section is opened again (its inputs kept for the saved version,
``applications/views/form_fragments.py``) and as after a save (``*_rendered_ms``: the cache emptied before every
request, so the inputs are rendered); the bare Django view's time in the same process for the ratio. A throwaway
SQLite test database, the test settings (DEBUG off, cached template loaders).

``--renderer django`` measures with Django's own form renderer (templates per widget) instead of the project's
``FORM_RENDERER``, for comparison.

Run: ``PYTHONPATH=src .venv/bin/python bench/bench_form_pages.py [--repeat 30] [--profile basic] [--renderer django]``
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "bench"), str(REPO), str(REPO / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psyboost.settings.test")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases  # noqa: E402

SECTIONS = ("basic", "foundation", "history", "project", "signoff")


def build():
    from datetime import timedelta

    from django.utils import timezone
    from tests import factories

    from psyboost.demo import applications as demo

    now = timezone.now()
    call = factories.CallFactory(opens_at=now - timedelta(days=1), deadline=now + timedelta(days=30))
    unit = factories.UnitFactory()
    user = factories.UnitUserFactory(unit=unit)
    application = demo.build(random.Random(7), call, unit, user, "complete", now - timedelta(days=1))
    return application, user


def timed(function, repeat: int) -> float:
    function()
    function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", choices=SECTIONS, help="print a cProfile of this section's page")
    parser.add_argument("--renderer", choices=["project", "django"], default="project")
    args = parser.parse_args()
    if args.renderer == "django":
        from django.conf import settings
        from django.forms import renderers

        settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
        renderers.get_default_renderer.cache_clear()
    from _common import write_result

    setup_databases(verbosity=0, interactive=False)
    application, user = build()
    client = Client()
    client.force_login(user)
    figures = {}
    for section in SECTIONS:
        url = f"/applications/{application.pk}/form/{section}/"

        def page(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        def rendered(url=url):
            cache.clear()
            page(url)

        figures[f"{section}_ms"] = round(timed(page, args.repeat) * 1000, 2)
        figures[f"{section}_rendered_ms"] = round(timed(rendered, args.repeat) * 1000, 2)
    from django.http import HttpResponse
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    figures["bare_view_ms"] = round(timed(lambda: HttpResponse("ok"), args.repeat) * 1000, 4)
    for key, value in figures.items():
        print(f"{key:<16} {value}")
    if args.profile:
        import cProfile
        import pstats

        url = f"/applications/{application.pk}/form/{args.profile}/"
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(10):
            client.get(url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    del request
    write_result("form_pages" if args.renderer == "project" else "form_pages_django_renderer", figures)
    return figures


if __name__ == "__main__":
    main()
