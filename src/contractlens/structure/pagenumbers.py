"""Printed page numbers: found at the head or foot of each page, kept as page labels, removed from the text.

A candidate counts only when a nearby page carries the same series at the same
distance from the physical page number: a lone "2" in a table is not a page
number, but "21, 22, 23" on consecutive pages is.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .numbers import roman_to_int

ZONE = 3  # lines at the top and bottom of a page where page numbers live

_LINE = [
    re.compile(r"^(?:page|pg\.?)?\s*(?P<n>\d{1,4})$", re.I),
    re.compile(r"^[-–—]\s*(?P<n>\d{1,4})\s*[-–—]$"),
    re.compile(r"^(?:page\s*)?(?P<n>\d{1,4})\s*(?:of|/)\s*\d{1,4}$", re.I),
    re.compile(r"^(?:page\s*)?(?P<n>[ivxlc]{1,7})$", re.I),
    re.compile(r"^(?P<n>[A-Z]{1,2}\s?[-–]\s?\d{1,3})$"),
]
# "FY2015 CONTRACT Page 5", "Agreement 2025-2028 — Page 3 of 40": the number ends a header line.
_TAIL = re.compile(r"\bpage\s+(?P<n>\d{1,4})(?:\s+of\s+\d{1,4})?$", re.I)


def _zone(page: list[str]) -> list[int]:
    n = len(page)
    return sorted(set(range(min(ZONE, n))) | set(range(max(0, n - ZONE), n)))


def candidate(line: str) -> tuple[str, str, int] | None:
    """(label, series, value) if the line is or ends with a page number."""
    for rx in _LINE:
        m = rx.match(line)
        if m:
            return _classify(m.group("n"))
    m = _TAIL.search(line)
    if m:
        return _classify(m.group("n"))
    return None


def _classify(label: str) -> tuple[str, str, int] | None:
    label = label.strip()
    if label.isdigit():
        return label, "arabic", int(label)
    m = re.match(r"^([A-Z]{1,2})\s?[-–]\s?(\d+)$", label)
    if m:
        return label, "prefix:" + m.group(1), int(m.group(2))
    value = roman_to_int(label)
    if value:
        return label, "roman", value
    return None


def printed_page_numbers(pages: list[list[str]]) -> list[str | None]:
    """Each page's printed number; the line carrying it is removed from ``pages`` (in place)."""
    cands: dict[int, list[tuple[int, str, str, int]]] = defaultdict(list)
    for p, page in enumerate(pages):
        for i in _zone(page):
            c = candidate(page[i].strip())
            if c:
                label, series, value = c
                cands[p].append((i, label, series, p - value))
    printed: list[str | None] = [None] * len(pages)
    for p, items in cands.items():
        for i, label, series, offset in items:
            supported = any(
                s == series and o == offset
                for q in range(p - 3, p + 4) if q != p
                for _, _, s, o in cands.get(q, ())
            )
            if supported:
                printed[p] = label
                line = pages[p][i].strip()
                if _TAIL.search(line) and not any(rx.match(line) for rx in _LINE):
                    pages[p][i] = line[: _TAIL.search(line).start()].rstrip(" -–—|")
                else:
                    pages[p][i] = ""
                break
    for p in range(len(pages)):
        pages[p] = [line for line in pages[p] if line]
    return printed
