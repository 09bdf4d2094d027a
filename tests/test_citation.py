"""How findings cite a unit: the way a negotiator would say it across the table."""

import pytest

from contractlens.models import Contract, Page, Source, Unit
from contractlens.structure.citation import citation, contract_metrics


def unit(id, kind, label, number, level, parent=None, heading="", page=(1, 1), span=(0, 0)):
    return Unit(id, kind, label, number, heading, level, parent, page[0], page[1], None, None,
                span[0], span[1], "")


def cite(*units):
    by_id = {u.id: u for u in units}
    return citation(units[-1], by_id)


def test_lettered_items_under_an_article_join_with_dots():
    art = unit("a3", "article", "ARTICLE III", "III", 1, heading="Evaluation")
    sec = unit("a3.B", "section", "B.", "B", 2, "a3")
    item = unit("a3.B.2", "item", "2.", "2", 3, "a3.B")
    assert cite(art, sec, item) == "Article III, B.2"


def test_dotted_numbers_name_their_own_parents():
    art = unit("a13", "article", "ARTICLE 13", "13", 1)
    sec = unit("a13.3", "section", "13.3", "13.3", 2, "a13")
    sub = unit("a13.3.1", "section", "13.3.1", "13.3.1", 3, "a13.3")
    assert cite(art, sec, sub) == "Article 13, 13.3.1"


@pytest.mark.parametrize("numbers, expected", [
    (("5-3-3", "a"), "Article 5, 5-3-3(a)"),
    (("1.g", "2"), "Article 5, 1.g(2)"),
    (("4.2", "a", "i"), "Article 5, 4.2(a)(i)"),
])
def test_items_under_dotted_numbers_are_parenthesised(numbers, expected):
    units = [unit("top", "article", "ARTICLE 5", "5", 1)]
    for k, num in enumerate(numbers, start=2):
        units.append(unit(f"u{k}", "item", num, num, k, units[-1].id))
    assert cite(*units) == expected


def test_appendix_starts_a_new_segment_and_keeps_its_case():
    app = unit("appC", "appendix", "Appendix C", "C", 1)
    item = unit("appC.1", "item", "1.", "1", 2, "appC")
    assert cite(app, item) == "Appendix C, 1"


def test_unlabelled_top_unit_is_cited_by_heading_then_kind():
    assert cite(unit("pre", "preamble", "", "", 1, heading="Preamble")) == "Preamble"
    assert cite(unit("fm", "front_matter", "", "", 1)) == "Front Matter"


def test_metrics_leave_back_matter_out():
    text = "one two three four " * 10
    units = (
        unit("a1", "article", "ARTICLE 1", "1", 1, page=(1, 2), span=(0, 38)),
        unit("a2", "article", "ARTICLE 2", "2", 1, page=(2, 3), span=(38, 114)),
        unit("appA", "appendix", "Appendix A", "A", 1, page=(4, 5), span=(114, len(text))),
    )
    pages = tuple(Page(n, str(n), 0, 0) for n in range(1, 6))
    contract = Contract(Source("x.txt", "0" * 64, "text", 5, "text"), text, pages, units)
    m = contract_metrics(contract)
    assert m["pages"] == 3 and m["articles"] == 2
    assert m["words"] == 24  # six repeats of four words; the appendix is not counted
    assert m["words_per_article"] == m["words"] / 2
