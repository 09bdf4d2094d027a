"""The numbering forms real contracts use, and the lines that only look like headings."""

from __future__ import annotations

import pytest

import contractlens
from contractlens.structure.headings import parse_item, parse_numbered, parse_section, parse_top


@pytest.mark.parametrize("line,number,value", [
    ("ARTICLE 12", "12", 12), ("Article XII – Salaries", "XII", 12), ("ARTICLE TWELVE", "TWELVE", 12),
    ("ARTICLE TWENTY ONE", "TWENTY ONE", 21), ("Article twenty-one: Leaves", "twenty-one", 21),
])
def test_article_forms(line, number, value):
    label = parse_top(line)
    assert label.kind == "article" and label.number == number and label.value == value


@pytest.mark.parametrize("line", [
    "Article 8-11 of collective bargaining agreement.", "Article 12, Section B shall apply",
    "Article VIII(A)-(F), (G)(5) and (N)", "Articles of incorporation are filed",
])
def test_references_are_not_article_headings(line):
    assert parse_top(line) is None


def test_section_and_decimal_forms():
    assert parse_section("Section 12.3 Class Size.").path == (12, 3)
    assert parse_section("SECTION 4").path == (4,)
    assert parse_section("§210 TEACHER EVALUATION").number == "210"
    assert parse_numbered("12.3.1 Selection. The panel shall").path == (12, 3, 1)
    assert parse_numbered("10-2-20 “Targeted Plan”", dash=True).path == (10, 2, 20)
    assert parse_numbered("2.5 hours per week") is None


@pytest.mark.parametrize("line,style,number", [
    ("A. Recognition", "upper_alpha", "A"), ("(a) the Board", "paren_lower", "a"),
    ("(1) within ten days", "paren_arabic", "1"), ("1. Term", "arabic", "1"),
    ("ii. second", "lower_roman", "ii"), ("(iv) fourth", "paren_roman", "iv"),
])
def test_item_forms(line, style, number):
    item = parse_item(line)
    assert item.style == style and item.number == number


def test_i_is_a_letter_after_h_and_a_numeral_otherwise(tmp_path):
    text = ("ARTICLE 1 – DEFINITIONS\n" + "\n".join(f"({c}) Term {c} is defined here." for c in "abcdefghij")
            + "\nARTICLE 2 – LEAVES\nA. Sick leave accrues monthly.\n(i) first rule applies.\n(ii) second rule.\n")
    path = tmp_path / "agreement.txt"
    path.write_text(text)
    units = contractlens.segment(path).units
    letters = [u.number for u in units if u.parent == "article-1"]
    assert letters == list("abcdefghij")
    romans = [u.number for u in units if u.parent == "article-2/A"]
    assert romans == ["i", "ii"]


def test_wrapped_reference_is_not_a_heading(tmp_path):
    text = ("ARTICLE 1 – RECOGNITION\nA. The Board recognizes the Association as provided in\n"
            "Article 4. The recognition continues.\nB. Second item.\nARTICLE 2 – RIGHTS\nText.\n")
    path = tmp_path / "agreement.txt"
    path.write_text(text)
    units = contractlens.segment(path).units
    assert [u.number for u in units if u.level == 1] == ["1", "2"]
    assert [u.number for u in units if u.parent == "article-1"] == ["A", "B"]


def test_no_headings_falls_back_to_pages_with_warning(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("Dear colleagues,\nthe parties met and talked.\fPage two has more talk.\n")
    contract = contractlens.segment(path)
    assert [u.kind for u in contract.units] == ["page", "page"]
    assert any("one unit per page" in w for w in contract.warnings)
    assert contract.coverage == 1.0


@pytest.mark.parametrize("line,number,value,path", [
    ("Article 19.02.1: Building Team", "19.02.1", 19, (19, 2, 1)),
    ("Article 45.02A: General Provisions", "45.02A", 45, (45, 2)),
    ("Article 34.01 Personal Leave", "34.01", 34, (34, 1)),
    ("Article 7:03 Lunch Period", "7.03", 7, (7, 3)),  # OCR's "7:03" for "7.03"
])
def test_article_named_by_its_section_number(line, number, value, path):
    label = parse_top(line)
    assert (label.kind, label.number, label.value, label.path) == ("article", number, value, path)


@pytest.mark.parametrize("line", ["Article 12.3 shall apply to every school", "Article 5.1.2.3.4 Rules",
                                  "Article 12.3, as amended, governs"])
def test_section_references_are_not_article_headings(line):
    assert parse_top(line) is None


@pytest.mark.parametrize("title,clean", [
    ("TRANSFERS yu VS", "TRANSFERS"), ("GRIEVANCE PROCEDURE ee", "GRIEVANCE PROCEDURE"),
    ("LEAVES of", "LEAVES of"), ("CLASS SIZE (K-3)", "CLASS SIZE (K-3)"), ("Salary of", "Salary of"),
])
def test_margin_marks_read_onto_a_heading_are_cut_off(title, clean):
    from contractlens.structure.titles import _margin_marks
    assert _margin_marks(title) == clean


def test_dashes_after_a_heading_number_are_one_shape():
    """OCR reads an em dash as a hyphen on one page and not the next: the headings stay alike."""
    from contractlens.structure.candidates import shape
    assert shape(parse_top("ARTICLE 8 — TRANSFERS")) == shape(parse_top("ARTICLE 12 - COMPENSATION"))
