"""From outline nodes to ``Unit`` objects: offsets, pages, own text and readable ids.

Text that no heading covers (a title page, a letter before the preamble, a
page after the last appendix) becomes "unplaced" units, one per page, so
that it is still scanned and cited by its page.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..models import Page, Unit
from .lines import Lines
from .tree import Node

UNPLACED = "unplaced"
OUTSIDE = {UNPLACED, "page"}  # kinds that are not part of the contract's own outline


def _page_label(pages: list[Page], number: int) -> str | None:
    return pages[number - 1].printed if 0 < number <= len(pages) else None


class _Pages:
    def __init__(self, pages: list[Page]):
        self.pages = pages
        self.starts = [p.start for p in pages]

    def at(self, offset: int) -> int:
        i = bisect_right(self.starts, offset) - 1
        return self.pages[max(0, min(i, len(self.pages) - 1))].number


def outline_units(nodes: list[Node], text: str, lines: Lines, pages: list[Page], body_end: int,
                  excluded: list[tuple[int, int]]) -> list[Unit]:
    starts = [lines.start[n.line] + n.col for n in nodes]
    ids = unit_ids(nodes)
    where = _Pages(pages)
    # A unit ends where the next unit at its level or above begins; the contents
    # and index are cut out of whatever unit would otherwise swallow them.
    cuts = sorted(a for a, _ in excluded)
    units: list[Unit] = []
    for k, node in enumerate(nodes):
        start = starts[k]
        end = body_end
        for m in range(k + 1, len(nodes)):
            if nodes[m].level <= node.level:
                end = starts[m]
                break
        for c in cuts:
            if start < c < end:
                end = c
        own_end = starts[k + 1] if k + 1 < len(nodes) and starts[k + 1] < end else end
        own = text[start:own_end].rstrip()
        stop = start + len(text[start:end].rstrip())
        p0, p1 = where.at(start), where.at(max(start, stop - 1))
        units.append(Unit(
            id=ids[k], kind=node.kind, label=node.label, number=node.number, heading=node.heading,
            level=node.level, parent=ids[node.parent] if node.parent is not None else None,
            page_start=p0, page_end=p1, printed_page_start=_page_label(pages, p0),
            printed_page_end=_page_label(pages, p1), start=start, end=stop, text=own))
    return units


def unit_ids(nodes: list[Node]) -> list[str]:
    """Readable, unique ids: "article-12", "article-12/12.3", "appendix-A"."""
    ids: list[str] = []
    seen: dict[str, int] = {}
    for n in nodes:
        part = n.kind if not n.number else f"{n.kind}-{n.number}" if n.level == 1 or n.kind != "item" else n.number
        if n.kind == "section" and n.number:
            part = n.number if n.level > 1 else f"section-{n.number}"
        if not n.number and n.kind in ("division", "part", "memorandum", "side_letter", "appendix", "exhibit"):
            slug = re.sub(r"[^a-z0-9]+", "-", n.heading.lower()).strip("-")[:40]
            part = f"{n.kind}-{slug}" if slug else n.kind
        uid = part if n.parent is None else f"{ids[n.parent]}/{part}"
        if uid in seen:
            seen[uid] += 1
            uid = f"{uid}~{seen[uid]}"
        else:
            seen[uid] = 1
        ids.append(uid)
    return ids


def page_units(pages: list[Page], text: str) -> list[Unit]:
    """No outline at all: one unit per page."""
    units = []
    for p in pages:
        if not text[p.start:p.end].strip():
            continue
        units.append(Unit(id=f"page-{p.number}", kind="page", label=f"Page {p.printed or p.number}",
                          number=str(p.number), heading="", level=1, parent=None, page_start=p.number,
                          page_end=p.number, printed_page_start=p.printed, printed_page_end=p.printed,
                          start=p.start, end=p.end, text=text[p.start:p.end]))
    return units


def unplaced_units(units: list[Unit], text: str, pages: list[Page], excluded: list[tuple[int, int]]) -> list[Unit]:
    """Units for the text outside every top-level unit and outside the contents and index."""
    covered = sorted([(u.start, u.end) for u in units if u.level == 1] + list(excluded))
    gaps: list[tuple[int, int]] = []
    reach = 0
    for a, b in covered:
        if a > reach:
            gaps.append((reach, a))
        reach = max(reach, b)
    if reach < len(text):
        gaps.append((reach, len(text)))
    out: list[Unit] = []
    for a, b in gaps:
        for p in pages:
            lo, hi = max(a, p.start), min(b, p.end + 1)
            if lo >= hi:
                continue
            seg = text[lo:hi]
            lead = len(seg) - len(seg.lstrip())
            body = seg.strip()
            if len(body.split()) < 3:
                continue
            start = lo + lead
            out.append(Unit(id=f"{UNPLACED}-p{p.number}" + (f"-{start}" if any(u.page_start == p.number for u in out)
                                                              else ""),
                            kind=UNPLACED, label=f"Page {p.number}", number="", heading="", level=1,
                            parent=None, page_start=p.number, page_end=p.number, printed_page_start=p.printed,
                            printed_page_end=p.printed, start=start, end=start + len(body), text=body))
    return out


def merge(units: list[Unit], extra: list[Unit]) -> list[Unit]:
    """Outline units and unplaced units in text order, each subtree kept whole."""
    if not extra:
        return units
    out: list[Unit] = []
    pending = sorted(extra, key=lambda u: u.start)
    k = 0
    for u in units:
        if u.level == 1:
            while k < len(pending) and pending[k].start < u.start:
                out.append(pending[k])
                k += 1
        out.append(u)
    out.extend(pending[k:])
    return out
