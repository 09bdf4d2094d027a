"""`diff` on hand-built outlines: unit fingerprints ignore numbers, pages and cross-references;
alignment pairs renumbered, re-worded and moved units; changes are reported once, in order."""

from __future__ import annotations

from dataclasses import replace

import pytest

from contractlens.diff import diff_contracts, normalise, own_body, unit_fingerprints
from contractlens.models import Contract, Evidence, Page, PracticeResult, ScanResult, Source, Unit


def outline(articles, name="draft.pdf", first_page=1):
    """A Contract from [(number, heading, [(section number, section heading, body), ...]), ...];
    article k starts on page first_page + k, each section on its article's page plus its index."""
    units, text, pages = [], "", []
    for k, (num, heading, sections) in enumerate(articles):
        page = first_page + k
        start = len(text)
        own = f"ARTICLE {num} {heading}\n"
        text += own
        art = Unit(num, "article", f"ARTICLE {num}", num, heading, 1, None, page, page, str(page), str(page),
                   start, 0, own)
        children = []
        for j, (snum, sheading, body) in enumerate(sections):
            s_text = f"{snum} {sheading}. {body}\n" if sheading else f"{snum} {body}\n"
            children.append(Unit(f"{num}/{snum}", "section", snum, snum, sheading, 2, num, page + j, page + j,
                                 None, None, len(text), len(text) + len(s_text), s_text))
            text += s_text
        units.append(replace(art, end=len(text)))
        units.extend(children)
    last = max([u.page_end for u in units] + [1])
    per = max(1, len(text) // last)
    pages = tuple(Page(n, str(n), (n - 1) * per, n * per) for n in range(1, last + 1))
    return Contract(Source(name, name * 2, "pdf", last, "pdfium"), text, pages, tuple(units))


OLD = [
    ("1", "RECOGNITION", [("1.1", "", "The Board recognizes the Association as the bargaining agent.")]),
    ("2", "PEER REVIEW", [("2.1", "Panel", "A joint panel of teachers and administrators reviews new teachers."),
                          ("2.2", "Duties", "The panel meets monthly and reports to the council.")]),
    ("3", "WAIVERS", [("3.1", "", "A school may ask for a waiver after a vote of sixty percent of its staff."),
                      ("3.2", "", "Waivers granted under Article 3 last two years.")]),
    ("4", "SALARY", [("4.1", "", "Salaries are set out in Appendix A and rise each July.")]),
]
# Article 2 removed, Articles 3-4 renumbered 2-3 (and what cites them), one section re-worded,
# one new article, and everything on other pages.
NEW = [
    ("1", "RECOGNITION", [("1.1", "", "The Board recognizes the Association as the bargaining agent.")]),
    ("2", "WAIVERS", [("2.1", "", "A school may ask for a waiver after a vote of eighty percent of its staff."),
                      ("2.2", "", "Waivers granted under Article 2 last two years.")]),
    ("3", "SALARY", [("3.1", "", "Salaries are set out in Appendix A and rise each July.")]),
    ("4", "CLASS SIZE", [("4.1", "", "No class shall exceed thirty pupils.")]),
]


def test_fingerprints_ignore_numbers_pages_and_references():
    old, new = outline(OLD), outline(NEW, first_page=5)
    fo, fn = unit_fingerprints(old), unit_fingerprints(new)
    assert fo["4/4.1"] == fn["3/3.1"]  # renumbered and on another page
    assert fo["3/3.2"] == fn["2/2.2"]  # "Article 3" became "Article 2" in its text
    assert fo["3"] == fn["2"]
    assert fo["3/3.1"] != fn["2/2.1"]  # the text changed
    assert len(set(fo.values())) == len(fo)  # no two units share one


def test_fingerprint_depends_on_the_top_heading():
    same_text = "The parties shall meet each month."
    c = outline([("1", "COUNCIL", [("1.1", "", same_text)]), ("2", "SAFETY", [("1.1", "", same_text)])])
    fp = unit_fingerprints(c)
    assert fp["1/1.1"] != fp["2/1.1"]
    moved = outline([("7", "COUNCIL", [("7.3", "", same_text)])], first_page=9)
    assert unit_fingerprints(moved)["7/7.3"] == fp["1/1.1"]


def test_units_without_text_of_their_own_differ_by_kind_and_heading():
    c = outline([("1", "COUNCIL", []), ("2", "SAFETY", [])])
    blank = tuple(replace(u, text=u.label) for u in c.units)  # nothing but the label
    fp = unit_fingerprints(replace(c, units=blank))
    assert fp["1"] != fp["2"]


def test_normalise_and_own_body():
    assert normalise("  Under  ARTICLE 12.3(a) and Section IV,\n see sec. 4-2  ") == "under §ref and §ref, see §ref"
    assert normalise("Appendix C, Exhibit 2 and paragraph 3") == "§ref, §ref and §ref"
    u = outline(OLD).unit("2/2.2")
    assert own_body(u) == " Duties. The panel meets monthly and reports to the council.\n"
    assert own_body(replace(u, label="9.9")) == u.text  # a label it does not start with stays


def _scan(contract, present):
    practices = tuple(
        PracticeResult(pid, pid.title(), "a", "A", "present" if pid in present else "not_found",
                       0.9 if pid in present else 0.0, 1 if pid in present else 0,
                       (Evidence(present[pid], pid, "", 2, "2", pid, 0, 1, 0.9, ("s",)),) if pid in present else ())
        for pid in ("par", "waivers", "class_size"))
    return ScanResult(contract.source, "handbook", "Handbook", "v", 3, len(contract.units), 1.0, practices)


def test_diff_lists_each_change_once_in_order():
    old, new = outline(OLD, "old.pdf"), outline(NEW, "new.pdf", first_page=5)
    result = diff_contracts(old, new, _scan(old, {"par": "2/2.1", "waivers": "3/3.1"}),
                            _scan(new, {"waivers": "2/2.1", "class_size": "4/4.1"}))
    summary = [(c.change, c.old.unit_id if c.old else None, c.new.unit_id if c.new else None, c.detail)
               for c in result.units]
    assert summary == [
        ("removed", "2", None, "with 2 sub-units"),  # its sections are not listed again
        ("changed", "3/3.1", "2/2.1", "“sixty” → “eighty”"),
        ("added", None, "4", "with 1 sub-units"),
    ]
    removed = result.units[0].old
    assert (removed.citation, removed.heading, removed.page, removed.printed_page) == ("Article 2", "PEER REVIEW", 2, "2")
    changed = result.units[1]
    assert changed.old.citation == "Article 3, 3.1" and changed.new.citation == "Article 2, 2.1"
    assert changed.old.fingerprint != changed.new.fingerprint
    assert result.alignment == {"1": "1", "1/1.1": "1/1.1", "3": "2", "3/3.1": "2/2.1", "3/3.2": "2/2.2",
                                "4": "3", "4/4.1": "3/3.1"}
    assert result.matched == 7
    assert result.renumbered == 6  # every matched unit moved page; all but the re-worded one unchanged
    assert [(p.practice, p.change) for p in result.practices] == [("par", "lost"), ("class_size", "gained")]
    lost, gained = result.practices
    assert lost.old.unit_id == "2/2.1" and lost.new is None and result.lost == (lost,)
    assert gained.new.unit_id == "4/4.1" and gained.old is None
    assert (result.old.path, result.new.path) == ("old.pdf", "new.pdf")


def test_diff_without_scans_has_no_practice_changes():
    result = diff_contracts(outline(OLD), outline(NEW))
    assert result.practices == () and result.lost == ()


def test_the_same_contract_has_no_changes():
    c = outline(OLD)
    result = diff_contracts(c, c)
    assert result.units == () and result.renumbered == 0 and result.matched == len(c.units)


def test_only_renumbered_counts_units_that_moved():
    c = outline(OLD)
    later = outline(OLD, first_page=2)  # every unit one page on, same numbers
    assert diff_contracts(c, later).renumbered == len(c.units)


def test_a_reworded_unit_is_found_by_its_heading_then_its_number_then_its_words():
    old = outline([("1", "PANEL", [("1.1", "Members", "Four teachers and four administrators sit on it."),
                                   ("1.2", "", "The panel meets each month during the school year."),
                                   ("1.3", "", "Minutes are kept by the union secretary and shared.")])])
    new = outline([("1", "PANEL", [("1.1", "Members", "Five teachers and five administrators sit on it."),
                                   ("1.9", "", "Minutes are kept by the union secretary and posted."),
                                   ("1.2", "", "The panel meets each week during the school year.")])])
    result = diff_contracts(old, new)
    assert result.alignment == {"1": "1", "1/1.1": "1/1.1", "1/1.2": "1/1.2", "1/1.3": "1/1.9"}
    assert [c.change for c in result.units] == ["changed"] * 3


def test_similar_text_must_be_under_the_same_parent_and_similar_enough():
    body = "The panel meets each month during the school year."
    old = outline([("1", "PANEL", [("1.1", "", body)]), ("2", "OTHER", [("2.1", "", "Nothing here.")])])
    elsewhere = outline([("1", "PANEL", [("1.1", "", "Completely different words about salary steps now.")]),
                         ("2", "OTHER", [("2.1", "", "Nothing here."), ("2.5", "", body + " Also weekly.")])])
    result = diff_contracts(old, elsewhere)
    assert result.alignment["1/1.1"] == "1/1.1"  # by its number: same place, other words
    short = outline([("1", "PANEL", [("1.7", "", "Meets monthly.")])])
    assert "1/1.1" not in diff_contracts(outline([("1", "PANEL", [("1.1", "", "Meets weekly.")])]), short).alignment


@pytest.mark.parametrize("old_body,new_body,detail", [
    ("one two three", "one two three four", "added “four”"),
    ("one two three", "one three", "removed “two”"),
    ("a b c d e f g h", "z b y d x f v h", "“a” → “z”; “c” → “y”; “e” → “x”; “g” → “v”"),
    ("a b c d e f g h i j", "z b y d x f v h u j", "“a” → “z”; “c” → “y”; “e” → “x”; “g” → “v”; and 1 more"),
    ("x", " ".join(f"w{i}" for i in range(14)), "“x” → “w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 …”"),
    ("x", " ".join(f"w{i}" for i in range(12)), "“x” → “w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11”"),
])
def test_what_changed_in_a_unit(old_body, new_body, detail):
    old = outline([("1", "PANEL", [("1.1", "", old_body)])])
    new = outline([("1", "PANEL", [("1.1", "", new_body)])])
    (change,) = diff_contracts(old, new).units
    assert change.detail == detail


def test_a_changed_heading_alone():
    old = outline([("1", "PANEL", [("1.1", "Members", "Four teachers sit on it.")])])
    new = outline([("1", "PANEL", [("1.1", "Membership", "Four teachers sit on it.")])])
    (change,) = [c for c in diff_contracts(old, new).units if c.old.unit_id == "1/1.1"]
    assert change.change == "changed"
