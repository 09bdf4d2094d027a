"""Clean-up a reader expects: furniture, page numbers, margin numbers, hyphens, leader dots."""

from __future__ import annotations

from contractlens.structure.cleanup import clean_pages


def _pages(n: int, body, head="Springfield USD Agreement 2025-2028", foot=lambda i: str(i)):
    return ["\n".join([head, *body(i), foot(i)]) for i in range(1, n + 1)]


def test_running_head_and_printed_numbers_removed():
    subjects = ["salaries", "sick leave", "transfers", "grievances", "the calendar", "insurance", "evaluation",
                "seniority", "class size", "planning time", "dues", "mileage"]
    verbs = ["are set out", "apply", "are reviewed", "change", "are posted", "remain"]
    body = lambda i: [f"Rules on {subjects[(i * 5 + k) % 12]} {verbs[(i + k) % 6]} as agreed in year {i}{k}."
                      for k in range(8)]  # noqa: E731
    texts = ["Title page"] + _pages(6, body, foot=lambda i: f"- {i} -")
    pages, _ = clean_pages(texts, plain_text=False)
    assert pages[0].printed is None
    assert [p.printed for p in pages[1:]] == ["1", "2", "3", "4", "5", "6"]
    for p in pages[1:]:
        assert p.lines == body(p.number - 1)


def test_roman_front_matter_then_arabic():
    texts = [f"Contents line\n{r}" for r in ("i", "ii", "iii")] + [f"Body\n{i}" for i in range(1, 5)]
    pages, _ = clean_pages(texts, plain_text=False)
    assert [p.printed for p in pages] == ["i", "ii", "iii", "1", "2", "3", "4"]


def test_a_lone_number_in_a_table_is_not_a_page_number():
    texts = [f"Step schedule for {kind}\n{n}\nSalary {pay}" for kind, n, pay in
             (("teachers", 7, "40,000"), ("nurses", 2, "38,500"), ("counselors", 4, "41,200"))]
    pages, _ = clean_pages(texts, plain_text=False)
    assert [p.printed for p in pages] == [None, None, None]
    assert pages[0].lines[1] == "7"


def test_page_x_of_y_footer():
    texts = [f"Body text {i}.\nPage {i} of 5" for i in range(1, 6)]
    pages, _ = clean_pages(texts, plain_text=False)
    assert [p.printed for p in pages] == ["1", "2", "3", "4", "5"]


def test_repeated_heading_text_is_kept_when_it_differs_per_page():
    texts = [f"Header\nARTICLE {i}\nRECOGNITION {i}\n{i}" for i in range(1, 8)]
    pages, _ = clean_pages(texts, plain_text=False)
    assert all(p.lines[0] == f"ARTICLE {p.number}" for p in pages)


def test_hyphenation_across_lines_and_soft_hyphens():
    text = ("The Associa-\ntion and the Board agree that the\nnon-\nteaching duties of the Associa\ufffetion\n"
            "are district-\nwide and the district-wide plan applies to Associations.")
    pages, _ = clean_pages([text], plain_text=False)
    joined = "\n".join(pages[0].lines)
    assert "Association and the Board" in joined
    assert "non-teaching" in joined
    assert "Association" in joined and "\ufffe" not in joined
    assert "district-wide and" in joined


def test_leader_dots_removed():
    pages, _ = clean_pages(["ARTICLE 5 – Grievance Procedure ........................ 12\n"
                            "ARTICLE 6 – Salaries …………………… 14"], plain_text=False)
    assert pages[0].lines == ["ARTICLE 5 – Grievance Procedure 12", "ARTICLE 6 – Salaries 14"]


def test_margin_line_numbers_and_running_head_in_plain_text():
    topics = "salary leave transfer grievance calendar insurance evaluation seniority duration".split()

    def body(k):
        return "\n".join(f"{n:2d}   The {topics[(n * (k + 2)) % 9]} rule number {n} applies." for n in range(1, 30))

    texts = [" " * 60 + f"§{100 + k} Topic\n{body(k)}\n" + " " * 70 + f"{k + 1}" for k in range(3)]
    pages, warnings = clean_pages(texts, plain_text=True)
    assert "margin line numbers were removed" in warnings
    assert pages[0].lines[0] == "The transfer rule number 1 applies."
    assert [p.printed for p in pages] == ["1", "2", "3"]
    assert all(not line.startswith("§") for p in pages for line in p.lines)
