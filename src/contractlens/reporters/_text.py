"""Formatting helpers shared by reporters: places, quotes and file URIs as text."""

from __future__ import annotations

import os
from pathlib import Path

from ..model import PRESENT, WEAK, Evidence, Location, PageReading, PracticeResult, ScanResult
from .wording import modifier_label

STATUS = {PRESENT: ("present", "bold green"), WEAK: ("weak", "yellow"), "not_found": ("not found", "dim")}


def uri(path: str) -> str:
    """A file as code-scanning tools want it: relative to the working directory, else a file URI."""
    p = Path(path)
    try:
        return p.resolve().relative_to(Path(os.getcwd()).resolve()).as_posix()
    except ValueError:
        return p.resolve().as_uri()


def location_text(loc: Location) -> str:
    """ "draft.md, Article III, 3.4, p. 2, line 40" """
    parts = [loc.file]
    if loc.citation:
        parts.append(loc.citation)
    if loc.page:
        parts.append(f"p. {loc.page}" + (f" (printed {loc.printed_page})" if loc.printed_page and
                                         loc.printed_page != str(loc.page) else ""))
    if loc.line:
        parts.append(f"line {loc.line}")
    return ", ".join(parts)


def evidence_where(e: Evidence) -> str:
    if e.unit_id is None:
        return e.citation
    page = f"p. {e.page}" + (f" (printed {e.printed_page})" if e.printed_page and e.printed_page != str(e.page) else "")
    ocr = f" · OCR {e.ocr.confidence:.0%}" if e.ocr else ""  # the quote is the engine's reading of a scan
    return f"{e.citation}, {page}{ocr}"


def reading(e: Evidence) -> str:
    """ "obligation · joint body · only proposed, not adopted (shall study)" """
    parts = [x.replace("_", " ") for x in (e.force, e.actor) if x]
    parts += [modifier_label(m) for m in e.modifiers if m.applies]
    return " · ".join(parts)


def short(quote: str, limit: int = 150) -> str:
    return quote if len(quote) <= limit else quote[: limit - 1].rsplit(" ", 1)[0] + "…"


def column_code(practice_id: str) -> str:
    """A column code: the initials of the practice id ("peer_review_assistance" -> "PRA")."""
    return "".join(w[0] for w in practice_id.split("_")).upper()


def reading_dict(r: PageReading) -> dict:
    return {"page": r.page, "engine": r.engine, "confidence": r.confidence, "reason": r.reason}


def review_status(p: PracticeResult) -> str:
    """ "confirmed by review" under a status a review set or confirmed; "" when none did."""
    return f"{p.review} by review" if p.review else ""


def review_lines(result: ScanResult) -> list[str]:
    """What a review file did to this scan: a summary and each stale review. Empty without one."""
    if result.reviews is None:
        return []
    lines = [f"reviews: {result.reviews.summary}"]
    for o in result.reviews.stale:
        r = o.review
        lines.append(f"stale review ({result.reviews.file}:{r.line}): {r.practice} {r.verdict} at {r.where}: {o.detail}")
    return lines


def review_dict(result: ScanResult) -> dict:
    """The ``reviews`` field of JSON reports: the file and what each of its reviews of this contract did."""
    a = result.reviews
    return {"file": a.file, "applied": len(a.applied), "stale": len(a.stale),
            "outcomes": [{"practice": o.review.practice, "verdict": o.review.verdict, "unit": o.review.unit,
                          "citation": o.review.citation, "outcome": o.outcome, "detail": o.detail,
                          "note": o.review.note, "reviewer": o.review.reviewer, "line": o.review.line}
                         for o in a.outcomes]}
