"""Drafts whose numbering has gaps (articles deleted this round) keep every article apart."""

from __future__ import annotations

from pathlib import Path

import pytest

import contractlens
from contractlens.diff import diff_contracts
from contractlens.structure.citation import citation

GAPS = Path(__file__).parent / "data" / "gaps"


def _by_id(contract):
    return {u.id: u for u in contract.units}


def test_articles_after_a_gap_are_their_own_units():
    c = contractlens.segment(GAPS / "lakeview_draft_after.md")
    tops = [u.number for u in c.units if u.kind == "article"]
    assert tops == ["1", "2", "5", "9", "12"]


def test_the_waiver_in_article_9_is_cited_as_article_9():
    c = contractlens.segment(GAPS / "lakeview_draft_after.md")
    unit = next(u for u in c.units if "waive any article" in u.text and u.level == 2)
    assert citation(unit, _by_id(c)) == "Article 9, 9.1"


def test_diff_reports_the_deleted_article_only():
    old = contractlens.segment(GAPS / "lakeview_draft_before.md")
    new = contractlens.segment(GAPS / "lakeview_draft_after.md")
    result = diff_contracts(old, new)
    removed = [ch.old.citation for ch in result.units if ch.change == "removed"]
    assert removed == ["Article 7"]
    assert not [ch for ch in result.units if ch.change != "removed"]


@pytest.mark.parametrize("heading", ["## Article 9 School Waivers", "### ARTICLE NINE: SCHOOL WAIVERS"])
def test_a_markdown_heading_is_trusted_even_when_printed_unlike_its_neighbours(tmp_path, heading):
    text = (GAPS / "lakeview_draft_after.md").read_text(encoding="utf-8").replace("## Article 9 School Waivers",
                                                                                 heading)
    path = tmp_path / "draft.md"
    path.write_text(text, encoding="utf-8")
    c = contractlens.segment(path)
    assert [u.number for u in c.units if u.kind == "article" and u.level == 1][3] in ("9", "NINE")


def test_a_gap_in_plain_text_needs_a_heading_like_its_neighbours(tmp_path):
    """ "Article 9" opening a sentence after a gap is a reference, not a heading."""
    text = ("ARTICLE 1 - RECOGNITION\n\n1.1 The Board recognizes the Guild.\n\n"
            "ARTICLE 2 - GUILD RIGHTS\n\n2.1 The Guild may post notices, as\n"
            "Article 9 of the prior agreement allowed, on every board.\n\n"
            "ARTICLE 5 - CLASS SIZE\n\n5.1 No class shall exceed twenty-eight pupils.\n")
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    c = contractlens.segment(path)
    assert [u.number for u in c.units if u.kind == "article"] == ["1", "2", "5"]
