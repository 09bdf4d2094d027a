"""The document as read and structured: source, pages, units, outline report."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageReading:
    """How a page's text was obtained when it was not the file's own text layer."""

    page: int  # 1-based physical (PDF) page
    method: str  # "ocr"
    engine: str  # the OCR engine and its version: "tesseract 5.5.4"
    confidence: float  # the engine's mean word confidence, 0-1
    reason: str  # why: "no text layer" | "garbled text layer" | "--ocr always"


@dataclass(frozen=True)
class Source:
    """The file a contract was read from."""

    path: str
    sha256: str
    format: str  # pdf | text | markdown | docx
    pages: int
    engine: str  # pdfium | pdfminer | text | markdown | docx
    ocr: tuple[PageReading, ...] = ()  # the pages read by OCR, in page order

    def reading(self, page: int) -> PageReading | None:
        """How ``page`` was read, when by OCR; None for the text layer."""
        for r in self.ocr:
            if r.page == page:
                return r
        return None


@dataclass(frozen=True)
class RawPage:
    """One page as the ingestion engine returned it, lines in reading order."""

    number: int  # 1-based physical (PDF) page
    text: str
    # Lines the source itself marks as headings (Markdown "#", Word heading styles): (text, level).
    headings: tuple[tuple[str, int], ...] = ()
    reading: PageReading | None = None  # set when the text came from OCR
    # Line of the text as read where this page begins (1-based): for text and Markdown the
    # source file's own line; for PDF and .docx the line of the extracted text, the pages one
    # after another, each starting on a new line (as pdftotext writes them). Set by ingest.
    first_line: int = 1


@dataclass(frozen=True)
class RawDocument:
    source: Source
    pages: tuple[RawPage, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """A page of the cleaned text: ``Contract.text[start:end]``."""

    number: int  # 1-based physical (PDF) page
    printed: str | None  # the page number printed on it, if any ("7", "iii")
    start: int
    end: int


@dataclass(frozen=True)
class Unit:
    """A node of the outline: preamble, article, section, item, appendix...

    ``start``/``end`` span the unit with all its children in ``Contract.text``;
    ``text`` is the unit's own text, from its heading to its first child.
    """

    id: str
    kind: str  # preamble | division | part | article | section | item | appendix | exhibit | memorandum | side_letter | page | unplaced
    label: str  # as printed: "ARTICLE TWELVE", "Section 12.3", "(a)", "§210"
    number: str  # bare: "TWELVE", "12.3", "a", "210"; "" when unnumbered
    heading: str
    level: int  # 1 = top level
    parent: str | None
    page_start: int
    page_end: int
    printed_page_start: str | None
    printed_page_end: str | None
    start: int
    end: int
    text: str
    # Line of the unit's first line in the text as read (1-based; see ``RawPage.first_line``):
    # for text and Markdown the source file's line. None for units built by hand.
    line: int | None = None


@dataclass(frozen=True)
class TocEntry:
    """An article-level line of the contract's own table of contents."""

    kind: str
    number: str
    heading: str
    printed_page: str | None
    unit_id: str | None  # the unit it was matched to, None when missing


@dataclass(frozen=True)
class StructureReport:
    """How far the outline can be trusted: the structure score and the doubts behind it."""

    coverage: float  # share of the text inside the contract's own units
    pages: int
    top_units: int  # units at the top level of the outline (text outside every unit not counted)
    toc_listed: int  # entries of the contents at the top level (articles, sections, appendices...)
    toc_found: int  # ...matched to a unit of the outline
    toc_in_order: int  # ...matched in the contents' order, on a page the contents makes plausible
    largest_share: float  # the largest top-level unit's share of the text
    unplaced: float  # share of the text outside every unit (still scanned, cited by page)
    doubts: tuple[str, ...] = ()  # why the outline looks wrong; empty when it looks right

    @property
    def doubtful(self) -> bool:
        return bool(self.doubts)


@dataclass(frozen=True)
class Contract:
    """A contract read into its structure."""

    source: Source
    text: str
    pages: tuple[Page, ...]
    units: tuple[Unit, ...]
    toc: tuple[TocEntry, ...] = ()
    warnings: tuple[str, ...] = ()
    coverage: float = 0.0
    excluded: tuple[tuple[int, int], ...] = ()  # spans kept out of clauses (TOC, index)
    structure: StructureReport | None = None
    _page_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._page_starts:
            object.__setattr__(self, "_page_starts", tuple(p.start for p in self.pages))

    def page_at(self, offset: int) -> Page:
        """The page holding the character at ``offset`` of ``text``."""
        i = bisect_right(self._page_starts, offset) - 1
        return self.pages[max(0, min(i, len(self.pages) - 1))]

    def unit(self, unit_id: str) -> Unit:
        for u in self.units:
            if u.id == unit_id:
                return u
        raise KeyError(unit_id)

    def children(self, unit_id: str | None) -> list[Unit]:
        return [u for u in self.units if u.parent == unit_id]
