"""Running heads and feet, found by repetition across pages and removed before headings are read.

Two kinds of repetition:

* a line at the head or foot of many pages, numbers aside ("MEA 2007-2010",
  "FY2015 - FY2017 MCEA/BOE CONTRACT"): furniture wherever it is;
* a line at the head of consecutive pages that names the current article or
  section ("§210 Teacher Evaluation"): a running head. When it looks like a
  heading, its first page keeps it, since an article that starts at the top of
  a page prints the same words as its running head.
"""

from __future__ import annotations

import re
from collections import Counter

ZONE = 3  # lines at the top and bottom of a page where furniture lives

_NUMBERISH = re.compile(r"\d+|\b[ivxlc]{1,7}\b")
# "APPENDIX" alone over each appendix's title names nothing, so it is no running head.
_BARE = re.compile(r"^\s*(?:appendix|exhibit|attachment|addendum|article|section)\s*$", re.I)
STRUCTURAL = re.compile(r"^(article|section|part|chapter|appendix|exhibit|§|[A-Z]\.|\(?[a-z0-9]{1,3}[.)])", re.I)


# A running head read by OCR on one page and from the text layer on the next differs in its
# dashes and quotes ("2024-2027" for "2024–2027"): they are the same line.
_LOOKALIKES = str.maketrans("–—‒−‘’“”", "----''\"\"")


def key(line: str) -> str:
    """What two furniture lines share: the text, numbers aside (but a heading's number counts)."""
    folded = line.lower().translate(_LOOKALIKES)
    if STRUCTURAL.match(line):
        return folded
    return _NUMBERISH.sub("#", folded)


_LABEL = re.compile(r"^(§\s*\d+|(?:article|section|appendix|exhibit)\s+[\w.-]+)", re.I)


def _label(line: str) -> str:
    """ "§210 Teacher Evaluation" and "§210" share the label "§210"."""
    m = _LABEL.match(line.strip())
    return " ".join(m.group(1).split()).casefold() if m else " ".join(line.split()).casefold()


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    if len(pages) < 2:
        return pages
    top, bottom = Counter(), Counter()
    for page in pages:
        top.update({key(line) for line in page[:ZONE]})
        bottom.update({key(line) for line in page[-ZONE:]})
    # "ARTICLE 7" atop every page that starts an article is a heading, not a
    # running head: headings repeat only as exactly the same text.
    need = max(3 if len(pages) >= 3 else 2, len(pages) // 10)
    # A repeated line that looks like a heading must repeat far more to be furniture.
    need_structural = max(need, int(len(pages) * 0.3))

    def running(k: str, counts: Counter, line: str) -> bool:
        if len(k) < 3:
            return False
        return counts.get(k, 0) >= (need_structural if STRUCTURAL.match(line) else need)

    # A head that names the current section repeats on consecutive pages.
    heads = [set(page[:2]) for page in pages]
    repeated: list[set[str]] = [set() for _ in pages]
    first_of_run: list[set[str]] = [set() for _ in pages]
    for p in range(len(pages) - 1):
        both = heads[p] & heads[p + 1]
        repeated[p] |= both
        repeated[p + 1] |= both
        first_of_run[p] |= {line for line in both if p == 0 or line not in heads[p - 1]}

    out = []
    for p, page in enumerate(pages):
        n = len(page)
        keep = []
        for i, line in enumerate(page):
            if ZONE <= i < n - ZONE:  # the body of the page: no furniture there
                keep.append(line)
                continue
            k = key(line)
            if i < 2 and line in repeated[p] and len(k) >= 4 and not _BARE.match(line):
                # The first page of the run keeps it when it is that page's heading, unless the
                # page prints the heading again in another case ("§210 TEACHER EVALUATION").
                again = sum(1 for other in page if _label(other) == _label(line)) > 1
                if not (STRUCTURAL.match(line) and line in first_of_run[p] and not again):
                    continue
            if i < ZONE and running(k, top, line):
                continue
            if i >= n - ZONE and running(k, bottom, line):
                continue
            keep.append(line)
        out.append(keep)
    return out
