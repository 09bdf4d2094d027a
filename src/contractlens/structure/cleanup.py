"""Remove what a reader skips: page furniture, line numbers, broken words.

Input is the raw text of each page; output is each page's lines, stripped of
running headers and footers, printed page numbers (kept as page labels),
margin line numbers, leader dots and line-end hyphenation. Every change only
deletes characters or joins a word broken across lines, so what remains are
the source's own words.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .numbers import roman_to_int
from ..lexicon import english_words

ZONE = 3  # lines at the top and bottom of a page where furniture lives

_PAGE_NUMBER_LINE = [
    re.compile(r"^(?:page|pg\.?)?\s*(?P<n>\d{1,4})$", re.I),
    re.compile(r"^[-–—]\s*(?P<n>\d{1,4})\s*[-–—]$"),
    re.compile(r"^(?:page\s*)?(?P<n>\d{1,4})\s*(?:of|/)\s*\d{1,4}$", re.I),
    re.compile(r"^(?:page\s*)?(?P<n>[ivxlc]{1,7})$", re.I),
    re.compile(r"^(?P<n>[A-Z]{1,2}\s?[-–]\s?\d{1,3})$"),
]
# "FY2015 CONTRACT Page 5", "Agreement 2025-2028 — Page 3 of 40": the number ends a header line.
_PAGE_NUMBER_TAIL = re.compile(r"\bpage\s+(?P<n>\d{1,4})(?:\s+of\s+\d{1,4})?$", re.I)
_LINE_NUMBER = re.compile(r"^\s{0,4}(\d{1,2})(?=\s|$)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
_LEADER = re.compile(r"(?:(?: ?[.…]){4,}|(?: ?…){2,}|(?: ?_){4,}|(?: ?·){4,}) ?")
_HYPHEN_END = re.compile(r"([A-Za-z]{1,40})[-\u00ad\ufffe]$")
_SOFT = re.compile(r"([A-Za-z]{1,40})[\ufffe\u00ad]([A-Za-z]{1,40})")
_WORD = re.compile(r"[a-z]{2,}(?:-[a-z]+)*")
_NUMBERISH = re.compile(r"\d+|\b[ivxlc]{1,7}\b")
_STRUCTURAL = re.compile(r"^(article|section|appendix|exhibit|§|[A-Z]\.|\(?[a-z0-9]{1,3}[.)])", re.I)

# Prefixes written with a hyphen: "non-teaching", "co-chair", "self-directed".
_PREFIXES = {"non", "co", "self", "ex", "multi", "cross", "well", "full", "part", "half", "pre",
             "post", "anti", "semi", "inter", "intra", "mid", "long", "short", "full", "one",
             "two", "three", "four", "five", "six", "high", "low", "sub", "vice", "re"}


@dataclass
class CleanPage:
    number: int
    printed: str | None
    lines: list[str]


def clean_pages(texts: list[str], *, plain_text: bool) -> tuple[list[CleanPage], list[str]]:
    """Clean the raw text of each page; return pages and warnings."""
    warnings: list[str] = []
    pages = [[line for line in t.split("\n") if line.strip()] for t in texts]
    printed = _printed_page_numbers(pages)
    if plain_text and _is_line_numbered(pages):
        pages = [_strip_line_numbers(p) for p in pages]
        warnings.append("margin line numbers were removed")
    if plain_text:
        pages = [_drop_right_aligned(p) for p in pages]
    pages = [_split(_SPACES.sub(" ", "\n".join(p))) for p in pages]
    pages = _drop_running_lines(pages)
    pages = _dehyphenate(pages)
    pages = [_drop_leaders(p) for p in pages]
    return [CleanPage(i + 1, printed[i], p) for i, p in enumerate(pages)], warnings


# -- margin line numbers (court-style numbered lines) -------------------------------

def _is_line_numbered(pages: list[list[str]]) -> bool:
    total = numbered = 0
    for page in pages:
        for line in page:
            if line.strip():
                total += 1
                if _LINE_NUMBER.match(line):
                    numbered += 1
    return total > 40 and numbered / total > 0.5


def _strip_line_numbers(page: list[str]) -> list[str]:
    """Remove margin numbers; on a numbered page, unnumbered lines are its head and foot."""
    out, last, numbered = [], 0, []
    for line in page:
        m = _LINE_NUMBER.match(line)
        hit = False
        if m:
            n = int(m.group(1))
            # Margin numbers count up within a page; anything else is content.
            if n == last + 1 or n == 1 or (last == 0 and n < 60):
                last = n
                line = line[m.end():]
                hit = True
        out.append(line)
        numbered.append(hit)
    hits = [k for k, hit in enumerate(numbered) if hit]
    if len(hits) < 5:
        return out
    # At most two unnumbered lines above the first numbered one and below the
    # last: the running head and foot. Longer unnumbered runs are content.
    first, last_hit = hits[0], hits[-1]
    drop = set()
    if 0 < first <= 2:
        drop.update(range(first))
    if 0 < len(out) - 1 - last_hit <= 2:
        drop.update(range(last_hit + 1, len(out)))
    return [line for k, line in enumerate(out) if k not in drop]


def _drop_right_aligned(page: list[str]) -> list[str]:
    """In plain text, a running head is pushed to the right margin."""
    idx = [i for i, line in enumerate(page) if line.strip()]
    zone = set(idx[:2] + idx[-2:])
    out = []
    for i, line in enumerate(page):
        if i in zone:
            lead = len(line) - len(line.lstrip())
            if lead >= 40 and lead >= 0.6 * len(line.rstrip()):
                continue
        out.append(line)
    return out


# -- printed page numbers ------------------------------------------------------------

def _zone(page: list[str]) -> list[int]:
    n = len(page)
    return sorted(set(range(min(ZONE, n))) | set(range(max(0, n - ZONE), n)))


def _page_number_candidates(line: str) -> tuple[str, str, int] | None:
    """(label, series, value) if the line is or ends with a page number."""
    for rx in _PAGE_NUMBER_LINE:
        m = rx.match(line)
        if m:
            return _classify(m.group("n"))
    m = _PAGE_NUMBER_TAIL.search(line)
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


def _printed_page_numbers(pages: list[list[str]]) -> list[str | None]:
    """Find each page's printed number and remove the line that carries it.

    A candidate is kept only when a nearby page carries the same series at the
    same distance from the physical page number: a lone "2" in a table is not
    a page number, but "21, 22, 23" on consecutive pages is.
    """
    cands: dict[int, list[tuple[int, str, str, int]]] = defaultdict(list)
    for p, page in enumerate(pages):
        for i in _zone(page):
            c = _page_number_candidates(page[i].strip())
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
                if _PAGE_NUMBER_TAIL.search(line) and not any(rx.match(line) for rx in _PAGE_NUMBER_LINE):
                    pages[p][i] = line[: _PAGE_NUMBER_TAIL.search(line).start()].rstrip(" -–—|")
                else:
                    pages[p][i] = ""
                break
    for p in range(len(pages)):
        pages[p] = [line for line in pages[p] if line]
    return printed


# -- running headers and footers ------------------------------------------------------

# A running head read by OCR on one page and from the text layer on the next differs in its
# dashes and quotes ("2024-2027" for "2024–2027"): they are the same line.
_LOOKALIKES = str.maketrans("–—‒−‘’“”", "----''\"\"")


def _furniture_key(line: str) -> str:
    line = line.lower().translate(_LOOKALIKES)
    if _STRUCTURAL.match(line):
        return line
    return _NUMBERISH.sub("#", line)


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    if len(pages) < 2:
        return pages
    top, bottom = Counter(), Counter()
    for page in pages:
        top.update({_furniture_key(line) for line in page[:ZONE]})
        bottom.update({_furniture_key(line) for line in page[-ZONE:]})
    # "ARTICLE 7" atop every page that starts an article is a heading, not a
    # running head: headings repeat only as exactly the same text.
    need = max(3 if len(pages) >= 3 else 2, len(pages) // 10)
    # A repeated line that looks like a heading must repeat far more to be furniture.
    need_structural = max(need, int(len(pages) * 0.3))

    def running(key: str, counts: Counter, line: str) -> bool:
        n = counts.get(key, 0)
        if len(key) < 3:
            return False
        return n >= (need_structural if _STRUCTURAL.match(line) else need)

    # A head that names the current section repeats on consecutive pages only.
    heads = [{line.lower() for line in page[:2]} for page in pages]
    repeated = [set() for _ in pages]
    for p in range(len(pages) - 1):
        both = heads[p] & heads[p + 1]
        repeated[p] |= both
        repeated[p + 1] |= both

    out = []
    for p, page in enumerate(pages):
        n = len(page)
        keep = []
        for i, line in enumerate(page):
            key = _furniture_key(line)
            if i < 2 and line.lower() in repeated[p] and len(key) >= 4:
                continue
            if i < ZONE and running(key, top, line):
                continue
            if i >= n - ZONE and running(key, bottom, line):
                continue
            keep.append(line)
        out.append(keep)
    return out


# -- hyphenation ---------------------------------------------------------------------

def _dehyphenate(pages: list[list[str]]) -> list[list[str]]:
    if not any("\ufffe" in line or "\u00ad" in line or line.endswith("-") for page in pages for line in page):
        return pages
    found = set(_WORD.findall("\n".join("\n".join(page) for page in pages).lower()))
    doc_hyphenated = {w for w in found if "-" in w}
    doc_words = found - doc_hyphenated
    known = english_words()
    words = doc_words | known

    def joiner(left: str, right: str) -> str:
        whole = (left + right).lower()
        if whole in doc_words:
            return ""
        if f"{left}-{right}".lower() in doc_hyphenated:
            return "-"
        if whole in known:
            return ""
        ll, rl = left.lower(), right.lower()
        if ll in _PREFIXES:
            return "-"
        if len(ll) > 1 and len(rl) > 1 and ll in words and rl in words:
            return "-"
        return ""

    out = []
    for page in pages:
        lines = [_SOFT.sub(lambda m: m.group(1) + joiner(m.group(1), m.group(2)) + m.group(2), line)
                 if ("\ufffe" in line or "\u00ad" in line) else line for line in page]
        merged: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            while i + 1 < len(lines):
                m = _HYPHEN_END.search(line)
                nxt = lines[i + 1]
                if not m or not nxt[:1].islower():
                    break
                right = re.match(r"[A-Za-z]+", nxt)
                if not right:
                    break
                line = line[: m.end(1)] + joiner(m.group(1), right.group(0)) + nxt
                i += 1
            merged.append(line.replace("\ufffe", "-").replace("\u00ad", ""))
            i += 1
        out.append(merged)
    return out


def _drop_leaders(page: list[str]) -> list[str]:
    text = "\n".join(page)
    if "..." in text or "…" in text or "____" in text or "··" in text or ". . ." in text:
        return _split(_LEADER.sub(" ", text))
    return page


def _split(text: str) -> list[str]:
    """Lines of a page, stripped, without empty ones."""
    return [line for line in (raw.strip() for raw in text.split("\n")) if line]
