"""The printed form and the package: PDF and DOCX rendering of a full application (seconds each), and the ZIP
download of an application with 500 MB of attachments (peak memory of the serving process).

    .venv/bin/python bench/bench_documents.py [--repeat 5] [--attachments-mb 500]

A child process works in a temporary folder (its own SQLite database and media, deleted afterwards): it migrates,
builds a full application (every field; 10 equipment rows, 10 staff rows, 20 budget rows, 500-字 profile, long
texts) and times ``pdf.render_pdf`` and ``docx.render_docx`` (median of ``--repeat`` after one warm-up). For the
DOCX download (``documents:application_docx``) it times the first request (renders and stores the DOCX) and the
later ones (the stored file). For the ZIP it stores five MP4 files of 100 MB (sparse, zeros) as attachments,
renders the PDF once, then downloads ``documents:application_package`` (streamed: ``PACKAGE_BACKGROUND_BYTES`` set
above the package's size) through Django's test client in that same process, reading the streamed body chunk by
chunk and throwing it away: the process's VmRSS before and its VmHWM (peak) after tell how much the streaming
costs.
"""

import argparse
import json
import os
import statistics
import time

from _common import drain_streamed, run_child, setup_child_django, sparse_videos, write_result


def child(repeat: int, attachments_mb: int) -> dict:
    setup_child_django()
    from datetime import date
    from decimal import Decimal

    from django.test import Client
    from django.urls import reverse
    from tests import factories

    from psyboost.applications.models import Attachment
    from psyboost.documents import docx, pdf, printing, services

    application = factories.ApplicationFactory(
        unit_profile="本单位为大型国有企业，" * 45, past_model="心理讲座、团体辅导。" * 80, plan="分阶段实施。" * 120
    )
    for position in range(2, 12):
        factories.EquipmentFactory(application=application, position=position)
    for position in range(2, 12):
        factories.PsychWorkerFactory(
            application=application, position=position, name="刘芳", birth_month=date(1990, 1, 1)
        )
    for position in range(2, 22):
        factories.BudgetItemFactory(application=application, position=position, unit_price=Decimal("123.45"))
    form = printing.printed_form(printing.load(application.pk))

    def timed(function) -> float:
        function(form)  # warm-up: fonts, templates
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            function(form)
            runs.append(time.perf_counter() - started)
        return statistics.median(runs)

    pdf_s, docx_s = timed(pdf.render_pdf), timed(docx.render_docx)
    pdf_bytes, docx_bytes = len(pdf.render_pdf(form)), len(docx.render_docx(form))

    for index, (name, size) in enumerate(sparse_videos("bench", 5, attachments_mb)):
        Attachment.objects.create(
            application=application,
            kind="activity_video",
            file=name,
            original_name=f"活动视频{index + 1}.mp4",
            size=size,
            content_type="video/mp4",
            sha256="0" * 64,
        )
    services.ensure_pdf(printing.load(application.pk))
    client = Client()
    client.force_login(factories.StaffFactory())
    docx_url = reverse("documents:application_docx", args=[application.pk])

    def download_docx():
        response = client.get(docx_url)
        assert response.status_code == 200, response.status_code
        return b"".join(response.streaming_content)

    started = time.perf_counter()
    download_docx()  # renders the DOCX once and stores it
    docx_first_s = time.perf_counter() - started
    stored_runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        download_docx()
        stored_runs.append(time.perf_counter() - started)
    streamed = drain_streamed(client.get(reverse("documents:application_package", args=[application.pk])))
    return {
        "repeat": repeat,
        "pdf_s": pdf_s,
        "docx_s": docx_s,
        "pdf_kb": pdf_bytes / 1024,
        "docx_kb": docx_bytes / 1024,
        "docx_download_first_s": docx_first_s,
        "docx_download_stored_s": statistics.median(stored_runs),
        "pages_note": "full application, tables padded as on paper",
        "zip": {"attachments_mb": attachments_mb, **streamed},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--attachments-mb", type=int, default=500)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(options.repeat, options.attachments_mb)))
        return
    # the streamed ZIP is measured: above PACKAGE_BACKGROUND_BYTES it would be built in the background instead
    figures = run_child(
        "bench_documents.py",
        "psyboost-bench-documents-",
        ["--repeat", str(options.repeat), "--attachments-mb", str(options.attachments_mb)],
        timeout=1200,
        PACKAGE_BACKGROUND_BYTES=str(10**12),
    )
    write_result("documents", figures)
    z = figures["zip"]
    print(
        f"PDF of a full application: {figures['pdf_s']:.2f} s ({figures['pdf_kb']:.0f} KB); "
        f"DOCX: {figures['docx_s']:.2f} s ({figures['docx_kb']:.0f} KB); median of {figures['repeat']}"
    )
    print(
        f"DOCX download: {figures['docx_download_first_s'] * 1000:.0f} ms the first time (rendered and stored), "
        f"{figures['docx_download_stored_s'] * 1000:.1f} ms when stored (median of {figures['repeat']})"
    )
    print(
        f"ZIP of {z['attachments_mb']} MB of attachments: {z['zip_mb']:.0f} MB in {z['seconds']:.1f} s, "
        f"{z['chunks']} chunks (largest {z['largest_chunk_kb']:.0f} KB); serving process RSS "
        f"{z['rss_before_mb']:.0f} MB before, peak {z['peak_after_mb']:.0f} MB (growth {z['growth_mb']:.0f} MB)"
    )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
