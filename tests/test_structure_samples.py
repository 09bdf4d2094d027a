"""The outline of each sample contract equals its expected outline, in every format."""

from __future__ import annotations

import json

import pytest

import contractlens
from conftest import EXPECTED, SAMPLE_NAMES, SAMPLES

CASES = [(name, ext) for name in SAMPLE_NAMES for ext in ("pdf", "txt", "docx")
         if (SAMPLES / f"{name}.{ext}").exists()]


def _outline(contract, with_pages: bool) -> list[dict]:
    keys = ("number", "heading", "level") + (("page_start", "printed_page_start") if with_pages else ())
    return [{k: getattr(u, k) for k in keys} for u in contract.units if u.kind != "unplaced"]


@pytest.mark.parametrize("name,ext", CASES, ids=[f"{n}.{e}" for n, e in CASES])
def test_outline_matches_expected(name, ext):
    expected = json.loads((EXPECTED / f"{name}.outline.json").read_text(encoding="utf-8"))
    contract = contractlens.segment(SAMPLES / f"{name}.{ext}")
    with_pages = ext == "pdf"  # text and Word drafts have no fixed pages
    keys = ("number", "heading", "level") + (("page_start", "printed_page_start") if with_pages else ())
    want = [{k: e[k] for k in keys} for e in expected]
    assert _outline(contract, with_pages) == want
    assert contract.coverage >= 0.98


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_pdfminer_engine_gives_the_same_articles(name):
    fast = contractlens.segment(SAMPLES / f"{name}.pdf")
    slow = contractlens.segment(SAMPLES / f"{name}.pdf", pdf_engine="pdfminer")
    assert slow.source.engine == "pdfminer" and fast.source.engine == "pdfium"
    top = lambda c: [(u.number, u.heading, u.page_start) for u in c.units if u.level == 1]  # noqa: E731
    assert top(slow) == top(fast)


def test_units_form_a_tree_with_text_in_order():
    contract = contractlens.segment(SAMPLES / "reform.pdf")
    ids = {u.id for u in contract.units}
    assert len(ids) == len(contract.units)
    previous = -1
    for u in contract.units:
        assert u.parent is None or u.parent in ids
        parent = contract.unit(u.parent) if u.parent else None
        if parent:
            assert parent.level == u.level - 1
            assert parent.start <= u.start and u.end <= parent.end
        assert u.start > previous
        previous = u.start
        assert contract.text[u.start:u.start + len(u.text)] == u.text
        assert u.page_start <= u.page_end


def test_table_of_contents_is_recognised_and_kept_out_of_clauses():
    contract = contractlens.segment(SAMPLES / "traditional.pdf")
    assert contract.toc and all(e.unit_id for e in contract.toc)
    assert contract.excluded
    toc_start, toc_end = contract.excluded[0]
    assert "TABLE OF CONTENTS" in contract.text[toc_start:toc_end]
    for u in contract.units:
        assert not (toc_start <= u.start < toc_end)
        assert "...." not in u.text  # leader dots are gone


def test_running_heads_and_page_numbers_are_not_in_the_text():
    contract = contractlens.segment(SAMPLES / "reform.pdf")
    assert "Crescent Bay USD – CBFT Collective Bargaining Agreement" not in contract.text
    assert "– 7 –" not in contract.text
    page = next(p for p in contract.pages if p.number == 9)
    assert page.printed == "7"
