"""Scheme detection: which numbering family heads this document's body.

Contracts number their top level as ARTICLE 7, Section 7, §700, "7 TITLE", or
only implicitly through "7.1", "7.2". A document may print several of these
(§701 inside ARTICLE SEVEN), so the families are tried from the outermost in,
and the first whose chain of headings is substantial wins. The contents, when
it lists one family, decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from .candidates import Candidate
from .chain import Evidence, evidence, select
from .lines import Lines
from .toc import RawTocEntry

# Outermost first. "decimal" is the implicit top level of "7.1"-only documents.
# "part" (PART I, CHAPTER 3) comes last: most books that print parts number articles inside
# them, and the parts are then second agreements or groupings, read apart.
ORDER = ("article", "section", "paragraph", "numbered", "part", "decimal")
TOC_STYLES = {"article": ("article",), "section": ("section",), "paragraph": ("paragraph",),
              "numbered": ("numbered", "section", "article"), "decimal": ("numbered", "section", "article"),
              "part": ("part",)}


@dataclass
class Scheme:
    family: str | None
    runs: list[list[Candidate]]
    evidence: Evidence | None


def implied_tops(cands: list[Candidate]) -> list[Candidate]:
    """ "7.1 ... 7.2 ... 8.1": the first line of each first-number group stands for its top unit."""
    out: list[Candidate] = []
    for c in cands:
        if not out or out[-1].value != c.value:
            out.append(c)
    return out


def detect(lines: Lines, by_family: dict[str, list[Candidate]], toc: list[RawTocEntry]) -> Scheme:
    total_pages = max(lines.page) if lines.page else 1
    tried: list[tuple[str, list[list[Candidate]], float, Evidence]] = []
    for family in ORDER:
        cands = by_family.get(family, [])
        if family == "decimal":
            cands = implied_tops(cands)
        if len(cands) < 2:
            continue
        ev = evidence(lines, cands, toc, TOC_STYLES[family])
        runs, score = select(lines, cands, ev)
        heads = [c for r in runs for c in r]
        if not heads:
            continue
        tried.append((family, runs, score, ev))
        if family == "part" and not _parts_number_the_body(heads, by_family.get("decimal", [])):
            continue
        listed = len(ev.toc_values)
        found = len({c.value for c in heads} & ev.toc_values)
        if listed >= 3 and found >= 0.5 * listed:
            return Scheme(family, runs, ev)  # the contents lists this family and the body has it
        spread = len({lines.page[c.line] for c in heads})
        if len(heads) >= 3 and (spread >= 3 or total_pages <= 6) and not _listed_elsewhere(toc, family):
            return Scheme(family, runs, ev)
    if tried:
        family, runs, _, ev = max(tried, key=lambda t: (sum(len(r) for r in t[1]), t[2]))
        if sum(len(r) for r in runs) >= 2:
            return Scheme(family, runs, ev)
    return Scheme(None, [], None)


def _parts_number_the_body(parts: list[Candidate], decimals: list[Candidate]) -> bool:
    """PART/CHAPTER heads are the top level when the "3.1" numbers below them start with their
    number (CHAPTER 3 holds 3.1, 3.2), or when there are no such numbers; otherwise they group."""
    if not decimals:
        return True
    agree = 0
    for p in parts:
        nxt = next((d for d in decimals if d.line > p.line), None)
        agree += nxt is not None and nxt.value == p.value
    return agree >= 0.6 * len(parts)


def _listed_elsewhere(toc: list[RawTocEntry], family: str) -> bool:
    """The contents lists another family instead (at least three entries, none of this one)."""
    mine = set(TOC_STYLES[family])
    styles = [e.style for e in toc if e.style in ("article", "section", "paragraph", "numbered")]
    return len(styles) >= 3 and not any(s in mine for s in styles)
