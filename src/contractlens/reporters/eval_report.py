"""`contractlens eval`: per-practice precision, recall, F1 and average precision."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from ..model import EvalResult, EvalRun


def render_table(result: EvalResult, console: Console, title: str = "") -> None:
    table = Table(title=title or f"{result.clauses} clauses", title_justify="left")
    for col in ("Practice", "Support", "Predicted", "TP", "FP", "FN", "Precision", "Recall", "F1", "AP"):
        table.add_column(col, justify="left" if col == "Practice" else "right")
    for p in result.practices:
        if not (p.support or p.predicted):
            continue
        table.add_row(p.id, str(p.support), str(p.predicted), str(p.tp), str(p.fp), str(p.fn),
                      f"{p.precision:.2f}", f"{p.recall:.2f}", f"{p.f1:.2f}", f"{p.average_precision:.2f}")
    console.print(table)
    console.print(f"micro P {result.micro_precision:.3f}  R {result.micro_recall:.3f}  F1 {result.micro_f1:.3f}  ·  "
                  f"macro F1 {result.macro_f1:.3f}  ·  mean AP {result.mean_average_precision:.3f}  ·  "
                  f"false positives on ordinary clauses {result.ordinary_flagged}/{result.ordinary} "
                  f"({result.false_positive_rate:.1%})", highlight=False)


def summary(result: EvalResult) -> str:
    return (f"{result.clauses} clauses, micro F1 {result.micro_f1:.3f}, macro F1 {result.macro_f1:.3f}, "
            f"ordinary flagged {result.ordinary_flagged}/{result.ordinary} ({result.false_positive_rate:.1%})")


def weights_note(run: EvalRun) -> str:
    """Which weights scored the clauses, and whether the figures are tuned on them."""
    if run.weights == "held out":
        return (f"Held out by district: {run.folds} folds; each district (or source page) scored with weights and "
                "thresholds fit without it. The signals and lexicons were written by people who read these "
                "clauses: only the fitted part is held out.")
    if run.weights == "hand":
        return "Hand weights: the rule files' own weights and thresholds."
    if run.tuned_on:
        return (f"Fitted weights, fit on {', '.join(run.tuned_on)}: these figures are tuned on the clauses they "
                "report. Use --lodo for the held-out estimate.")
    return "Fitted weights (fit on other clauses than these)."


def reviews_note(run: EvalRun) -> str:
    """eval --reviews: what the gold is and what the counts mean."""
    counts = ", ".join(f"{n} {v}" for v, n in run.review_counts)
    return (f"Gold: {run.result.clauses} reviewed findings from {run.reviews} ({counts}). A finding the rules make "
            "is a true positive when reviewed right or missed, a false positive when reviewed wrong; one they do "
            "not make, reviewed right or missed, is a false negative. Only reviewed findings count; \"ordinary "
            "clauses\" are the findings reviewed wrong.")


def render_run(run: EvalRun, console: Console, title: str = "") -> None:
    unit = "reviewed findings" if run.reviews is not None else "clauses"
    render_table(run.result, console, title=f"{title} — {run.result.clauses} {unit}")
    console.print(weights_note(run), highlight=False)
    if run.reviews is not None:
        console.print(reviews_note(run), highlight=False)
        for o in run.stale_reviews:
            console.print(f"stale review ({run.reviews}:{o.review.line}), not scored: {o.review.practice} "
                          f"{o.review.verdict}: {o.detail}", highlight=False)
        for path in run.unreviewed:
            console.print(f"{path}: no reviews in {run.reviews}", highlight=False)
    for name, r in run.per_file.items():
        console.print(f"{name}: {summary(r)}", highlight=False)
    if run.groups:
        console.print(f"\nBy district ({len(run.groups)}):", highlight=False)
        for name, r in run.groups.items():
            missed = [p.id for p in r.practices if p.fn]
            wrong = [p.id for p in r.practices if p.fp]
            console.print(f"{name or '(none)'}: {summary(r)}"
                          + (f"; missed {', '.join(missed)}" if missed else "")
                          + (f"; wrongly found {', '.join(wrong)}" if wrong else ""), highlight=False)


def as_dict(result: EvalResult) -> dict:
    return {
        "clauses": result.clauses,
        "micro": {"precision": result.micro_precision, "recall": result.micro_recall, "f1": result.micro_f1},
        "macro_f1": result.macro_f1,
        "mean_average_precision": result.mean_average_precision,
        "ordinary": {"clauses": result.ordinary, "flagged": result.ordinary_flagged,
                     "false_positive_rate": result.false_positive_rate},
        "practices": [{"id": p.id, "support": p.support, "predicted": p.predicted, "tp": p.tp, "fp": p.fp,
                       "fn": p.fn, "precision": p.precision, "recall": p.recall, "f1": p.f1,
                       "average_precision": p.average_precision} for p in result.practices],
    }


def render_json(result: EvalResult, groups: dict[str, EvalResult] | None = None, run: EvalRun | None = None) -> str:
    data = {"schema_version": "1.1", **as_dict(result)}
    if run is not None:
        data["weights"] = run.weights
        data["tuned_on"] = list(run.tuned_on)
        data["note"] = weights_note(run)
        if run.folds:
            data["folds"] = run.folds
        if run.per_file:
            data["files"] = {name: as_dict(r) for name, r in run.per_file.items()}
        if run.reviews is not None:  # eval --reviews only
            data["reviews"] = {"file": run.reviews, "counts": dict(run.review_counts), "note": reviews_note(run),
                               "stale": [{"practice": o.review.practice, "verdict": o.review.verdict,
                                          "unit": o.review.unit, "line": o.review.line, "detail": o.detail}
                                         for o in run.stale_reviews],
                               "unreviewed": list(run.unreviewed)}
    if groups:
        data["groups"] = {name: as_dict(r) for name, r in groups.items()}
    return json.dumps(data, indent=2)
