"""Funded projects: the staff project list at 40 and 400 projects (time and query count, which must not grow), the
closing-report PDF (seconds), and the whole-project ZIP of 1 GB of files (peak memory of the serving process).

    .venv/bin/python bench/bench_projects.py [--repeat 5] [--files-mb 1024]

A child process works in a temporary folder (its own SQLite database and media, deleted afterwards): it migrates,
makes 40 projects through the real path (selected applications, ``results_confirmed``, account, commitment,
payment, an activity and an expense each), times ``/projects/<year>/`` through Django's test client (median of
``--repeat``, queries counted), adds 360 more and times it again. Then it renders one project's closing report
PDF (median), stores ten sparse 1/10 files as the project's closing videos and downloads ``projects:archive``,
reading the streamed body and throwing it away: VmRSS before and VmHWM after tell the cost of the streaming.
"""

import argparse
import json
import os
import statistics
import time

from _common import drain_streamed, run_child, setup_child_django, sparse_videos, write_result


def child(repeat: int, files_mb: int) -> dict:
    setup_child_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from tests import factories
    from tests.projects.helpers import make_projects, paid

    from psyboost.projects import reports
    from psyboost.projects.models import FileKind, ProjectFile
    from psyboost.projects.services import activities, spending

    call, staff = factories.CallFactory(), factories.StaffFactory(username="bench-staff")

    def add(count: int, start: int) -> None:
        for project in make_projects(call, staff, names=[f"基准单位{start + i:04d}" for i in range(count)]):
            user = factories.UnitUserFactory(username=f"bench-{project.pk}", unit=project.unit)
            paid(project, user, staff, voucher=f"PZ{project.pk}")
            activities.record_activity(
                project, user, held_on="2020-09-01", kind="lecture", title="讲座", participants="30"
            )
            line = project.budget_lines.first()
            spending.record_expense(
                project, user, line_id=str(line.pk), spent_on="2020-09-02", item="讲座", amount="900", source="grant"
            )

    client = Client()
    client.force_login(staff)
    url = reverse("projects:call", args=[call.year])

    def measure() -> dict:
        client.get(url)  # warm-up
        runs = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                runs.append(time.perf_counter() - started)
        assert response.status_code == 200
        return {"seconds": statistics.median(runs), "queries": len(queries)}

    add(40, 0)
    at_40 = measure()
    add(360, 40)
    at_400 = measure()

    project = call.projects.order_by("rank").first()
    reports.closing_pdf(project)  # warm-up: fonts, templates
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        pdf = reports.closing_pdf(project)
        runs.append(time.perf_counter() - started)
    pdf_s = statistics.median(runs)

    for index, (name, size) in enumerate(sparse_videos("bench", 10, files_mb)):
        ProjectFile.objects.create(
            project=project,
            kind=FileKind.CLOSING_VIDEO,
            file=name,
            original_name=f"结项视频{index + 1}.mp4",
            size=size,
            content_type="video/mp4",
            sha256="0" * 64,
        )
    streamed = drain_streamed(client.get(reverse("projects:archive", args=[project.pk])))
    return {
        "repeat": repeat,
        "list_40": at_40,
        "list_400": at_400,
        "pdf_s": pdf_s,
        "pdf_kb": len(pdf) / 1024,
        "zip": {"files_mb": files_mb, **streamed},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--files-mb", type=int, default=1024)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(options.repeat, options.files_mb)))
        return
    figures = run_child(
        "bench_projects.py",
        "psyboost-bench-projects-",
        ["--repeat", str(options.repeat), "--files-mb", str(options.files_mb)],
        timeout=3600,
    )
    write_result("projects", figures)
    small, large, z = figures["list_40"], figures["list_400"], figures["zip"]
    print(
        f"staff project list: 40 projects {small['seconds'] * 1000:.0f} ms, {small['queries']} queries; "
        f"400 projects {large['seconds'] * 1000:.0f} ms, {large['queries']} queries (median of {figures['repeat']})"
    )
    print(f"closing report PDF: {figures['pdf_s']:.2f} s ({figures['pdf_kb']:.0f} KB)")
    print(
        f"ZIP of {z['files_mb']} MB of files: {z['zip_mb']:.0f} MB in {z['seconds']:.1f} s, {z['chunks']} chunks "
        f"(largest {z['largest_chunk_kb']:.0f} KB); serving process RSS {z['rss_before_mb']:.0f} MB before, "
        f"peak {z['peak_after_mb']:.0f} MB (growth {z['growth_mb']:.0f} MB)"
    )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
