"""Contract structure: from raw pages to a tree of units on numbered pages.

    cleanup  -> pages of clean lines, printed page numbers (furniture, margins, pagenumbers)
    lines    -> one text and a line cursor over it
    toc      -> the contract's contents and index (kept out of the clauses)
    outline  -> which lines open which units (candidates, scheme, chain, titles, items)
    units    -> offsets, pages, text and ids of each unit; text outside every unit
    quality  -> the structure score: contents matched in the body, and doubts
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from ..models import Contract, Page, RawDocument, TocEntry, Unit
from .cleanup import clean_pages
from .lines import build_lines, raw_line_numbers
from .numbers import number_value
from .outline import build_outline
from .quality import structure_report
from .toc import RawTocEntry, find_contents, find_index, parse_entries
from .units import UNPLACED, merge, outline_units, page_units, unplaced_units

NO_OUTLINE = "no article or section headings were recognised; the outline has one unit per page"


def build_contract(raw: RawDocument) -> Contract:
    """Read raw pages into a ``Contract``: clean text, pages and the outline."""
    plain = raw.source.format in ("text", "markdown")
    cleaned, warnings = clean_pages([p.text for p in raw.pages], plain_text=plain)
    warnings = list(raw.warnings) + warnings
    trusted = {p.number: dict(p.headings) for p in raw.pages if p.headings}
    lines, text = build_lines(cleaned, trusted)

    pages: list[Page] = []
    k, pos = 0, 0
    for p in cleaned:
        start = pos
        for line in p.lines:
            pos = lines.start[k] + len(line) + 1
            k += 1
        pages.append(Page(p.number, p.printed, start, max(start, pos - 1)))

    excluded: list[tuple[int, int]] = []
    toc_entries: list[RawTocEntry] = []
    contents = find_contents(lines.text, lines.page)
    if contents:
        a, b = contents
        lines.skip.update(range(a, b))
        excluded.append((lines.start[a], lines.start[b - 1] + len(lines.text[b - 1])))
        toc_entries = parse_entries(lines.text, a, b)
    index_at = find_index(lines.text, contents[1] if contents else 0, lines.page)
    if index_at is not None:
        lines.skip.update(range(index_at, len(lines)))
        excluded.append((lines.start[index_at], len(text)))

    nodes = build_outline(lines, toc_entries)
    body_end = lines.start[index_at] if index_at is not None else len(text)
    if not [n for n in nodes if n.level == 1 and n.kind not in ("preamble",)]:
        nodes = []
        warnings.append(NO_OUTLINE)
    units = outline_units(nodes, text, lines, pages, body_end, excluded) if nodes else page_units(pages, text)
    toc, toc_warnings = _check_toc(toc_entries, units)
    warnings.extend(toc_warnings)
    coverage = _coverage(text, units, excluded)
    if nodes:
        units = merge(units, unplaced_units(units, text, pages, excluded))
    units = _with_lines(units, lines.start, raw_line_numbers(raw.pages, cleaned))
    report = structure_report(units, toc, toc_entries, pages, text, excluded, coverage, outlined=bool(nodes))
    warnings.extend(f"the outline looks wrong: {d}" for d in report.doubts)
    return Contract(source=raw.source, text=text, pages=tuple(pages), units=tuple(units), toc=tuple(toc),
                    warnings=tuple(warnings), coverage=coverage, excluded=tuple(excluded), structure=report)


def _with_lines(units: list[Unit], starts: list[int], numbers: list[int]) -> list[Unit]:
    """Each unit with the line, in the text as read, of the clean line it begins on."""
    if not numbers:
        return units
    return [replace(u, line=numbers[max(0, bisect_right(starts, u.start) - 1)]) for u in units]


def _coverage(text: str, units: list[Unit], excluded: list[tuple[int, int]]) -> float:
    """Share of non-space characters, outside the contents and index, inside the contract's own units."""
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
    for u in sorted((u for u in units if u.level == 1 and u.kind != UNPLACED), key=lambda u: u.start):
        a = max(u.start, reach)
        if a < u.end:
            covered += minus_excluded(a, u.end)
            reach = u.end
    return round(covered / total, 4) if total else 0.0


TOC_KINDS = {"article", "section", "appendix", "exhibit"}


def _check_toc(entries: list[RawTocEntry], units: list[Unit]) -> tuple[list[TocEntry], list[str]]:
    """Match each article-level contents entry to a unit; report the missing.

    Entries are matched in order (several agreements bound together repeat
    "Article I"), preferring a unit whose heading agrees with the entry's;
    some contents list articles alphabetically, so any unused unit may match.
    """
    listed = [e for e in top_entries(entries) if e.kind in TOC_KINDS and not (e.kind == "section" and e.value is None)]
    candidates = [u for u in units if u.kind in TOC_KINDS and (u.kind != "section" or u.level == 1)]
    keys = [_unit_key(u) for u in candidates]
    used: set[int] = set()
    found: dict[int, Unit] = {}
    for strict in (True, False):  # first where the titles agree, then by number alone
        pos = 0
        for n, e in enumerate(listed):
            if n in found or (not strict and not e.number):
                continue  # an unnumbered entry has only its title to be matched by
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


def top_entries(entries: list[RawTocEntry]) -> list[RawTocEntry]:
    """The contents' top level: entries printed in another style than the first numbered one
    whose numbers start again under each of them ("§140 ... Section 1, Section 2") are nested."""
    numbered = [e for e in entries if e.kind in ("article", "section") and e.value is not None]
    if not numbered:
        return entries
    top = numbered[0].style
    nested = set()
    for style in {e.style for e in numbered} - {top}:
        seq = [e.value for e in numbered if e.style == style]
        if any(b <= a for a, b in zip(seq, seq[1:])):
            nested.add(style)
    return [e for e in entries if not (e.kind in ("article", "section") and e.style in nested)]


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
