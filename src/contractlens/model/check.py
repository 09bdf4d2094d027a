"""Results of checking drafts against a policy: violations, where they are, and each check's outcome."""

from __future__ import annotations

from dataclasses import dataclass

from .diff import DiffResult
from .findings import ScanResult

PASSED, FAILED, SUPPRESSED = "passed", "failed", "suppressed"


@dataclass(frozen=True)
class RuleInfo:
    """What a report says about a practice rule (SARIF's rule descriptors)."""

    id: str
    name: str
    description: str
    area: str
    area_name: str
    pack: str


@dataclass(frozen=True)
class Location:
    file: str
    page: int | None = None
    printed_page: str | None = None
    citation: str | None = None
    unit_id: str | None = None
    unit_fingerprint: str | None = None
    line: int | None = None  # in the source file, for text and Markdown drafts


@dataclass(frozen=True)
class Violation:
    rule: str  # require | keep | min_per_area | max_pages | max_words
    practice: str | None
    area: str | None
    message: str
    location: Location  # where to look
    related: tuple[Location, ...] = ()  # e.g. the same unit in the new draft
    fingerprint: str = ""
    check: str = ""  # the name of the check that found it ("require waivers_overrides")

    @property
    def title(self) -> str:
        return f"{self.rule}: {self.practice or self.area or 'length'}"


@dataclass(frozen=True)
class CheckOutcome:
    """One policy requirement evaluated on one draft, under its own name."""

    name: str  # "require waivers_overrides", "keep peer_review_assistance", "max_pages"
    rule: str
    subject: str | None  # the practice or area; None for the length limits
    violations: tuple[Violation, ...] = ()  # not suppressed
    suppressed: tuple[tuple[Violation, object], ...] = ()  # (violation, the Suppression that accepted it)

    @property
    def status(self) -> str:
        return FAILED if self.violations else SUPPRESSED if self.suppressed else PASSED


@dataclass(frozen=True)
class CheckResult:
    policy: str
    draft: ScanResult
    previous: ScanResult | None
    diff: DiffResult | None
    violations: tuple[Violation, ...]  # not suppressed: these fail the check
    suppressed: tuple[tuple[Violation, object], ...]  # (violation, policy.Suppression)
    stale: tuple[object, ...]  # policy.Suppression entries that matched nothing
    outcomes: tuple[CheckOutcome, ...] = ()  # one per policy requirement evaluated

    @property
    def checked(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.outcomes)

    @property
    def passed(self) -> bool:
        return not self.violations
