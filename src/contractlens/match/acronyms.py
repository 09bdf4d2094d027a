"""Contract-wide acronyms: a body defined once as "School Leadership Team (SLT)" is that body
wherever "SLT" appears later, so rules that know the long name read the short one too.

Matching sees each unit's text with defined acronyms spelled out; its offsets are mapped back
to the contract's own text, so quotes and citations stay verbatim.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .engine import UnitMatch, UnitText

# "Long Name Of Body (LNB)": up to eight words before a parenthesised run of capitals.
_DEFINED = re.compile(r"((?:[A-Z][\w'’&-]*\s+(?:(?:of|and|for|the|on|in|&)\s+)*){1,8})\(([A-Z][A-Za-z]{1,7})\)")
_SMALL = {"of", "and", "for", "the", "on", "in", "&"}


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _SMALL).upper()


def definitions(text: str) -> dict[str, str]:
    """Acronym -> long form, for every acronym the text defines one way only."""
    found: dict[str, set[str]] = {}
    for m in _DEFINED.finditer(text):
        short = m.group(2)
        if sum(c.isupper() for c in short) < 2:
            continue
        words = m.group(1).split()
        # The long form is the shortest tail of the capitalised words whose initials spell it.
        for k in range(len(words) - 1, -1, -1):
            tail = words[k:]
            if tail[0].lower() in _SMALL:
                continue
            if _initials(tail) == short.upper():
                found.setdefault(short, set()).add(" ".join(tail))
                break
    return {short: next(iter(longs)) for short, longs in found.items() if len(longs) == 1}


@dataclass(frozen=True)
class Expanded:
    """Where acronyms were spelled out: (start in new text, end in new text, start in old, end in old)."""

    spans: tuple[tuple[int, int, int, int], ...] = ()

    def old(self, x: int, end: bool = False) -> int:
        k = bisect.bisect_right([s[0] for s in self.spans], x) - 1
        if k < 0:
            return x
        ns, ne, os_, oe = self.spans[k]
        if x < ne or (end and x == ne):
            return oe if end and x > ns else os_
        return x - ne + oe


@lru_cache(maxsize=64)
def _pattern(shorts: tuple[str, ...]) -> re.Pattern:
    """The defined acronyms, longest first, as one pattern (built once a contract, not once a unit)."""
    return re.compile(r"\b(" + "|".join(map(re.escape, shorts)) + r")\b")


def expand(unit: UnitText, table: dict[str, str]) -> tuple[UnitText, Expanded]:
    """The unit with each defined acronym spelled out (not where it is being defined)."""
    if not table:
        return unit, Expanded()
    pattern = _pattern(tuple(sorted(table, key=len, reverse=True)))
    out, spans, pos, shift = [], [], 0, 0
    for m in pattern.finditer(unit.text):
        long = table[m.group(1)]
        before = unit.text[max(0, m.start() - len(long) - 3):m.start()]
        if before.rstrip(" (").endswith(long):  # the definition itself
            continue
        out.append(unit.text[pos:m.start()])
        ns = m.start() + shift
        out.append(long)
        spans.append((ns, ns + len(long), m.start(), m.end()))
        shift += len(long) - (m.end() - m.start())
        pos = m.end()
    if not spans:
        return unit, Expanded()
    out.append(unit.text[pos:])
    context = pattern.sub(lambda m: table[m.group(1)], unit.context) if unit.context else unit.context
    return UnitText(unit.id, "".join(out), context), Expanded(tuple(spans))


def restore(match: UnitMatch, where: Expanded) -> UnitMatch:
    """The match with its offsets in the unit's own text."""
    if not where.spans:
        return match
    old = where.old
    sentences = tuple((old(a), old(b, True)) for a, b in match.sentences)
    hits = tuple(replace(h, start=old(h.start), end=old(h.end, True)) if h.sentence >= 0 else h for h in match.hits)
    notes = {k: replace(n, modifiers=tuple(replace(m, start=old(m.start), end=old(m.end, True)) for m in n.modifiers))
             for k, n in match.notes.items()}
    return replace(match, sentences=sentences, hits=hits, notes=notes)


def match_all(engine, units: list[UnitText], text: str) -> list[UnitMatch]:
    """engine.match over units with the acronyms `text` defines spelled out, offsets restored."""
    table = definitions(text)
    pairs = [expand(u, table) for u in units]
    return [restore(m, w) for m, (_, w) in zip(engine.match(u for u, _ in pairs), pairs)]
