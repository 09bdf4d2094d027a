"""Heading acceptance: which candidates of one numbering family are the document's headings.

The headings of a family form a chain: numbers that rise down the document,
mostly by one. Each candidate carries a weight (how much it looks like a
heading) and the chain with the most weight wins, found by dynamic
programming rather than line by line, so that one misread line cannot derail
the rest. A gap in the numbering costs a little and is allowed only when the
heading says so itself: the source marked it as a heading, the contents lists
it, or it is printed exactly like its neighbours. Numbering that starts again
at 1 begins a new run: a second agreement bound into the same book.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .candidates import Candidate
from .lines import Lines
from .toc import RawTocEntry

GAP_COST = 0.35  # per missing number, up to three
RESTART_COST = 1.5
LOOKBACK = 250  # earlier candidates a candidate may follow


@dataclass(frozen=True)
class Evidence:
    """What the contents and the layout say about one family's candidates."""

    dominant: tuple | None  # the shape most headings of the family share
    toc_values: frozenset  # numbers the contents lists for the family
    toc_heading: dict  # number -> normalised contents titles
    toc_page: dict  # number -> printed pages the contents gives
    toc_restarts: bool  # the contents itself starts the numbering again


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def norm(text: str) -> str:
    return _NOT_ALNUM.sub("", text.lower().replace("&", "and"))


def title_of(lines: Lines, c: Candidate) -> str:
    rest = re.sub(r"^[\s\-–—:,.]+", "", c.label.rest).strip()
    if rest:
        return rest
    j = lines.next(c.line)
    return lines.text[j] if j is not None else ""


def similar(a: str, b: str) -> bool:
    x, y = norm(a), norm(b)
    if not x or not y:
        return False
    n = min(len(x), len(y), 24)
    return x[:n] == y[:n]


def evidence(lines: Lines, cands: list[Candidate], toc: list[RawTocEntry], toc_styles: tuple[str, ...]) -> Evidence:
    listed = [e for e in toc if e.style in toc_styles and e.value is not None]
    values = frozenset(e.value for e in listed)
    headings: dict[int, list[str]] = {}
    pages: dict[int, list[str]] = {}
    for e in listed:
        headings.setdefault(e.value, []).append(e.heading)
        if e.page:
            pages.setdefault(e.value, []).append(e.page)
    seq = [e.value for e in listed]
    restarts = any(b <= a for a, b in zip(seq, seq[1:]))
    shapes = Counter(c.shape for c in cands if c.titled and not c.open_prose)
    dominant = shapes.most_common(1)[0][0] if shapes else None
    return Evidence(dominant, values, headings, pages, restarts)


def weight(lines: Lines, c: Candidate, ev: Evidence) -> float | None:
    """How much a candidate looks like a heading; None when it cannot be one."""
    listed = c.value in ev.toc_values
    titled_in_toc = listed and any(similar(title_of(lines, c), h) for h in ev.toc_heading.get(c.value, ()))
    page_ok = _page_ok(lines, c, ev)
    # A title the contents lists for a page far from here is a cross-reference quoting it
    # ("Article 11 - Personal & Academic Freedom shall apply"), not that heading.
    if titled_in_toc and ev.toc_page.get(c.value) and not _page_ok(lines, c, ev, slack=6):
        titled_in_toc = False
    # Without a title of its own, a label is a heading when the contents vouches for it: its
    # title, or (a form or a scanned page opening with the bare label) its very page.
    vouched = page_ok and (titled_in_toc or (listed and c.first_on_page and not c.open_prose))
    if c.trusted is None and (c.open_prose or not c.titled) and not vouched:
        return None
    w = 1.0
    if c.trusted is not None:
        w += 1.5
    if titled_in_toc:
        w += 1.0
    elif listed:
        w += 0.3
    if page_ok:
        w += 0.5
    if c.shape == ev.dominant:
        w += 0.5
    elif c.trusted is None and not titled_in_toc and not _alike(c.shape, ev.dominant):
        w -= 0.5
    if c.first_on_page:
        w += 0.2
    return w


def _page_ok(lines: Lines, c: Candidate, ev: Evidence, slack: int = 1) -> bool:
    pages = ev.toc_page.get(c.value)
    if not pages:
        return False
    here = {str(lines.page[c.line]), lines.printed[c.line] or ""}
    for p in pages:
        if p in here:
            return True
        if p.isdigit():
            for h in here:
                if h.isdigit() and abs(int(h) - int(p)) <= slack:
                    return True
    return False


def select(lines: Lines, cands: list[Candidate], ev: Evidence, *, allow_restarts: bool = True
           ) -> tuple[list[list[Candidate]], float]:
    """The best chain of headings, as runs of rising numbers; and its score."""
    nodes: list[tuple[Candidate, float]] = []
    for c in cands:
        if c.value is None:
            continue
        w = weight(lines, c, ev)
        if w is not None:
            nodes.append((c, w))
    if not nodes:
        return [], 0.0
    score = [0.0] * len(nodes)
    back: list[int | None] = [None] * len(nodes)
    for i, (c, w) in enumerate(nodes):
        best, arg = _start_cost(c, ev), None
        best = w - best
        gap_ok = c.trusted is not None or c.value in ev.toc_values or c.shape == ev.dominant or \
            _alike(c.shape, ev.dominant)
        restart_ok = allow_restarts and c.value == 1 and (
            c.trusted is not None or c.shape == ev.dominant or ev.toc_restarts) and w >= 1.5
        for j in range(max(0, i - LOOKBACK), i):
            p, _ = nodes[j]
            d = c.value - p.value
            if d == 0 and _further(p, c):
                d = 2  # "Article 8" or "Article 8.01" then "Article 8.03": the same article, further on
            if d == 1:
                cost = 0.0
            elif d > 1:
                if not gap_ok:
                    continue
                # "Article 21.01" then "Article 34.01": headings that name a section of another
                # agreement (an amendment) skip what they leave alone; one gap, however wide.
                wide = 1 if c.label.style == "article" and (c.label.path or p.label.path) else 3
                cost = GAP_COST * min(d - 1, wide)
            elif restart_ok:
                cost = RESTART_COST
            else:
                continue
            s = score[j] + w - cost
            if s > best:
                best, arg = s, j
        score[i], back[i] = best, arg
    end = max(range(len(nodes)), key=lambda k: (score[k], -k))
    chain: list[Candidate] = []
    k: int | None = end
    while k is not None:
        chain.append(nodes[k][0])
        k = back[k]
    chain.reverse()
    runs: list[list[Candidate]] = []
    for c in chain:
        if not runs or (c.value <= runs[-1][-1].value and not _further(runs[-1][-1], c)):
            runs.append([c])
        else:
            runs[-1].append(c)
    return runs, score[end]


def _further(p: Candidate, c: Candidate) -> bool:
    """Both name the same article, ``c`` a later section of it."""
    return c.value == p.value and c.label.style == "article" and bool(c.label.path) and \
        c.label.path > (p.label.path or (p.value,))


def _alike(a: tuple | None, b: tuple | None) -> bool:
    """Printed like the family's headings but for the number's form or the mark after it:
    "Article 34.01 Title" among "Article 21.01: Title" headings (a colon OCR may drop, or a
    typist left out), "Article 53 Title" among them (an amendment of a whole article)."""
    if a is None or b is None:
        return False
    forms = {"arabic", "decimal"}
    return a[0] == b[0] and a[1] == b[1] and a[4] == b[4] != "none" and \
        (a[2] == b[2] or {a[2], b[2]} <= forms) and a[3] in ": -–—." and b[3] in ": -–—."


def _start_cost(c: Candidate, ev: Evidence) -> float:
    if c.value <= 1 or c.trusted is not None or (ev.toc_values and c.value == min(ev.toc_values)):
        return 0.0
    return min(0.25 * (c.value - 1), 1.0)
