"""The contract's own table of contents (and back-of-book index).

Both are navigation, not clauses: their lines are kept out of the units, and
the contents' article entries are used to check the outline we build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .headings import is_titleish, parse_top, parse_section
from .numbers import number_value

_CONTENTS = re.compile(r"^(?:TABLE OF CONTENTS|Table of Contents|CONTENTS|Contents|INDEX OF ARTICLES)\b")
_INDEX = re.compile(r"^(?:SUBJECT |ALPHABETICAL |Subject |Alphabetical )?(?:INDEX|Index)\b.{0,30}$")
# A line ending in a page reference: "Grievance Procedure 21", "Preamble iii", "... 203–205".
_PAGE_REF = re.compile(r"^(?P<body>.*?[^\s.…])(?:\s*[.…]+\s*|\s+)(?P<page>\d{1,3}|[ivxlc]{1,6})$")
_KEYWORD = re.compile(r"^(?:ARTICLE|Article|SECTION|Section|APPENDIX|Appendix|EXHIBIT|Exhibit|§|PART|Part)\b")
_GROUPS = re.compile(r"^(?:APPENDICES|Appendices|APPENDIXES|EXHIBITS|Exhibits|ATTACHMENTS)$")
_COLUMN_HEADS = re.compile(r"^(?:page|PAGE|Page|ARTICLE PAGE|ARTICLE\s+PAGE|Article\s+Page|SECTION\s+PAGE)$")
# Manchester-style contents: "INSURANCE VI 11" (title, article number, page).
_TITLE_NUM_PAGE = re.compile(r"^(?P<title>.+?)\s+(?P<kw>APPENDIX\s+)?(?P<num>[IVXL]{1,7}|[A-Z])\s+(?P<page>\d{1,4})$")


@dataclass(frozen=True)
class RawTocEntry:
    kind: str  # article | section | appendix | exhibit | memorandum | side_letter | preamble | division | item
    number: str
    value: int | None
    heading: str
    page: str | None
    line: int


def _is_ref(text: str) -> bool:
    m = _PAGE_REF.match(text)
    return bool(m) and len(m.group("body")) <= 160


def find_contents(lines: list[str], page_of: list[int]) -> tuple[int, int] | None:
    """Line range [start, end) of the table of contents, if the contract has one."""
    if not lines:
        return None
    last_page = page_of[-1]
    limit = next((i for i, p in enumerate(page_of) if p > max(20, last_page // 5)), len(lines))
    start = next((i for i in range(limit) if _CONTENTS.match(lines[i])), None)
    if start is None:
        start = _dense_run(lines, limit)
        if start is None:
            return None
    i = start + 1
    end = i
    while i < len(lines):
        text = lines[i]
        if _is_ref(text) or _COLUMN_HEADS.match(text):
            end = i + 1
        elif len(text) < 120 and any(_is_ref(t) for t in lines[i + 1:i + 4]) and \
                (_KEYWORD.match(text) or not _looks_like_prose(text)):
            end = i + 1
        else:
            break
        i += 1
    # A wrapped title or two at the foot of the last contents page belongs to it.
    tail = end
    while tail < len(lines) and page_of[tail] == page_of[end - 1] and tail - end < 4 \
            and len(lines[tail]) < 70 and parse_top(lines[tail]) is None and parse_section(lines[tail]) is None \
            and not _looks_like_prose(lines[tail]):
        tail += 1
    if tail < len(lines) and page_of[tail] != page_of[end - 1]:
        end = tail
    return (start, end) if end - start >= 3 else None


def _dense_run(lines: list[str], limit: int) -> int | None:
    """Contents without a title: a run of keyword lines ending in page numbers."""
    for i in range(limit):
        window = lines[i:i + 10]
        if len(window) == 10 and sum(1 for t in window if _is_ref(t) and parse_top(_PAGE_REF.match(t).group("body"))) >= 6:
            return i
    return None


def _looks_like_prose(text: str) -> bool:
    return len(text) > 60 and not is_titleish(text, max_words=20) and text[-1:] not in ":"


def _split_ref(text: str) -> tuple[str, str | None]:
    m = _PAGE_REF.match(text)
    return (m.group("body"), m.group("page")) if m else (text, None)


def _toc_label(body: str):
    """A contents line that names an article, section, appendix... (loosely)."""
    top = parse_top(body, loose=True)
    if top is not None:
        return top
    sec = parse_section(body)
    if sec is not None and (sec.style == "paragraph" or sec.label.isupper()) and len(sec.path) == 1:
        return sec
    return None


def _entry_kind(label) -> str:
    return "section" if label.kind == "section" else label.kind


def parse_entries(lines: list[str], start: int, end: int) -> list[RawTocEntry]:
    """Entries of the contents between lines ``start`` and ``end``.

    Two layouts: keyword first ("ARTICLE 7 - Grievance Procedure 21"), where a
    title may wrap onto the next line, and title first ("GRIEVANCE PROCEDURE
    VII 21") under an "ARTICLE PAGE" column header, where the title may start
    on the line before.
    """
    entries: list[RawTocEntry] = []
    title_first = any(re.search(r"\bARTICLE\s+PAGE\b", t) for t in lines[start:end])
    pending = ""
    i = start
    while i < end:
        text = lines[i]
        i += 1
        if _COLUMN_HEADS.match(text) or _CONTENTS.match(text) or _GROUPS.match(text):
            continue
        body, page = _split_ref(text)
        if title_first:
            m = _TITLE_NUM_PAGE.match(text)
            if m:
                kind = "appendix" if m.group("kw") else "article"
                num = m.group("num")
                value = (ord(num) - 64) if kind == "appendix" else number_value(num)
                entries.append(RawTocEntry(kind, num, value, _clean_heading(pending + " " + m.group("title")),
                                           m.group("page"), i - 1))
                pending = ""
                continue
            if page is None:
                pending += " " + text
                continue
        label = _toc_label(body)
        if label is not None:
            title = _clean_heading(body[len(label.label):] if body.startswith(label.label) else label.rest)
            # The title, the page, or both may be on the lines that follow.
            wraps = page is None or (not title and re.search(r"[-–—:]$", body) is not None)
            while wraps and i < end and (not title or page is None):
                nxt_body, nxt_page = _split_ref(lines[i])
                nxt = _toc_label(nxt_body)
                if (nxt is not None and nxt.kind != "memorandum") or _strip_item(nxt_body)[0]:
                    break
                if page is not None and nxt_page is None:
                    break
                title = _clean_heading(title + " " + nxt_body)
                i += 1
                if nxt_page is not None:
                    page = nxt_page
                    break
            value = label.path[0] if label.kind == "section" else label.value
            entries.append(RawTocEntry(_entry_kind(label), label.number, value, title, page, i - 1))
            continue
        item, title = _strip_item(body)
        if item:
            if page is None and i < end:
                nxt_body, nxt_page = _split_ref(lines[i])
                if nxt_page is not None and not _toc_label(nxt_body) and not _strip_item(nxt_body)[0]:
                    title, page = title + " " + nxt_body, nxt_page
                    i += 1
            entries.append(RawTocEntry("item", item, None, _clean_heading(title), page, i - 1))
        elif page is not None:
            entries.append(RawTocEntry("division", "", None, _clean_heading(body), page, i - 1))
        elif entries and entries[-1].kind in ("article", "section") and text.isupper() \
                and not text.endswith(":"):
            prev = entries[-1]  # "SECTION 37 DISCIPLINE AND DISCHARGE 50" / "NON-TENURED TEACHERS"
            entries[-1] = RawTocEntry(prev.kind, prev.number, prev.value,
                                      _clean_heading(prev.heading + " " + text), prev.page, prev.line)
        # else: a group caption ("Compensation:") or a part title; not an entry
    return entries


def _strip_item(text: str) -> tuple[str, str]:
    m = re.match(r"^(?:\(([A-Za-z0-9]{1,3})\)|([A-Z]|\d{1,3}|[a-z]|[ivx]{1,5})\.)\s+(.*)$", text)
    if not m:
        return "", text
    return (m.group(1) or m.group(2)), m.group(3)


def _clean_heading(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .:-–—")


_INDEX_LINE = re.compile(r"\s\d{1,3}(?:\s?[-–,]\s?\d{1,3})*(?:\s|$)|\bSee\b")


def find_index(lines: list[str], after: int, page_of: list[int] | None = None) -> int | None:
    """Start line of a back-of-book index: an INDEX title followed by page references,
    or, untitled, the last pages of the book when nearly every line is a reference."""
    for i in range(after, len(lines)):
        if _INDEX.match(lines[i]) and i > len(lines) // 2:
            window = lines[i + 1:i + 31]
            refs = sum(1 for t in window if _is_ref(t) or re.search(r"\d+\s*[-–,]\s*\d+$|[,\s]\d+$", t))
            if window and refs / len(window) >= 0.4:
                return i
    if not page_of or not lines:
        return None
    by_page: dict[int, list[int]] = {}
    for i in range(max(after, len(lines) * 4 // 5), len(lines)):
        by_page.setdefault(page_of[i], []).append(i)
    start = None
    for page in sorted(by_page, reverse=True):
        rows = by_page[page]
        dense = sum(1 for i in rows if _INDEX_LINE.search(lines[i])) / len(rows)
        if len(rows) < 8 or dense < 0.6:
            break
        start = rows[0]
    return start
