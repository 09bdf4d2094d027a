"""Accuracy on labeled clauses: per-practice scores, predictions, and what ``eval`` reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GoldClause:
    id: str
    text: str
    labels: frozenset[str]
    group: str = ""  # the district; without one, the source page (or the clause itself)


@dataclass(frozen=True)
class Prediction:
    id: str
    labels: tuple[str, ...]  # practices at or above their threshold
    scores: dict  # practice -> confidence, for every practice with any signal


@dataclass(frozen=True)
class PracticeScore:
    id: str
    support: int  # gold clauses with the label
    predicted: int
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    average_precision: float  # how well confidence ranks true clauses above false ones


@dataclass(frozen=True)
class EvalResult:
    clauses: int
    practices: tuple[PracticeScore, ...]
    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_f1: float  # over practices that occur in the gold labels or the predictions
    ordinary: int  # clauses with no practice
    ordinary_flagged: int  # ...that got some practice anyway
    predictions: tuple[Prediction, ...]

    @property
    def false_positive_rate(self) -> float:
        return self.ordinary_flagged / self.ordinary if self.ordinary else 0.0

    @property
    def mean_average_precision(self) -> float:
        scored = [p.average_precision for p in self.practices if p.support]
        return sum(scored) / len(scored) if scored else 0.0


@dataclass(frozen=True)
class GoldFile:
    name: str
    sha256: str
    clauses: int


@dataclass(frozen=True)
class EvalRun:
    """What ``contractlens eval`` reports."""

    result: EvalResult  # held out by district when ``held_out``; else the pack as loaded
    groups: dict  # group -> EvalResult, when asked for
    files: tuple[GoldFile, ...]
    per_file: dict  # file name -> EvalResult of its clauses (when several files)
    weights: str  # "fitted" | "hand" | "held out": where the scoring weights came from
    tuned_on: tuple[str, ...]  # gold files the pack's weights were fit on: figures on them are tuned
    folds: int = 0
    fitted: str | None = None  # fitted.yaml text, when asked to fit
    gold: tuple[str, ...] = ()  # the gold files, as given
    pack: str = ""  # the rule pack's name
    fit_out: str | None = None  # where the fitted weights were written
    reviews: str | None = None  # eval --reviews: the review file that was the gold
    review_counts: tuple[tuple[str, int], ...] = ()  # (verdict, reviews scored)
    stale_reviews: tuple = ()  # ReviewOutcome: reviews not scored, their unit gone
    unreviewed: tuple[str, ...] = ()  # contracts given that the file has no review of

    @property
    def exit_code(self) -> int:
        return 0
