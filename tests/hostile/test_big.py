"""Inputs built to be big: thousands of pages in one section, text past every limit.

A 5,000-page PDF whose outline puts pages 10-5,000 into one article is one unit of 1.7
million characters: past spaCy's 1,000,000-character limit (E088, exit 70 before issue
15). It is matched in pieces and scans in bounded memory. The benchmark
benchmarks/bench_bigpdf.py does the same with full pages (17 million characters)."""

from __future__ import annotations

import json
import os

import pytest

from .bigpdf import write_pdf
from .conftest import assert_clean_error, run_cli
from .measure import run_measured

PEAK_MIB = 1024  # the bound for a 5,000-page PDF


def test_five_thousand_page_pdf_with_one_huge_section_scans_in_bounded_memory(work):
    write_pdf(work / "huge.pdf", 5000, headed=9, body_lines=10)
    run, peak = run_measured("scan", "huge.pdf", "-f", "json", cwd=work)
    assert run.code == 0 and "Traceback" not in run.err, (run.code, run.err[-1500:])
    document = json.loads(run.out)["results"][0]["document"]
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


@pytest.mark.parametrize("name", ["huge.txt", "huge.md", "huge.pdf", "noextension"])
def test_huge_text_is_refused_unread(work, name):
    # /dev/zero's worth of bytes in a regular (sparse) file: 200 MB, past the 32 MB text limit.
    with open(work / name, "wb") as fh:
        fh.truncate(200 * 2**20)
    run, peak = run_measured("scan", name, cwd=work)
    assert_clean_error(run, 3, name)
    assert "200 MB" in run.err and "32 MB of text" in run.err
    assert run.seconds < 10 and peak < 300, (run.seconds, peak)


def test_huge_text_among_good_files_in_compare(work):
    with open(work / "huge.txt", "wb") as fh:
        fh.truncate(200 * 2**20)
    run = run_cli("compare", "good.txt", "huge.txt", "--db", "r.db", "-j", "1", cwd=work)
    assert run.code == 4, run
    assert "huge.txt" in run.err and "32 MB of text" in run.err and "1 contracts" in run.out


def test_long_text_under_the_limit_is_read(work):
    # A 32 MB limit, not a smaller one: 2 MB of ordinary text (ten contracts long) scans.
    text = (work / "good.txt").read_text(encoding="utf-8")
    (work / "long.txt").write_text("\n\n".join([text] * 33), encoding="utf-8")
    assert os.path.getsize(work / "long.txt") > 2 * 2**20
    run = run_cli("segment", "long.txt", cwd=work)
    assert run.code == 0, run


def test_fifty_megabyte_text_on_one_line_is_refused_with_one_line(work):
    # The case (exit 70, E088, before): 50 MB of real text, no line break. Past the
    # 32 MB text limit, under which a scan stays below 1 GB; refused before it is read.
    line = " ".join((work / "good.txt").read_text(encoding="utf-8").split())
    with open(work / "oneline.txt", "w", encoding="utf-8") as fh:
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line + " ")
    run, peak = run_measured("scan", "oneline.txt", cwd=work)
    assert_clean_error(run, 3, "oneline.txt")
    assert "32 MB of text" in run.err and run.seconds < 10 and peak < 300, (run.seconds, peak)
