"""The structure score: how far the outline can be trusted, and why not.

Coverage alone says little: text inside *some* unit is not text inside the
*right* unit. What is checked here is what a reader would check by hand:

* the contents' entries are found in the body, in the contents' order, on the
  pages the contents gives (allowing a constant offset between printed and PDF pages);
* a long document has more than a handful of top-level units;
* no single top-level unit holds most of the text;
* top-level headings do not repeat on page after page (a running head read as a heading);
* units on different PDF pages do not share one printed page number;
* the text talks like a bargaining agreement (a handbook or a policy manual does not).
"""

from __future__ import annotations

import re
from collections import Counter

from ..models import Page, StructureReport, TocEntry, Unit
from .toc import RawTocEntry
from .units import OUTSIDE

MAX_SHARE = 0.30  # one top-level unit holding more of the text than this is suspect
PAGES_PER_UNIT = 25  # fewer top-level units than pages / this is suspect (at least 3 units)
MIN_TOC_FOUND = 0.8
MIN_TOC_IN_ORDER = 0.7
MIN_COVERAGE = 0.6
MIN_TOC_ENTRIES = 3  # a "contents" of one or two entries says too little to judge by
# "agreement", "bargaining", "negotiate", "grievance" per thousand words. Measured on the 14
# real agreements here: 2.8 to 9.0; an employee handbook 1.4, a board policy manual 1.1.
# (Set on those same 16 documents, so a rough line, not a tested classifier.)
MIN_AGREEMENT_TALK = 1.8
_AGREEMENT_TALK = re.compile(r"\b(?:agreements?|collective(?:ly)?\s+bargain\w*|negotiat\w+|grievances?)\b", re.I)


def _solid(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\n")


def _in_order(toc: list[TocEntry], units: list[Unit]) -> int:
    """Entries matched to a unit that comes after the previous matched one, on a page the
    contents makes plausible: the page it gives, shifted by the offset most entries share."""
    pos = {u.id: k for k, u in enumerate(units)}
    by_id = {u.id: u for u in units}
    offsets: Counter = Counter()
    for e in toc:
        u = by_id.get(e.unit_id or "")
        if u is not None and e.printed_page and e.printed_page.isdigit():
            offsets[u.page_start - int(e.printed_page)] += 1
    shift = offsets.most_common(1)[0][0] if offsets else None
    # Longest chain of matched entries rising in document order (contents may be alphabetical:
    # then few are in order, and that is what the score should say).
    seq = []
    # Contents listed by title (alphabetically) are read in the order of their pages.
    if all(e.printed_page and e.printed_page.isdigit() for e in toc):
        toc = sorted(toc, key=lambda e: int(e.printed_page))
    for e in toc:
        u = by_id.get(e.unit_id or "")
        if u is None:
            continue
        page_ok = (not e.printed_page or not e.printed_page.isdigit() or shift is None or
                   abs(u.page_start - int(e.printed_page) - shift) <= 1 or
                   (u.printed_page_start or "") == e.printed_page)
        if page_ok:
            seq.append(pos[u.id])
    return _longest_rising(seq)


def _longest_rising(seq: list[int]) -> int:
    from bisect import bisect_left
    tails: list[int] = []
    for x in seq:
        i = bisect_left(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)


def _repeating(tops: list[Unit], pages: int) -> list[str]:
    """Top-level headings printed the same way on many pages: a running head taken for a heading."""
    seen = Counter((u.label, u.heading) for u in tops)
    need = max(4, pages // 10)
    return [f"{label} {heading}".strip() for (label, heading), n in seen.items() if n >= need]


def structure_report(units: list[Unit], toc: list[TocEntry], raw_toc: list[RawTocEntry], pages: list[Page],
                     text: str, excluded: list[tuple[int, int]], coverage: float, *,
                     outlined: bool) -> StructureReport:
    tops = [u for u in units if u.level == 1 and u.kind not in OUTSIDE]
    n_pages = len(pages)
    total = _solid(text) - sum(_solid(text[a:b]) for a, b in excluded) or 1
    shares = [_solid(text[u.start:u.end]) / total for u in tops]
    largest = max(shares, default=0.0)
    unplaced = sum(_solid(u.text) for u in units if u.kind in OUTSIDE and u.kind != "page") / total
    found = sum(1 for e in toc if e.unit_id)
    in_order = _in_order(toc, units)
    doubts: list[str] = []
    if not outlined:
        doubts.append("no headings were recognised; units are pages")
    if outlined and n_pages >= 8 and len(tops) < max(3, n_pages // PAGES_PER_UNIT):
        doubts.append(f"{len(tops)} top-level units for {n_pages} pages")
    # Three articles reopened in a tentative agreement: one of them holds a third of it by rights.
    if outlined and len(tops) >= 1 and largest > max(MAX_SHARE, 1.2 / len(tops)) and n_pages >= 8:
        big = tops[max(range(len(tops)), key=lambda k: shares[k])]
        doubts.append(f"{big.label or big.heading or big.id} holds {largest:.0%} of the text")
    printed = Counter(u.printed_page_start for u in tops if u.printed_page_start)
    if len(tops) >= 5 and printed and len({u.page_start for u in tops}) >= 5:
        label, n = printed.most_common(1)[0]
        if n >= 0.5 * len(tops):
            doubts.append(f"{n} of {len(tops)} top-level units start on printed page {label}: "
                          "the printed page numbers were misread")
    for head in _repeating(tops, n_pages):
        doubts.append(f"the heading {head!r} repeats on many pages")
    if len(toc) >= MIN_TOC_ENTRIES and found < MIN_TOC_FOUND * len(toc):
        doubts.append(f"only {found} of the {len(toc)} entries of the table of contents were found in the text")
    elif len(toc) >= MIN_TOC_ENTRIES and in_order < MIN_TOC_IN_ORDER * len(toc):
        doubts.append(f"only {in_order} of the {len(toc)} entries of the table of contents were found "
                      "in order on their pages")
    words = len(text.split())
    talk = 1000 * len(_AGREEMENT_TALK.findall(text)) / words if words else 0.0
    if words >= 2000 and talk < MIN_AGREEMENT_TALK:
        doubts.append("the text reads little like a bargaining agreement "
                      f"({talk:.1f} mentions of agreement, bargaining or grievances per 1,000 words)")
    if outlined and coverage < MIN_COVERAGE:
        doubts.append(f"only {coverage:.0%} of the text is inside a unit")
    return StructureReport(coverage=coverage, pages=n_pages, top_units=len(tops), toc_listed=len(toc),
                           toc_found=found, toc_in_order=in_order, largest_share=round(largest, 4),
                           unplaced=round(unplaced, 4), doubts=tuple(doubts))
