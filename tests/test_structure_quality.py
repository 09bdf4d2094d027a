"""The structure score: what makes `segment` say an outline is doubtful."""

from __future__ import annotations

import pytest

import contractlens
from conftest import CONTRACTS
from contractlens.models import Page, TocEntry, Unit
from contractlens.structure.quality import structure_report

TALK = "This agreement was reached by collective bargaining; a grievance under it is heard promptly. "
FILLER = "The teacher shall plan lessons and meet students each day of the school year. "


def _doc(n_pages: int, sizes: list[int], labels: list[str] | None = None, talk: bool = True):
    """A text of ``n_pages`` pages and top-level units holding ``sizes`` pages each."""
    body = (TALK if talk else FILLER) + FILLER * 4
    pages, text = [], ""
    for p in range(n_pages):
        start = len(text)
        text += body
        pages.append(Page(p + 1, str(p + 1), start, len(text) - 1))
        text += "\n"
    units, page = [], 0
    for k, size in enumerate(sizes):
        a, b = pages[page].start, pages[page + size - 1].end
        label = labels[k] if labels else f"Article {k + 1}"
        units.append(Unit(f"u{k}", "article", label, str(k + 1), "Title", 1, None, page + 1, page + size,
                          str(page + 1), str(page + size), a, b, text[a:b]))
        page += size
    return units, pages, text


def _report(units, pages, text, toc=(), outlined=True):
    return structure_report(units, list(toc), [], pages, text, [], 1.0, outlined=outlined)


def test_a_sound_outline_has_no_doubts():
    units, pages, text = _doc(40, [4] * 10)
    r = _report(units, pages, text)
    assert r.doubts == () and r.top_units == 10 and r.largest_share == pytest.approx(0.1, abs=0.01)


def test_few_units_for_many_pages():
    units, pages, text = _doc(100, [30, 30, 40])
    assert any("3 top-level units for 100 pages" in d for d in _report(units, pages, text).doubts)


def test_one_unit_holding_most_of_the_text():
    units, pages, text = _doc(40, [2] * 10 + [20])
    doubts = _report(units, pages, text).doubts
    assert any("Article 11 holds 50% of the text" in d for d in doubts)
    units, pages, text = _doc(40, [4] * 10)
    assert not any("holds" in d for d in _report(units, pages, text).doubts)


def test_headings_repeating_on_every_page():
    labels = [f"Article {k + 1}" for k in range(4)] + ["FY2015 CONTRACT"] * 12
    units, pages, text = _doc(40, [4] * 4 + [2] * 12, labels)
    assert any("repeats on many pages" in d for d in _report(units, pages, text).doubts)


def test_contents_entries_missing_or_out_of_place():
    units, pages, text = _doc(40, [4] * 10)
    found = [TocEntry("article", str(k + 1), "Title", str(4 * k + 1), f"u{k}") for k in range(10)]
    assert _report(units, pages, text, found).toc_in_order == 10
    missing = found[:5] + [TocEntry("article", str(k + 1), "Title", str(4 * k + 1), None) for k in range(5, 10)]
    r = _report(units, pages, text, missing)
    assert r.toc_found == 5 and any("only 5 of the 10 entries" in d for d in r.doubts)
    # matched, but the contents puts Article 3 on page 33: only 9 fit in order on their pages
    shuffled = list(found)
    shuffled[2] = TocEntry("article", "3", "Title", "33", "u2")
    assert _report(units, pages, text, shuffled).toc_in_order == 9


def test_printed_page_numbers_shared_by_most_units():
    units, pages, text = _doc(40, [4] * 10)
    units = [u.__class__(**{**u.__dict__, "printed_page_start": "1"}) for u in units]
    assert any("start on printed page 1" in d for d in _report(units, pages, text).doubts)


def test_a_document_that_does_not_talk_like_an_agreement():
    units, pages, text = _doc(40, [4] * 10, talk=False)
    assert any("reads little like a bargaining agreement" in d for d in _report(units, pages, text).doubts)


def test_no_headings_at_all():
    units, pages, text = _doc(10, [1] * 10)
    assert any("no headings" in d for d in _report(units, pages, text, outlined=False).doubts)


NOT_CBA = sorted((CONTRACTS / "not_cba").glob("*.pdf")) if (CONTRACTS / "not_cba").is_dir() else []


@pytest.mark.skipif(not NOT_CBA, reason=f"no documents in {CONTRACTS / 'not_cba'}")
@pytest.mark.parametrize("path", NOT_CBA, ids=[p.name for p in NOT_CBA])
def test_documents_that_are_not_agreements_are_doubtful(path):
    c = contractlens.segment(path)
    assert c.structure.doubtful
    assert any(w.startswith("the outline looks wrong") for w in c.warnings)


def test_a_third_each_for_three_units_is_no_doubt():
    """A tentative agreement reopening three articles: the largest holds over 30% by rights."""
    units, pages, text = _doc(40, [12, 15, 13])
    assert not any("holds" in d for d in _report(units, pages, text).doubts)
    units, pages, text = _doc(40, [4, 28, 8])
    assert any("holds 70% of the text" in d for d in _report(units, pages, text).doubts)
