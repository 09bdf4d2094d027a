"""What the ``rules`` commands return: a pack's rules, one rule in full, the rule examples' outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import EXIT_FINDINGS, EXIT_OK


@dataclass(frozen=True)
class SignalInfo:
    """A signal or an exclusion of a rule, as ``rules show`` describes it."""

    id: str
    kind: str  # phrases | pattern | regex | near | metric | heading
    weight: float
    anchor: bool  # False: only adds to an anchor's evidence
    value: object  # the kind's data (terms, a pattern, a regex...)


@dataclass(frozen=True)
class RuleSummary:
    id: str
    name: str
    area_name: str
    signals: int
    exclusions: int
    threshold: float


@dataclass(frozen=True)
class RuleDetail:
    id: str
    name: str
    area_name: str
    description: str
    path: str
    scope: str  # clause | document
    threshold: float
    signals: tuple[SignalInfo, ...]
    exclusions: tuple[SignalInfo, ...]
    fire: tuple[str, ...]
    no_fire: tuple[str, ...]


@dataclass(frozen=True)
class PackRun:
    """``rules list`` and ``rules validate``: a pack that loaded and passed the schema."""

    name: str
    title: str
    version: str
    path: str
    rules: tuple[RuleSummary, ...]
    files: tuple[str, ...] = ()  # the rule files read

    @property
    def exit_code(self) -> int:
        return EXIT_OK


@dataclass(frozen=True)
class RuleRun:
    """``rules show``: one rule in full."""

    pack: str
    rule: RuleDetail

    @property
    def exit_code(self) -> int:
        return EXIT_OK


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    expected: bool  # should fire
    text: str
    fired: bool
    confidence: float
    signals: tuple[str, ...]
    others: tuple[str, ...]  # other rules of the pack that fired on it
    pair_of: str | None = None  # for a pair example's other practice: the rule whose example it is

    @property
    def ok(self) -> bool:
        return self.fired == self.expected


@dataclass(frozen=True)
class ExamplesRun:
    """``rules test``: every example of every rule; a failed one is a finding (exit 1)."""

    pack: str
    rules: int
    results: tuple[ExampleResult, ...]
    seconds: float = field(default=0.0, compare=False)

    @property
    def failures(self) -> tuple[ExampleResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    @property
    def exit_code(self) -> int:
        return EXIT_FINDINGS if self.failures else EXIT_OK
