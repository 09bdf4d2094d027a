"""What each command returns: its results, the files it could not read, and its exit status."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import EXIT_FINDINGS, EXIT_OK, partial_exit
from .check import CheckResult, RuleInfo
from .diff import DiffResult
from .document import Contract
from .failure import Failure
from .findings import ScanResult
from .matrix import Matrix
from .review import Review


@dataclass(frozen=True)
class SegmentRun:
    contract: Contract
    seconds: float = field(default=0.0, compare=False)  # how long reading took (-v)

    @property
    def exit_code(self) -> int:
        return EXIT_OK


@dataclass(frozen=True)
class ScanRun:
    results: tuple[ScanResult, ...]
    failures: tuple[Failure, ...] = ()
    evidence: int = 1  # quotes kept per practice
    timings: tuple[tuple[str, float], ...] = field(default=(), compare=False)  # (file, seconds) each file read (-v)

    @property
    def exit_code(self) -> int:
        return partial_exit(len(self.results), len(self.failures))


@dataclass(frozen=True)
class CheckRun:
    results: tuple[CheckResult, ...]
    failures: tuple[Failure, ...]
    rules: tuple[RuleInfo, ...]  # the policy's rule pack, as reports describe it
    baseline: str | None = None  # the baseline file written, if asked
    baseline_entries: int = 0
    policy: str | None = None  # the policy file used (given, or found by itself)
    timings: tuple[tuple[str, float], ...] = field(default=(), compare=False)  # (draft, seconds) (-v)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results) and not self.failures

    @property
    def exit_code(self) -> int:
        if self.failures:
            return partial_exit(len(self.results), len(self.failures))
        if self.baseline is None and not all(r.passed for r in self.results):
            return EXIT_FINDINGS
        return EXIT_OK  # writing a baseline accepts what it records


@dataclass(frozen=True)
class DiffRun:
    result: DiffResult
    seconds: float = field(default=0.0, compare=False)
    fail_on_lost: bool = False  # diff --exit-code: a practice lost is a finding (exit 1)

    @property
    def exit_code(self) -> int:
        return EXIT_FINDINGS if self.fail_on_lost and self.result.lost else EXIT_OK


@dataclass(frozen=True)
class CompareRun:
    matrix: Matrix
    notes: tuple[str, ...] = ()  # files a folder's rules skipped
    warnings: tuple[str, ...] = ()  # "path: doubt about the district name"
    db: str | None = None  # the results database used
    seconds: float = field(default=0.0, compare=False)

    @property
    def failures(self) -> tuple[Failure, ...]:
        return self.matrix.failures

    @property
    def exit_code(self) -> int:
        return partial_exit(len(self.matrix.rows), len(self.matrix.failures))


@dataclass(frozen=True)
class ReviewRun:
    """What ``contractlens review`` did: the entry written, and the file as it now reads."""

    file: str  # the review file
    review: Review
    replaced: bool  # an entry of the same finding was updated
    reviews: int  # entries in the file now

    @property
    def exit_code(self) -> int:
        return EXIT_OK


@dataclass(frozen=True)
class ReviewListRun:
    """``contractlens review CONTRACT --list``: the file's reviews of the contract, each with the
    unit it names as the contract now cites it (None: stale, the unit is gone)."""

    file: str
    contract: str
    entries: tuple[tuple[Review, str | None], ...]

    @property
    def exit_code(self) -> int:
        return EXIT_OK
