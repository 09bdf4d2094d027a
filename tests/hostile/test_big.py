"""Inputs built to be big: thousands of pages in one section, text past every limit.

A 5,000-page PDF whose outline puts pages 10-5,000 into one article is one unit of 1.7
million characters: past spaCy's 1,000,000-character limit (E088, exit 70 before issue
15). It is matched in pieces and scans in bounded memory. The benchmark
benchmarks/bench_bigpdf.py does the same with full pages (17 million characters)."""

from __future__ import annotations

import json

from .bigpdf import write_pdf
from .conftest import run_cli
from .measure import run_measured

PEAK_MIB = 1024  # the bound for a 5,000-page PDF


def test_five_thousand_page_pdf_with_one_huge_section_scans_in_bounded_memory(work):
    write_pdf(work / "huge.pdf", 5000, headed=9, body_lines=10)
    run, peak = run_measured("scan", "huge.pdf", "-f", "json", cwd=work)
    assert run.code == 0 and "Traceback" not in run.err, (run.code, run.err[-1500:])
    document = json.loads(run.out)["document"]
    assert document["pages"] == 5000 and document["units"] == 9, document
    assert peak <= PEAK_MIB, f"peak memory {peak:.0f} MiB"


def test_its_outline_has_one_unit_past_the_nlp_limit(work):
    # What makes the case hostile: the last article really is one unit of > 1,000,000 characters.
    write_pdf(work / "huge.pdf", 5000, headed=9, body_lines=10)
    run = run_cli("segment", "huge.pdf", "-f", "json", cwd=work)
    assert run.code == 0, run
    last = json.loads(run.out)["units"][-1]
    assert (last["page_start"], last["page_end"]) == (9, 5000)
    assert len(last["text"]) > 1_000_000
