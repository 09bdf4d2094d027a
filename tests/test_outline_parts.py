"""The outline reader's parts, each alone: margins, furniture, page numbers, candidates,
scheme, chain, titles."""

from __future__ import annotations

import contractlens
from contractlens.structure.candidates import find_candidates, shape
from contractlens.structure.chain import evidence, select
from contractlens.structure.cleanup import CleanPage
from contractlens.structure.furniture import drop_running_lines
from contractlens.structure.headings import parse_top
from contractlens.structure.lines import build_lines
from contractlens.structure.margins import numbered_pages, repeated_heads, strip_numbers
from contractlens.structure.pagenumbers import printed_page_numbers
from contractlens.structure.scheme import detect
from contractlens.structure.titles import gather
from contractlens.structure.toc import RawTocEntry

PROSE = "The parties agree that the terms below govern every school in the district this year."


def _lines(pages: list[list[str]], trusted=None):
    clean = [CleanPage(i + 1, str(i + 1), p) for i, p in enumerate(pages)]
    return build_lines(clean, trusted)[0]


# -- margins -----------------------------------------------------------------------------------

def _numbered(n_lines: int, head: str | None = None) -> list[str]:
    page = [head] if head else []
    return page + [f"{k} {PROSE}" for k in range(1, n_lines + 1)]


def test_margin_numbers_need_many_numbered_pages():
    pages = [_numbered(12) for _ in range(4)]
    assert all(numbered_pages(pages))
    one = [_numbered(12)] + [[PROSE] * 12 for _ in range(5)]  # one table page counting 1..12
    assert not any(numbered_pages(one))


def test_a_form_page_numbers_only_its_first_lines_and_a_table_keeps_its_own_count():
    form = ["APPENDIX C: Differential Schedule", "2", "Step Amount", "1 $400", "2 $500", "3 $600"]
    pages = [_numbered(12) for _ in range(4)] + [["1 " + form[0]] + form[1:]]
    runs = numbered_pages(pages)
    assert runs[4] == [0, 1]
    stripped = strip_numbers(pages[4], runs[4])
    assert stripped[0] == " APPENDIX C: Differential Schedule" and stripped[3] == "1 $400"


def test_running_head_above_the_count_goes_and_a_heading_above_line_1_stays():
    pages = [_numbered(10, "§210 Teacher Evaluation"), _numbered(10, "      §210 Teacher Evaluation"),
             _numbered(10, "ARTICLE 1"), _numbered(10)]
    heads = repeated_heads(pages, numbered_pages(pages))
    assert heads[:3] == [{0}, {0}, set()]


# -- furniture and page numbers ----------------------------------------------------------------

def test_lines_repeated_atop_many_pages_are_furniture():
    pages = [["MEA 2007-2010", f"line {k}", PROSE, PROSE, PROSE] for k in range(6)]
    out = drop_running_lines(pages)
    assert all("MEA 2007-2010" not in p for p in out)


def test_a_bare_appendix_line_over_different_titles_is_kept():
    pages = [["APPENDIX", "SALARY SCHEDULE", PROSE, PROSE], ["APPENDIX", "SUPPLEMENT SCHEDULE", PROSE, PROSE],
             [PROSE, PROSE, PROSE, PROSE]]
    out = drop_running_lines(pages)
    assert out[0][0] == "APPENDIX" and out[1][0] == "APPENDIX"


def test_a_section_head_on_consecutive_pages_goes_but_its_first_page_keeps_the_heading():
    pages = [[PROSE, PROSE], ["§210 Teacher Evaluation", PROSE], ["§210 Teacher Evaluation", PROSE],
             ["§210 Teacher Evaluation", PROSE]] + [[f"line {k}", PROSE] for k in range(36)]
    out = drop_running_lines(pages)
    assert out[1][0] == "§210 Teacher Evaluation"
    assert "§210 Teacher Evaluation" not in out[2] + out[3]


def test_page_numbers_count_only_in_a_series():
    pages = [[PROSE, f"- {k + 3} -"] for k in range(4)] + [["2", PROSE]]
    printed = printed_page_numbers(pages)
    assert printed == ["3", "4", "5", "6", None]
    assert pages[0] == [PROSE] and pages[4] == ["2", PROSE]


# -- candidates, scheme, chain ------------------------------------------------------------------

def _contract(labels: list[str]) -> list[list[str]]:
    return [[label, "GENERAL PROVISIONS", PROSE, PROSE] for label in labels]


def test_shape_reads_appendix_letters_as_letters():
    assert shape(parse_top("APPENDIX L"))[2] == "letter"
    assert shape(parse_top("ARTICLE XL"))[2] == "roman-upper"


def test_scheme_prefers_the_outermost_family_with_a_chain():
    pages = [[f"ARTICLE {a}", "TITLE OF IT", f"§{a}01 Scope", PROSE, f"§{a}02 Terms", PROSE] for a in range(1, 6)]
    lines = _lines(pages)
    by_family = {}
    for c in find_candidates(lines):
        by_family.setdefault(c.family, []).append(c)
    assert detect(lines, by_family, []).family == "article"


def _chain(labels, toc=()):
    lines = _lines(_contract(labels))
    cands = [c for c in find_candidates(lines) if c.family == "article"]
    runs, _ = select(lines, cands, evidence(lines, cands, list(toc), ("article",)))
    return [[c.value for c in r] for r in runs]


def test_a_gap_is_accepted_when_the_heading_looks_like_its_neighbours():
    assert _chain(["ARTICLE 1", "ARTICLE 2", "ARTICLE 5", "ARTICLE 9", "ARTICLE 12"]) == [[1, 2, 5, 9, 12]]


def test_a_reference_unlike_the_headings_does_not_enter_the_chain():
    pages = _contract(["ARTICLE 1", "ARTICLE 2", "ARTICLE 3"])
    pages[1] += ["as the parties agreed in the year before under the terms of", "Article 9 of the old contract."]
    lines = _lines(pages)
    cands = [c for c in find_candidates(lines) if c.family == "article"]
    runs, _ = select(lines, cands, evidence(lines, cands, [], ("article",)))
    assert [[c.value for c in r] for r in runs] == [[1, 2, 3]]


def test_numbering_that_starts_again_is_a_new_run():
    assert _chain(["ARTICLE 1", "ARTICLE 2", "ARTICLE 3", "ARTICLE 1", "ARTICLE 2"]) == [[1, 2, 3], [1, 2]]


def test_a_trusted_heading_may_break_the_pattern():
    pages = _contract(["ARTICLE 1", "ARTICLE 2"]) + [["Article 7: Waivers", PROSE]]
    lines = _lines(pages, {3: {"Article 7: Waivers": 2}})
    cands = [c for c in find_candidates(lines) if c.family == "article"]
    runs, _ = select(lines, cands, evidence(lines, cands, [], ("article",)))
    assert [c.value for r in runs for c in r] == [1, 2, 7]
    lines = _lines(pages)
    cands = [c for c in find_candidates(lines) if c.family == "article"]
    runs, _ = select(lines, cands, evidence(lines, cands, [], ("article",)))
    assert [c.value for r in runs for c in r] == [1, 2]


# -- titles ----------------------------------------------------------------------------------------

def test_a_title_wrapped_over_lines_is_gathered_as_the_contents_gives_it():
    lines = _lines([["ARTICLE 7", "GRIEVANCE", "PROCEDURE", PROSE]])
    consumed: set[int] = set()
    assert gather(lines, 0, "", ["Grievance Procedure"], consumed) == "GRIEVANCE PROCEDURE"
    assert consumed == {1, 2}


def test_a_title_stops_at_prose():
    lines = _lines([["ARTICLE 7", "GRIEVANCES", PROSE]])
    assert gather(lines, 0, "", [], set()) == "GRIEVANCES"


def test_contents_entry_type_is_what_the_chain_reads():
    toc = [RawTocEntry("article", str(k), k, "GENERAL PROVISIONS", str(k), 0, style="article") for k in (1, 2, 3)]
    assert _chain(["ARTICLE 1", "ARTICLE 2", "ARTICLE 3"], toc) == [[1, 2, 3]]


def test_a_listed_form_without_a_heading_line_is_found_on_its_page(tmp_path):
    contents = ["TABLE OF CONTENTS", "ARTICLE 1 - RECOGNITION .......... 1", "ARTICLE 2 - SALARIES .......... 2",
                "ARTICLE 3 - DURATION .......... 3", "APPENDIX - SALARY SCHEDULE .......... 4",
                "APPENDIX - REQUEST FOR LEAVE FORM .......... 5"]
    body = [["ARTICLE 1 - RECOGNITION", PROSE, PROSE], ["ARTICLE 2 - SALARIES", PROSE, PROSE],
            ["ARTICLE 3 - DURATION", PROSE, PROSE], ["APPENDIX", "SALARY SCHEDULE", "Step 1 $40,000"],
            ["Name ____ APPENDIX", "REQUEST FOR LEAVE FORM", "Date ____ School ____"]]
    pages = ["\n".join(contents)] + ["\n".join(p + [f"- {k + 1} -"]) for k, p in enumerate(body)]
    path = tmp_path / "book.txt"
    path.write_text("\f".join(pages), encoding="utf-8")
    c = contractlens.segment(path)
    tops = [(u.kind, u.heading, u.page_start) for u in c.units if u.level == 1 and u.kind == "appendix"]
    assert tops == [("appendix", "SALARY SCHEDULE", 5), ("appendix", "REQUEST FOR LEAVE FORM", 6)]
