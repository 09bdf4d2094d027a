"""Text outside every unit (a letter before Article 1) is still scanned, and cited by its page."""

from __future__ import annotations

from pathlib import Path

import contractlens

DOC = Path(__file__).parent / "data" / "unplaced" / "letter_before_article_1.txt"


def test_text_before_the_first_article_is_a_unit_of_its_page():
    c = contractlens.segment(DOC)
    first = c.units[0]
    assert (first.kind, first.label, first.page_start) == ("unplaced", "Page 1", 1)
    assert "interest-based bargaining" in first.text
    # it is not counted as the contract's own outline
    assert c.structure.top_units == 3


def test_a_practice_outside_every_unit_is_found_and_cited_by_page():
    result = contractlens.scan(DOC)
    ibb = next(p for p in result.practices if p.id == "interest_based_bargaining")
    assert ibb.status == "present"
    assert (ibb.evidence[0].citation, ibb.evidence[0].page) == ("Page 1", 1)
