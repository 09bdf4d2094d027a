"""Findings: which practices a contract codifies, with the evidence for each."""

from __future__ import annotations

from dataclasses import dataclass

from .document import PageReading, Source
from .review import ReviewsApplied

PRESENT, WEAK, NOT_FOUND = "present", "weak", "not_found"


@dataclass(frozen=True)
class Evidence:
    """One place a practice is codified: a unit, its page, the sentence(s) that say so."""

    unit_id: str | None  # None for evidence about the whole agreement (its length, say)
    citation: str  # as a reader cites it: "Article III, B.2"
    heading: str  # the nearest heading above the quote
    page: int  # PDF page of the quote (1-based); 0 when about the whole agreement
    printed_page: str | None
    quote: str  # the source's own words (line breaks shown as spaces)
    start: int  # the quote's offsets in Contract.text
    end: int
    confidence: float
    signals: tuple[str, ...]  # ids of the rule's signals that fired
    force: str | None = None  # obligation | permission | prohibition | entitlement
    actor: str | None = None  # who is bound or empowered: board, union, joint_body, school_staff...
    modifiers: tuple["Modifier", ...] = ()  # negation, exception, contemplation found in the quote
    ocr: PageReading | None = None  # the quote's page was read by OCR: engine and confidence


@dataclass(frozen=True)
class Modifier:
    type: str  # negated | exception | contemplated
    trigger: str  # the words that set it off ("shall study", "except")
    applies: bool  # True when the practice's own evidence lies within its scope


@dataclass(frozen=True)
class PracticeResult:
    id: str
    name: str
    area: str
    area_name: str
    status: str  # present | weak | not_found
    confidence: float  # the best evidence's confidence
    units: int  # units where the practice is present
    evidence: tuple[Evidence, ...]  # best first
    review: str = ""  # what a review did to it: confirmed | rejected | added ("" when none)


@dataclass(frozen=True)
class ScanResult:
    source: Source
    pack: str
    pack_title: str
    pack_version: str
    pages: int
    units: int
    coverage: float
    practices: tuple[PracticeResult, ...]  # in the pack's report order
    warnings: tuple[str, ...] = ()
    reviews: ReviewsApplied | None = None  # set when a review file was applied (reviews.apply)

    def practice(self, practice_id: str) -> PracticeResult:
        for p in self.practices:
            if p.id == practice_id:
                return p
        raise KeyError(practice_id)

    @property
    def present(self) -> tuple[PracticeResult, ...]:
        return tuple(p for p in self.practices if p.status == PRESENT)


@dataclass(frozen=True)
class Tag:
    """A practice found in a piece of text (``contractlens.tag``)."""

    id: str
    confidence: float
    status: str
    quote: str
    start: int
    end: int
    signals: tuple[str, ...]
    force: str | None = None
    actor: str | None = None
    modifiers: tuple[Modifier, ...] = ()
