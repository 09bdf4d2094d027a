"""Remove what a reader skips: page furniture, line numbers, broken words.

Input is the raw text of each page; output is each page's lines, stripped of
running headers and footers, printed page numbers (kept as page labels),
margin line numbers, leader dots and line-end hyphenation. Every change only
deletes characters or joins a word broken across lines, so what remains are
the source's own words.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

from ..lexicon import english_words
from .furniture import drop_running_lines
from .margins import numbered_pages, repeated_heads, strip_numbers
from .pagenumbers import printed_page_numbers

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")
_LEADER = re.compile(r"(?:(?: ?[.…]){4,}|(?: ?…){2,}|(?: ?_){4,}|(?: ?·){4,}) ?")
_HYPHEN_END = re.compile(r"([A-Za-z]{1,40})[-\u00ad\ufffe]$")
_BREAKS = ("-", "\u00ad", "\ufffe")  # what a line _HYPHEN_END can match ends with
_SOFT = re.compile(r"([A-Za-z]{1,40})[\ufffe\u00ad]([A-Za-z]{1,40})")
_WORD = re.compile(r"[a-z]{2,}(?:-[a-z]+)*")

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
    runs = numbered_pages(pages)
    if any(runs):
        heads = repeated_heads(pages, runs)
        pages = [[line for k, line in enumerate(p) if k not in h] for p, h in zip(pages, heads)]
        runs = [[k - sum(1 for d in h if d < k) for k in r] for r, h in zip(runs, heads)]
        pages = [strip_numbers(p, r) for p, r in zip(pages, runs)]
        pages = [[line for line in p if line.strip()] for p in pages]
        warnings.append("margin line numbers were removed")
    printed = printed_page_numbers(pages)
    if plain_text:
        pages = [_drop_right_aligned(p) for p in pages]
    pages = [_split(_SPACES.sub(" ", "\n".join(p))) for p in pages]
    pages = drop_running_lines(pages)
    pages = _dehyphenate(pages)
    pages = [_drop_leaders(p) for p in pages]
    return [CleanPage(i + 1, printed[i], p) for i, p in enumerate(pages)], warnings


# -- running heads pushed to the right margin (plain text) ---------------------------

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
                m = _HYPHEN_END.search(line) if line.endswith(_BREAKS) else None
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
