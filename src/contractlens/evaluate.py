"""Measure a rule pack on labeled clauses: precision, recall, F1, ranking quality.

Gold files are JSON lines ``{"id", "text", "labels"}``; ``[]`` or ``["none"]``
marks an ordinary provision. Each clause's text is tagged as one unit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .rules import RulePack
from .scanner import tag_many

ORDINARY = ("none",)


@dataclass(frozen=True)
class GoldClause:
    id: str
    text: str
    labels: frozenset[str]
    group: str = ""  # e.g. the district, for held-out reporting


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


def read_gold(path: str | Path) -> list[GoldClause]:
    p = Path(path)
    if not p.is_file():
        raise InputError(p, "no such file" if not p.exists() else "is not a file")
    clauses = []
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(p, "is not UTF-8 text") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{p}:{n}", f"is not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or "labels" not in row:
            raise InputError(f"{p}:{n}", 'expected an object with "id", "text" and "labels"')
        labels = row["labels"]
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise InputError(f"{p}:{n}", '"labels" must be a list of category ids ([] for an ordinary clause)')
        clauses.append(GoldClause(str(row.get("id", n)), row["text"],
                                  frozenset(x for x in labels if x not in ORDINARY),
                                  str(row.get("district") or row.get("group") or "")))
    if not clauses:
        raise InputError(p, "has no clauses")
    return clauses


def predict(clauses: list[GoldClause], pack: RulePack) -> list[Prediction]:
    thresholds = {r.id: r.threshold for r in pack.rules}
    out = []
    for clause, tags in zip(clauses, tag_many([c.text for c in clauses], pack)):
        scores = {t.id: t.confidence for t in tags}
        labels = tuple(t.id for t in tags if t.confidence >= thresholds[t.id])
        out.append(Prediction(clause.id, labels, scores))
    return out


def evaluate(clauses: list[GoldClause], pack: RulePack, predictions: list[Prediction] | None = None) -> EvalResult:
    predictions = predictions or predict(clauses, pack)
    ids = [r.id for r in pack.rules]
    practices = []
    tp_all = fp_all = fn_all = 0
    for pid in ids:
        tp = sum(1 for c, p in zip(clauses, predictions) if pid in c.labels and pid in p.labels)
        fp = sum(1 for c, p in zip(clauses, predictions) if pid not in c.labels and pid in p.labels)
        fn = sum(1 for c, p in zip(clauses, predictions) if pid in c.labels and pid not in p.labels)
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        ap = _average_precision([(p.scores.get(pid, 0.0), pid in c.labels) for c, p in zip(clauses, predictions)])
        practices.append(PracticeScore(pid, tp + fn, tp + fp, tp, fp, fn, precision, recall, f1, ap))
    micro_p = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    micro_r = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    micro_f = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    active = [p for p in practices if p.support or p.predicted]
    macro = sum(p.f1 for p in active) / len(active) if active else 0.0
    ordinary = [p for c, p in zip(clauses, predictions) if not c.labels]
    return EvalResult(len(clauses), tuple(practices), micro_p, micro_r, micro_f, macro, len(ordinary),
                      sum(1 for p in ordinary if p.labels), tuple(predictions))


def _average_precision(scored: list[tuple[float, bool]]) -> float:
    """Mean of precision at each true clause, ranking by confidence; unranked true clauses count 0."""
    relevant = sum(1 for _, rel in scored if rel)
    if not relevant:
        return 0.0
    ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: -s[0])
    hits = 0
    total = 0.0
    for k, (_, rel) in enumerate(ranked, 1):
        if rel:
            hits += 1
            total += hits / k
    return total / relevant


def write_predictions(path: str | Path, predictions: list[Prediction] | tuple[Prediction, ...]) -> None:
    """One JSON line per clause; written to a temporary file first, so a failure leaves no half file."""
    from .files import write_atomically

    write_atomically(path, "".join(json.dumps({"id": p.id, "labels": list(p.labels), "scores": p.scores},
                                              ensure_ascii=False) + "\n" for p in predictions))
