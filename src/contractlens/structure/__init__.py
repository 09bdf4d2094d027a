"""Contract structure: from raw pages to a tree of units on numbered pages.

    cleanup  -> pages of clean lines, printed page numbers
    toc      -> the contract's contents and index (kept out of the clauses)
    outline  -> which lines open which units
    here     -> offsets, pages, text and ids of each unit; checks against the contents
"""

from __future__ import annotations

import re

from ..models import Contract, Page, RawDocument, TocEntry, Unit
from .cleanup import clean_pages
from .numbers import number_value
from .outline import Node, build_outline
from .toc import RawTocEntry, find_contents, find_index, parse_entries


def build_contract(raw: RawDocument) -> Contract:
    """Read raw pages into a ``Contract``: clean text, pages and the outline."""
    plain = raw.source.format in ("text", "markdown")
    cleaned, warnings = clean_pages([p.text for p in raw.pages], plain_text=plain)
    warnings = list(raw.warnings) + warnings

    # One text for the whole contract: pages joined by newlines, lines by newlines.
    lines: list[str] = []
    line_start: list[int] = []
    page_of: list[int] = []
    pages: list[Page] = []
    pos = 0
    chunks: list[str] = []
    for p in cleaned:
        start = pos
        for line in p.lines:
            lines.append(line)
            line_start.append(pos)
            page_of.append(p.number)
            chunks.append(line)
            pos += len(line) + 1
        pages.append(Page(p.number, p.printed, start, max(start, pos - 1)))
    text = "\n".join(chunks)

    skip: set[int] = set()
    excluded: list[tuple[int, int]] = []
    toc_entries: list[RawTocEntry] = []
    contents = find_contents(lines, page_of)
    if contents:
        a, b = contents
        skip.update(range(a, b))
        excluded.append((line_start[a], _line_end(line_start, lines, b - 1)))
        toc_entries = parse_entries(lines, a, b)
    index_at = find_index(lines, contents[1] if contents else 0, page_of)
    if index_at is not None:
        skip.update(range(index_at, len(lines)))
        excluded.append((line_start[index_at], len(text)))

    printed_of_line = [pages[n - 1].printed for n in page_of]
    nodes = build_outline(lines, skip, toc_entries, printed_of_line, page_of)
    body_end = line_start[index_at] if index_at is not None else len(text)
    if not [n for n in nodes if n.level == 1]:
        nodes = []
        warnings.append("no article or section headings were recognised; the outline has one unit per page")
    units = _units(nodes, text, lines, line_start, pages, body_end, skip, excluded) if nodes else \
        _page_units(pages, text, excluded)
    toc, toc_warnings = _check_toc(toc_entries, units)
    warnings.extend(toc_warnings)
    coverage = _coverage(text, units, excluded)
    return Contract(source=raw.source, text=text, pages=tuple(pages), units=tuple(units), toc=tuple(toc),
                    warnings=tuple(warnings), coverage=coverage, excluded=tuple(excluded))


def _line_end(line_start: list[int], lines: list[str], i: int) -> int:
    return line_start[i] + len(lines[i])


def _page_label(pages: list[Page], number: int) -> str | None:
    return pages[number - 1].printed if 0 < number <= len(pages) else None


def _units(nodes: list[Node], text: str, lines: list[str], line_start: list[int], pages: list[Page],
           body_end: int, skip: set[int], excluded: list[tuple[int, int]]) -> list[Unit]:
    starts = [line_start[n.line] + n.col for n in nodes]
    ids = _ids(nodes)
    page_starts = [p.start for p in pages]

    def page_at(offset: int) -> int:
        lo, hi = 0, len(page_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if page_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return pages[lo].number

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
        last = max(start, start + len(text[start:end].rstrip()) - 1)
        p0, p1 = page_at(start), page_at(last)
        units.append(Unit(
            id=ids[k], kind=node.kind, label=node.label, number=node.number, heading=node.heading,
            level=node.level, parent=ids[node.parent] if node.parent is not None else None,
            page_start=p0, page_end=p1, printed_page_start=_page_label(pages, p0),
            printed_page_end=_page_label(pages, p1), start=start, end=start + len(text[start:end].rstrip()),
            text=own))
    return units


def _ids(nodes: list[Node]) -> list[str]:
    """Readable, unique ids: "article-12", "article-12/12.3", "appendix-A"."""
    ids: list[str] = []
    seen: dict[str, int] = {}
    for n in nodes:
        part = n.kind if not n.number else f"{n.kind}-{n.number}" if n.level == 1 or n.kind != "item" else n.number
        if n.kind == "section" and n.number:
            part = n.number if n.level > 1 else f"section-{n.number}"
        if not n.number and n.kind in ("division", "part", "memorandum", "side_letter"):
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


def _page_units(pages: list[Page], text: str, excluded: list[tuple[int, int]]) -> list[Unit]:
    units = []
    for p in pages:
        if not text[p.start:p.end].strip():
            continue
        units.append(Unit(id=f"page-{p.number}", kind="page", label=f"Page {p.printed or p.number}",
                          number=str(p.number), heading="", level=1, parent=None, page_start=p.number,
                          page_end=p.number, printed_page_start=p.printed, printed_page_end=p.printed,
                          start=p.start, end=p.end, text=text[p.start:p.end]))
    return units


def _coverage(text: str, units: list[Unit], excluded: list[tuple[int, int]]) -> float:
    """Share of non-space characters, outside the contents and index, inside some unit."""
    def solid(a: int, b: int) -> int:
        seg = text[a:b]  # cleaned text has no whitespace but spaces and newlines
        return len(seg) - seg.count(" ") - seg.count("\n")

    def minus_excluded(a: int, b: int) -> int:
        n = solid(a, b)
        for x, y in excluded:
            lo, hi = max(a, x), min(b, y)
            if lo < hi:
                n -= solid(lo, hi)
        return n

    total = minus_excluded(0, len(text))
    covered, reach = 0, 0
    for u in sorted((u for u in units if u.level == 1), key=lambda u: u.start):
        a = max(u.start, reach)
        if a < u.end:
            covered += minus_excluded(a, u.end)
            reach = u.end
    return round(covered / total, 4) if total else 0.0


def _check_toc(entries: list[RawTocEntry], units: list[Unit]) -> tuple[list[TocEntry], list[str]]:
    """Match each article-level contents entry to a unit; report the missing.

    Entries are matched in order (several agreements bound together repeat
    "Article I"), preferring a unit whose heading agrees with the entry's;
    some contents list articles alphabetically, so any unused unit may match.
    """
    kinds = {"article", "section", "appendix", "exhibit"}
    listed = [e for e in entries if e.kind in kinds and not (e.kind == "section" and e.value is None)]
    candidates = [u for u in units if u.kind in kinds and (u.kind != "section" or u.level == 1)]
    keys = [_unit_key(u) for u in candidates]
    used: set[int] = set()
    found: dict[int, Unit] = {}
    for strict in (True, False):  # first where the titles agree, then by number alone
        pos = 0
        for n, e in enumerate(listed):
            if n in found:
                continue
            want = (e.kind, e.value if e.kind in ("article", "section") else e.number.upper())
            order = [*range(pos, len(candidates)), *range(0, pos)]
            same = [k for k in order if k not in used and keys[k] == want
                    and (not strict or _similar(candidates[k].heading, e.heading))]
            if same:
                used.add(same[0])
                found[n] = candidates[same[0]]
                pos = same[0] + 1
    toc: list[TocEntry] = []
    warnings: list[str] = []
    for n, e in enumerate(listed):
        match = found.get(n)
        toc.append(TocEntry(e.kind, e.number, e.heading, e.page, match.id if match else None))
        if match is None:
            where = f" (page {e.page})" if e.page else ""
            warnings.append(f"the table of contents lists {e.kind} {e.number} {e.heading!r}{where}, "
                            "but no such heading was found in the text")
    return toc, warnings


def _unit_key(u: Unit) -> tuple[str, object]:
    if u.kind == "article":
        return u.kind, number_value(u.number)
    if u.kind == "section":
        digits = re.findall(r"\d+", u.number)
        return u.kind, int(digits[0]) if digits else None
    return u.kind, u.number.upper()


def _similar(a: str, b: str) -> bool:
    x, y = re.sub(r"[^a-z0-9]", "", a.lower()), re.sub(r"[^a-z0-9]", "", b.lower())
    return bool(x and y) and (x.startswith(y) or y.startswith(x))
