"""`diff` on hand-built outlines: unit fingerprints ignore numbers, pages and cross-references;
alignment pairs renumbered, re-worded and moved units; changes are reported once, in order."""

from __future__ import annotations

from dataclasses import replace

import pytest

from contractlens.diff import diff_contracts, normalise, own_body, unit_fingerprints
from contractlens.models import Evidence, PracticeResult, ScanResult
from outline_builder import outline


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
    ("x", " ".join(f"w{i}" for i in range(13)), "“x” → “w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 …”"),
])
def test_what_changed_in_a_unit(old_body, new_body, detail):
    old = outline([("1", "PANEL", [("1.1", "", old_body)])])
    new = outline([("1", "PANEL", [("1.1", "", new_body)])])
    (change,) = diff_contracts(old, new).units
    assert change.detail == detail


def test_a_changed_heading_alone():
    old = outline([("1", "PANEL", [("1.1", "Members", "Four teachers sit on it.")])])
    new = outline([("1", "PANEL", [("1.1", "Members", "Four teachers sit on it.")])])
    new = replace(new, units=tuple(replace(u, heading="Membership") if u.id == "1/1.1" else u for u in new.units))
    (change,) = [c for c in diff_contracts(old, new).units if c.old.unit_id == "1/1.1"]
    assert change.change == "changed" and change.detail == "heading changed"


def test_empty_units_under_one_article_differ_by_kind_and_heading():
    c = outline([("1", "COUNCIL", [("1.1", "Members", "")])])
    blank = tuple(replace(u, text=u.label) for u in c.units)
    fp = unit_fingerprints(replace(c, units=blank))
    assert fp["1"] != fp["1/1.1"]
    assert fp == {"1": "a0e4366bc02296ed", "1/1.1": "918de77413a79062"}  # baseline files store these


def test_swapped_sections_are_paired_by_their_text():
    a, b = "The council meets each month of the year.", "Minutes of each meeting are posted online."
    old = outline([("1", "COUNCIL", [("1.1", "", a), ("1.2", "", b)])])
    new = outline([("1", "COUNCIL", [("1.1", "", b), ("1.2", "", a)])])
    result = diff_contracts(old, new)
    assert result.alignment == {"1": "1", "1/1.1": "1/1.2", "1/1.2": "1/1.1"}
    assert result.units == () and result.renumbered == 2


def test_a_renumbered_and_reworded_section_is_found_by_its_heading():
    old = outline([("1", "COUNCIL", [("1.1", "Members", "Four teachers and four principals sit on it."),
                                     ("1.2", "Minutes", "Kept by the secretary.")])])
    new = outline([("1", "COUNCIL", [("1.0", "Purpose", "To advise."),
                                     ("1.3", "Members", "Elected staff serve two year terms."),
                                     ("1.4", "Minutes", "Kept by the secretary and posted.")])])
    result = diff_contracts(old, new)
    assert result.alignment["1/1.1"] == "1/1.3" and result.alignment["1/1.2"] == "1/1.4"
    assert [(c.change, (c.old or c.new).unit_id) for c in result.units] == [
        ("changed", "1/1.1"), ("changed", "1/1.2"), ("added", "1/1.0")]
    for c in result.units:
        if c.old:
            assert c.old.fingerprint == unit_fingerprints(old)[c.old.unit_id]
        if c.new:
            assert c.new.fingerprint == unit_fingerprints(new)[c.new.unit_id]


def test_a_renamed_article_is_found_by_its_number():
    old = outline([("1", "PANEL", [("1.1", "", "Four teachers sit on it.")])])
    new = outline([("1", "JOINT PANEL", [("1.1", "", "Four teachers sit on it.")])])
    result = diff_contracts(old, new)
    assert result.alignment == {"1": "1", "1/1.1": "1/1.1"}
    assert [(c.change, c.old.unit_id, c.detail) for c in result.units] == [("changed", "1", "added “JOINT”")]


def _similar(old_body, candidates):
    """Align one section against sections of other numbers (so only similar text can pair it)."""
    old = outline([("1", "PANEL", [("1.1", "", old_body)])])
    new = outline([("1", "PANEL", [(f"1.{k + 5}", "", body) for k, body in enumerate(candidates)])])
    return diff_contracts(old, new).alignment.get("1/1.1")


def test_similar_text_pairs_above_half_the_words_shared():
    five = "alpha bravo charlie delta echo"
    assert _similar(five, [five + " foxtrot"]) == "1/1.5"  # 5 of 6 words: five words are enough
    assert _similar("alpha bravo charlie delta", ["alpha bravo charlie delta echo"]) is None  # four are not
    assert _similar(five, ["alpha bravo charlie golf hotel"]) is None  # 3 of 7 shared
    assert _similar("alpha bravo charlie delta echo foxtrot", ["alpha bravo charlie delta golf hotel"]) is None  # 4/8
    assert _similar(five, ["", five + " golf"]) == "1/1.6"  # an empty unit is like nothing
    # the most similar wins; a tie keeps the first
    assert _similar(five, [five + " golf hotel", five + " golf"]) == "1/1.6"
    assert _similar(five, [five + " golf", five + " hotel"]) == "1/1.5"


def test_similar_text_only_under_the_same_parent():
    body = "The panel meets each month during the school year"
    old = outline([("1", "PANEL", [("1.1", "", body)])])
    new = outline([("2", "OTHER", [("2.5", "", body + " too")]),
                   ("1", "PANEL", [("1.7", "", body.replace("month", "week"))])])
    assert diff_contracts(old, new).alignment["1/1.1"] == "1/1.7"


def test_top_level_and_nested_units_do_not_pair_by_similar_text():
    body = "the joint panel meets each month of the school year"
    old = outline([("1", "PANEL", [("1.1", "", body)])])
    new = outline([("2", body.upper(), [])])
    assert diff_contracts(old, new).alignment == {}
    assert diff_contracts(new, old).alignment == {}


def test_removed_and_added_leaves_and_the_order_of_changes():
    old = outline([("1", "A", [("1.1", "", "Same words here.")]), ("2", "B", [("2.1", "", "Gone soon.")]),
                   ("3", "C", [("3.1", "", "Other words here.")])])
    new = outline([("1", "A", [("1.1", "", "Changed words here.")]), ("2", "B", [("2.2", "", "Brand new.")]),
                   ("3", "C", [("3.1", "", "Other words here.")])])
    old = replace(old, units=tuple(replace(u, page_start=9, page_end=9) if u.id == "2/2.1" else u for u in old.units))
    result = diff_contracts(old, new)
    assert [(c.change, (c.old or c.new).unit_id, c.detail) for c in result.units] == [
        ("removed", "2/2.1", ""), ("changed", "1/1.1", "“Same” → “Changed”"), ("added", "2/2.2", "")]


def test_practice_changes_carry_the_evidence_of_both_versions():
    old, new = outline(OLD, "old.pdf"), outline(NEW, "new.pdf")

    def ev(unit, conf):
        return Evidence(unit, unit, "", 1, None, unit, 0, 1, conf, ("s",))

    def result(c, par, waivers):
        return ScanResult(c.source, "handbook", "Handbook", "v", 3, len(c.units), 1.0, (
            PracticeResult("par", "Peer review", "a", "A", par[0], 0.9, 1, par[1]),
            PracticeResult("waivers", "Waivers", "a", "A", waivers[0], 0.9, 1, waivers[1])))

    old_scan = result(old, ("present", (ev("2/2.1", 0.9), ev("2/2.2", 0.8))), ("weak", (ev("3/3.1", 0.3), ev("x", 0.2))))
    new_scan = result(new, ("weak", (ev("1/1.1", 0.3), ev("y", 0.2))), ("present", (ev("2/2.1", 0.9), ev("z", 0.8))))
    lost, gained = diff_contracts(old, new, old_scan, new_scan).practices
    assert (lost.practice, lost.name, lost.change, lost.old.unit_id, lost.new.unit_id) == (
        "par", "Peer review", "lost", "2/2.1", "1/1.1")
    assert (gained.practice, gained.name, gained.change, gained.old.unit_id, gained.new.unit_id) == (
        "waivers", "Waivers", "gained", "3/3.1", "2/2.1")
    assert diff_contracts(old, new, old_scan, None).practices == ()


def test_unit_references_name_a_printed_page_only_for_a_real_page():
    from contractlens.diff import unit_ref

    c = outline(OLD)
    by_id = {u.id: u for u in c.units}
    first, last = by_id["1"], by_id["3/3.2"]
    assert unit_ref(c, first, "f", by_id).printed_page == "1"
    assert unit_ref(c, last, "f", by_id).printed_page == str(len(c.pages))
    assert unit_ref(c, replace(first, page_start=0), "f", by_id).printed_page is None
    assert unit_ref(c, replace(first, page_start=len(c.pages) + 1), "f", by_id).printed_page is None
    assert unit_ref(c, first, "f", by_id).fingerprint == "f"
