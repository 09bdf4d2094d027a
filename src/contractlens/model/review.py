"""Reviews: a person's word on a finding (right, wrong, or missed by the rules), and what
applying a review file to a scan did.

A review names a contract (its content hash and file name), a practice and a unit by its
fingerprint (diff.unit_fingerprints: the unit's text without numbers or pages, so a review
survives renumbering and re-pagination). No unit: the practice in the whole agreement.
"""

from __future__ import annotations

from dataclasses import dataclass

RIGHT, WRONG, MISSED = "right", "wrong", "missed"
VERDICTS = (RIGHT, WRONG, MISSED)

# What a review did to a practice of a scan (PracticeResult.review) ...
CONFIRMED, REJECTED, ADDED = "confirmed", "rejected", "added"
# ... and what became of each review (ReviewOutcome.outcome): one of those three, or
AGREES = "agrees"  # a wrong finding the rules no longer make: nothing to undo
STALE = "stale"  # its unit is no longer in the contract


@dataclass(frozen=True)
class Review:
    practice: str
    verdict: str  # right | wrong | missed
    unit: str | None  # the unit's fingerprint; None: the practice in the whole agreement
    file: str = ""  # the contract's file name when reviewed
    sha256: str = ""  # its content hash when reviewed
    citation: str = ""  # for people ("Article XIII, 13.5"); never used to match
    note: str = ""
    reviewer: str = ""
    date: str = ""
    line: int = 0  # where the entry starts in the review file

    @property
    def where(self) -> str:
        return self.citation or (f"unit {self.unit}" if self.unit else "whole agreement")


@dataclass(frozen=True)
class ReviewFile:
    path: str
    version: int
    reviews: tuple[Review, ...]


@dataclass(frozen=True)
class ReviewOutcome:
    review: Review
    outcome: str  # confirmed | rejected | added | agrees | stale
    detail: str = ""  # in plain words, e.g. why it is stale


@dataclass(frozen=True)
class ReviewsApplied:
    """The reviews of one contract found in a review file, and what each did (ScanResult.reviews)."""

    file: str  # the review file
    outcomes: tuple[ReviewOutcome, ...]

    @property
    def applied(self) -> tuple[ReviewOutcome, ...]:
        return tuple(o for o in self.outcomes if o.outcome != STALE)

    @property
    def stale(self) -> tuple[ReviewOutcome, ...]:
        return tuple(o for o in self.outcomes if o.outcome == STALE)

    @property
    def summary(self) -> str:
        """ "3 reviews applied from reviews.yaml (1 confirmed, 1 rejected, 1 added); 1 stale" """
        counts: dict[str, int] = {}
        for o in self.applied:
            counts[o.outcome] = counts.get(o.outcome, 0) + 1
        parts = ", ".join(f"{n} {k}" for k, n in counts.items())
        text = f"{len(self.applied)} review(s) applied from {self.file}" + (f" ({parts})" if parts else "")
        return text + (f"; {len(self.stale)} stale" if self.stale else "")
