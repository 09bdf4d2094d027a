"""Numbering schemes read per document: every heading form the issue names, in a small fictional agreement."""

from __future__ import annotations

import pytest

import contractlens

P = "The parties agree that the terms below govern every school in the district this year and the next."
TITLES = ["RECOGNITION", "SALARIES", "LEAVES", "TRANSFERS", "GRIEVANCES", "DURATION"]
ROMAN = ["I", "II", "III", "IV", "V", "VI"]
WORDS = ["ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX"]


def _segment(tmp_path, heads, body=lambda k: f"{k}.1 {P}\n\n{k}.2 {P}\n{P}\n"):
    text = "\f".join(f"{h}\n\n{body(k + 1)}" for k, h in enumerate(heads))
    path = tmp_path / "agreement.txt"
    path.write_text(text, encoding="utf-8")
    return contractlens.segment(path)


@pytest.mark.parametrize("form,kind", [
    (lambda k: f"ARTICLE {k + 1} - {TITLES[k]}", "article"),
    (lambda k: f"Article {ROMAN[k]}: {TITLES[k].title()}", "article"),
    (lambda k: f"ARTICLE {WORDS[k]} – {TITLES[k]}", "article"),
    (lambda k: f"Article {k + 1}, {TITLES[k]}", "article"),
    (lambda k: f"SECTION {k + 1}. {TITLES[k]}", "section"),
    (lambda k: f"{k + 1}. {TITLES[k]}", "section"),
    (lambda k: f"CHAPTER {k + 1} - {TITLES[k]}", "part"),
    (lambda k: f"PART {ROMAN[k]} – {TITLES[k]}", "part"),
])
def test_each_heading_form_gives_one_unit_per_heading(tmp_path, form, kind):
    c = _segment(tmp_path, [form(k) for k in range(6)])
    tops = [u for u in c.units if u.level == 1 and u.kind != "unplaced"]
    assert [u.kind for u in tops] == [kind] * 6
    assert [u.heading.upper() for u in tops] == TITLES
    assert [u.page_start for u in tops] == [1, 2, 3, 4, 5, 6]
    assert not c.structure.doubtful


def test_paragraph_numbers_as_the_top_level(tmp_path):
    c = _segment(tmp_path, [f"§ {k + 1}00 {TITLES[k]}" for k in range(6)],
                 body=lambda k: f"A. Scope. {P}\n\nB. Terms. {P}\n")
    tops = [u for u in c.units if u.level == 1 and u.kind != "unplaced"]
    assert [u.number for u in tops] == ["100", "200", "300", "400", "500", "600"]


def test_two_level_numbers_only(tmp_path):
    """ "7.1, 7.2, 8.1": no article headings; the first number is the top unit."""
    text = "\n\n".join(f"{a}.{b} {TITLES[a - 1].title()}. {P}" for a in range(1, 7) for b in (1, 2))
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    c = contractlens.segment(path)
    tops = [u for u in c.units if u.level == 1 and u.kind != "unplaced"]
    assert [u.number for u in tops] == ["1", "2", "3", "4", "5", "6"]
    assert [u.number for u in c.units if u.parent == tops[1].id] == ["2.1", "2.2"]


def test_amendment_headings_name_the_sections_they_change(tmp_path):
    """An amendment prints "Article 19.02.1: Title" for each section it changes: the numbers skip
    what it leaves alone, a colon may be missing (a typist, or OCR), one article may come twice, a title in brackets may wrap."""
    heads = ["Article 4.02.1: Class Size", "Article 9.01 Leave Days", "Article 12 Transfers",
             "Article 12.03: Voluntary Transfers", "Article 31.05A: Evaluation (Timelines for\nFormal Reviews)",
             "Article 40.01: Duration"]
    body = ("The parties agree that this section of the agreement will be amended as follows:\n"
            "Current language to be deleted:\nTeachers shall have the number of days the old schedule set.\n"
            "Replacement language to be added:\nTeachers shall have the number of days the new schedule sets.\n")
    text = ("Amendment to the Agreement\nThe Board and the Association enter into this amendment on the date below.\n"
            + "".join(f"{h}\n{body}" for h in heads))
    path = tmp_path / "amendment.txt"
    path.write_text(text, encoding="utf-8")
    c = contractlens.segment(path)
    tops = [u for u in c.units if u.level == 1 and u.kind != "unplaced"]
    assert [u.kind for u in tops] == ["article"] * 6
    assert [u.number for u in tops] == ["4.02.1", "9.01", "12", "12.03", "31.05A", "40.01"]
    assert [u.heading for u in tops] == ["Class Size", "Leave Days", "Transfers", "Voluntary Transfers",
                                         "Evaluation (Timelines for Formal Reviews)", "Duration"]
    assert not c.structure.doubtful
