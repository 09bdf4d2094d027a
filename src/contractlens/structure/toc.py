"""The contract's own table of contents (and back-of-book index).

Both are navigation, not clauses: their lines are kept out of the units. The
contents' entries are evidence for the outline (a heading it lists is a
heading) and the yardstick of the structure score.

Layouts read here, all seen in real contracts:

* keyword first: "ARTICLE 7 - Grievance Procedure .... 21", the title or the
  page possibly on the next line;
* title first under an "ARTICLE PAGE" header: "INSURANCE VI 11";
* number first under an "Article Title Page" header: "VIII Contracts ... 30";
* a bare number and a title in capitals, no pages: "4 STUDENT MANAGEMENT AND";
* captions that name a second agreement bound into the book
  ("PARAPROFESSIONALS AGREEMENT", "Substitute Teachers' Contract:").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .headings import is_titleish, is_upper, parse_numbered_title, parse_section, parse_top
from .numbers import number_value, roman_to_int

_CONTENTS = re.compile(r"^(?:TABLE OF CONTENTS|Table of Contents|CONTENTS|Contents|INDEX OF ARTICLES|"
                       r"SUMMARY OF CONTENTS|Summary of Contents)\b")
_INDEX = re.compile(r"^(?:SUBJECT |ALPHABETICAL |Subject |Alphabetical )?(?:INDEX|Index)\b.{0,30}$")
# A line ending in a page reference: "Grievance Procedure 21", "Preamble iii", "... 203–205".
_PAGE_REF = re.compile(r"^(?P<body>.*?[^\s.…])(?:\s*[.…]+\s*|\s+)(?P<page>\d{1,3}|[ivxlc]{1,6})$")
_BARE_KEYWORD = re.compile(r"^(?:ARTICLE|Article|SECTION|Section|APPENDIX|Appendix|EXHIBIT|Exhibit|PART|Part|§|"
                           r"ART\.)\s*$")
_KEYWORD = re.compile(r"^(?:ARTICLE|Article|ART\.|SECTION|Section|APPENDIX|Appendix|EXHIBIT|Exhibit|§|PART|Part)")
_GROUPS = re.compile(r"^(?:APPENDICES|Appendices|APPENDIXES|EXHIBITS|Exhibits|ATTACHMENTS)$")
_COLUMN_HEADS = re.compile(r"^(?:(?:ARTICLE|Article|SECTION|Section|SUBJECT|Subject)\s*(?:(?:TITLE|Title)\s*)?"
                           r"(?:PAGE|Page|SECTION|Section)?|page|PAGE|Page)$")
# Manchester-style contents: "INSURANCE VI 11" (title, article number, page).
_TITLE_NUM_PAGE = re.compile(r"^(?P<title>.+?)\s+(?P<kw>APPENDIX\s+)?(?P<num>[IVXL]{1,7}|[A-Z])\s+(?P<page>\d{1,4})$")
# Orange-style contents under an "Article Title Page" header: "VIII Contracts ... 30".
_NUM_TITLE = re.compile(r"^(?P<num>[IVXL]{1,7}|\d{1,3})\s+(?P<title>[A-Z].*)$")
_UNNUMBERED_APPENDIX = re.compile(r"^(?P<kw>APPENDIX|Appendix|EXHIBIT|Exhibit)\s+(?P<title>.*\D.*)$")


@dataclass(frozen=True)
class RawTocEntry:
    kind: str  # article | section | appendix | exhibit | memorandum | side_letter | preamble | division | item | part
    number: str
    value: int | None
    heading: str
    page: str | None
    line: int
    path: tuple[int, ...] = ()  # appendix A-2 -> (1, 2)
    style: str = ""  # the printed form: article, section ("Section 4"), paragraph ("§210"), numbered ("4 TITLE")


def _split_ref(text: str) -> tuple[str, str | None]:
    m = _PAGE_REF.match(text)
    if not m or len(m.group("body")) > 160 or _BARE_KEYWORD.match(m.group("body")):
        return text, None  # "ARTICLE 1" is a heading, not "ARTICLE" on page 1
    return m.group("body"), m.group("page")


def _is_ref(text: str) -> bool:
    return _split_ref(text)[1] is not None


def _looks_like_prose(text: str) -> bool:
    return len(text) > 60 and not is_titleish(text, max_words=20) and text[-1:] not in ":"


def _label(body: str, number_first: bool = False):
    """A contents line that names an article, section, appendix... (loosely)."""
    top = parse_top(body, loose=True)
    if top is not None:
        return top
    sec = parse_section(body)
    if sec is not None and (sec.style == "paragraph" or sec.label.isupper()) and len(sec.path) == 1:
        return sec
    numbered = parse_numbered_title(body)
    if numbered is not None:
        return numbered
    return None


def _entry_like(text: str) -> bool:
    body, page = _split_ref(text)
    return page is not None or _label(body) is not None or _COLUMN_HEADS.match(text) is not None


# -- where the contents is ---------------------------------------------------------------

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
    end = _extent(lines, page_of, start)
    return (start, end) if end - start >= 3 else None


def _extent(lines: list[str], page_of: list[int], start: int) -> int:
    """The contents runs while its lines are entries, captions or wrapped titles; it stops
    at prose, or at a heading followed by prose (the body has begun)."""
    i = start + 1
    end = i
    while i < len(lines):
        text = lines[i]
        new_page = page_of[i] != page_of[i - 1]
        if new_page and not any(_entry_like(lines[k]) for k in range(i, min(i + 6, len(lines)))
                                if page_of[k] == page_of[i]):
            break
        if _entry_like(text):
            if _label(_split_ref(text)[0]) is not None and not _is_ref(text) and _body_follows(lines, i, page_of):
                break
            end = i + 1
        elif _GROUPS.match(text) or (len(text) < 120 and not _looks_like_prose(text)
                                     and any(_entry_like(t) for t in lines[i + 1:i + 4])):
            end = i + 1
        else:
            break
        i += 1
    return end


def _body_follows(lines: list[str], i: int, page_of: list[int]) -> bool:
    """The heading on line ``i`` opens the body: prose comes before another entry, or most of
    the lines after it are long and not entries (two-column text wraps short)."""
    for t in lines[i + 1:i + 4]:
        if _entry_like(t):
            break
        if _looks_like_prose(t):
            return True
    window = [lines[k] for k in range(i + 1, min(i + 9, len(lines))) if page_of[k] == page_of[i]]
    return sum(1 for t in window if len(t) > 40 and not _entry_like(t)) >= 5


def _dense_run(lines: list[str], limit: int) -> int | None:
    """Contents without a title: a run of keyword lines ending in page numbers."""
    for i in range(limit):
        window = lines[i:i + 10]
        if len(window) == 10 and sum(1 for t in window if _is_ref(t) and parse_top(_split_ref(t)[0])) >= 6:
            return i
    return None


# -- its entries -----------------------------------------------------------------------------

def parse_entries(lines: list[str], start: int, end: int) -> list[RawTocEntry]:
    """Entries of the contents between lines ``start`` and ``end``."""
    block = lines[start:end]
    title_first = any(re.search(r"\bARTICLE\s+PAGE\b", t) for t in block)
    number_first = any(re.match(r"^(?:ARTICLE|Article)\s+(?:TITLE|Title)\b", t) for t in block)
    entries: list[RawTocEntry] = []
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
                entries.append(RawTocEntry(kind, num, value, _clean(pending + " " + m.group("title")),
                                           m.group("page"), i - 1, style=kind))
                pending = ""
                continue
            if page is None:
                pending += " " + text
                continue
        label = _label(body)
        if label is None and number_first:
            m = _NUM_TITLE.match(body)
            if m and (m.group("num").isdigit() or roman_to_int(m.group("num"))):
                label = _Numbered(m.group("num"), number_value(m.group("num")), m.group("title"),
                                  label=m.group("num"))
        if label is None:
            m = _UNNUMBERED_APPENDIX.match(body)
            if m and not re.match(r"^[A-Z]{1,2}(?:[-.]\d+)?\b", m.group("title")):
                label = _Numbered("", None, m.group("title"), kind="appendix", label=m.group("kw"))
        if label is not None:
            i, entry = _keyword_entry(lines, i, end, text, body, page, label)
            entries.append(entry)
            continue
        item, title = _strip_item(body)
        if item:
            if page is None and i < end:
                nxt_body, nxt_page = _split_ref(lines[i])
                if nxt_page is not None and not _label(nxt_body) and not _strip_item(nxt_body)[0]:
                    title, page = title + " " + nxt_body, nxt_page
                    i += 1
            entries.append(RawTocEntry("item", item, None, _clean(title), page, i - 1))
        elif page is not None and body.lstrip().startswith("(") and entries and entries[-1].kind != "item":
            prev = entries[-1]  # "(Beginning August 1, 2022)" qualifies the title above; not a division
            entries[-1] = RawTocEntry(prev.kind, prev.number, prev.value, _clean(prev.heading + " " + body),
                                      prev.page or page, prev.line, prev.path, prev.style)
        elif page is not None:
            entries.append(RawTocEntry("division", "", None, _clean(body), page, i - 1))
        elif body.strip().isdigit() and entries and entries[-1].page is None:
            prev = entries[-1]  # a page number alone on the line below its wrapped title
            entries[-1] = RawTocEntry(prev.kind, prev.number, prev.value, prev.heading, body.strip(), prev.line,
                                      prev.path, prev.style)
        elif entries and entries[-1].kind not in ("item", "part") and _continues_title(text, entries[-1]):
            prev = entries[-1]  # "SECTION 37 DISCIPLINE AND DISCHARGE 50" / "NON-TENURED TEACHERS"
            entries[-1] = RawTocEntry(prev.kind, prev.number, prev.value, _clean(prev.heading + " " + text),
                                      prev.page, prev.line, prev.path, prev.style)
        elif _caption(text):
            entries.append(RawTocEntry("caption", "", None, _clean(text), None, i - 1))
    return _parts(entries)


@dataclass(frozen=True)
class _Numbered:
    """A contents label made up here (no keyword printed): "VIII", or an unnumbered appendix."""

    number: str
    value: int | None
    rest: str
    kind: str = "article"
    label: str = ""
    style: str = ""

    def __post_init__(self) -> None:
        if not self.style:
            object.__setattr__(self, "style", self.kind)
    path: tuple[int, ...] = ()


def _keyword_entry(lines, i, end, text, body, page, label):
    printed = label.label
    if body.startswith(printed):
        title = _clean(body[len(printed):])
    else:
        title = _clean(label.rest)
    # The title, the page, or both may be on the lines that follow.
    wraps = page is None or (not title and re.search(r"[-–—:]$", body) is not None)
    while wraps and i < end and (not title or page is None):
        nxt_body, nxt_page = _split_ref(lines[i])
        nxt = _label(nxt_body)
        if (nxt is not None and nxt.kind != "memorandum") or _strip_item(nxt_body)[0]:
            break
        if nxt_body.strip().isdigit() and page is None:
            page = nxt_body.strip()
            i += 1
            break
        if page is not None and nxt_page is None:
            break
        if title and nxt_page is None and not _continues_title(nxt_body, None, title):
            break
        title = _clean(title + " " + nxt_body)
        i += 1
        if nxt_page is not None:
            page = nxt_page
            break
    kind = "section" if label.kind == "section" else label.kind
    value = label.path[0] if label.kind == "section" and label.path else label.value
    style = label.style
    return i, RawTocEntry(kind, label.number, value, title, page, i - 1, tuple(getattr(label, "path", ()) or ()),
                          style)


def _continues_title(text: str, prev: RawTocEntry | None, title: str = "") -> bool:
    """A wrapped title's second line: short, in the same case as the first, not a caption."""
    head = prev.heading if prev is not None else title
    if not text or len(text) > 70 or text.endswith(":") or _looks_like_prose(text):
        return False
    if head and is_upper(head) != is_upper(text):
        return False
    return text[:1].islower() or is_upper(text) or (prev is None and is_titleish(text))


def _caption(text: str) -> bool:
    """A group caption: "PARAPROFESSIONALS AGREEMENT", "Substitute Teachers' Contract:"."""
    t = text.strip()
    return 3 <= len(t) <= 80 and (t.endswith(":") or is_upper(t)) and is_titleish(t.rstrip(":"), max_words=10)


def _parts(entries: list[RawTocEntry]) -> list[RawTocEntry]:
    """A caption followed by numbering that starts again is a second agreement (a part);
    other captions group articles and are dropped."""
    out: list[RawTocEntry] = []
    last_value: int | None = None
    for n, e in enumerate(entries):
        if e.kind == "caption":
            nxt = next((x for x in entries[n + 1:] if x.kind in ("article", "section", "preamble")), None)
            restarts = nxt is not None and last_value is not None and (
                nxt.kind == "preamble" or (nxt.value is not None and nxt.value <= last_value))
            if restarts:
                out.append(RawTocEntry("part", "", None, e.heading, e.page, e.line))
            continue
        if e.kind in ("article", "section") and e.value is not None:
            last_value = e.value
        out.append(e)
    return out


def _strip_item(text: str) -> tuple[str, str]:
    m = re.match(r"^(?:\(([A-Za-z0-9]{1,3})\)|([A-Z]|\d{1,3}|[a-z]|[ivx]{1,5})\.)\s+(.*)$", text)
    if not m:
        return "", text
    return (m.group(1) or m.group(2)), m.group(3)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .:-–—,")


# -- the back-of-book index ----------------------------------------------------------------

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
