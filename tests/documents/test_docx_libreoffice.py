"""The DOCX opens in LibreOffice (issue 9): converted headless to PDF, every table and the sign-off box come out with
their labels. LibreOffice is a test dependency (``make install-test`` installs it); without it this test fails."""

import io
import os
import re
import shutil
import subprocess

from pypdf import PdfReader

from psyboost.core.pdf import FONT
from psyboost.documents import printing
from psyboost.documents.docx import render_docx

from .conftest import PAPER_LABELS, missing

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def plain(text: str) -> str:
    """Text without the marks LibreOffice draws in a fallback font run (its extraction order differs): “”■□."""
    return re.sub(r"[“”■□]", "", text)


def fonts_conf(folder) -> str:
    """A fontconfig file adding the vendored CJK font (the DOCX asks for 宋体, absent on a Debian test machine)."""
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{FONT.parent}</dir><cachedir>{folder / 'cache'}</cachedir>"
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include></fontconfig>'
    )
    return str(conf)


def test_libreoffice_converts_the_docx_with_every_label(submitted, tmp_path):
    assert SOFFICE, (
        "LibreOffice (soffice) is missing: run `make install-test` (as root it installs libreoffice-writer-nogui)"
    )
    source = tmp_path / "form.docx"
    source.write_bytes(render_docx(printing.printed_form(submitted)))

    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=240,
        check=False,
        env={**os.environ, "FONTCONFIG_FILE": fonts_conf(tmp_path)},
    )

    assert done.returncode == 0, done.stderr.decode(errors="replace")
    reader = PdfReader(io.BytesIO((tmp_path / "form.pdf").read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert missing(plain(text), [plain(label) for label in PAPER_LABELS]) == []
    assert len(reader.pages) >= 5
