"""The OCR page cache is a saving, never a reason for a scan to fail (issue 15).

On a full disk the cache cannot be created or written; the scan reads its pages all the
same and one warning says they were not cached (tests/test_ocr.py mocks a failure on the
first page written; here the whole CLI runs with every SQLite database capped)."""

from __future__ import annotations

import pytest

from .conftest import SAMPLES, run_cli

pytest.importorskip("tesserocr", reason="the OCR engine (tesserocr) is not installed")


@pytest.fixture
def scanned(work):
    from ocr_pdfs import rasterize  # tests/ocr_pdfs.py

    return rasterize(SAMPLES / "reform.pdf", work / "scanned.pdf", dpi=200, pages=[4])


@pytest.mark.parametrize("command", ["scan", "segment"])
def test_scan_of_a_scanned_pdf_on_a_full_disk_reads_on_without_the_cache(work, scanned, command):
    run = run_cli(command, "scanned.pdf", cwd=work, env={"HOSTILE_DB_FULL": "1"})
    assert "Traceback" not in run.err, run.err
    assert run.code == 0, (run.code, run.err)
    flat = " ".join((run.out + run.err).split())  # the table wraps long warnings
    assert flat.count("warning: the OCR page cache") == 1, run.out[-800:]
    assert "disk is full); pages are read again next time" in flat, run.out[-800:]
    assert "1 of 1 pages were read by OCR" in flat  # the page was read all the same
