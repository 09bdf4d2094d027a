"""Measure a rule pack on labeled clauses: precision, recall, F1, ranking quality.

Gold files are JSON lines ``{"id", "text", "labels"}``; ``[]`` or ``["none"]``
marks an ordinary provision. Each clause's text is tagged as one unit, its leading
heading read as the unit's heading.

Three ways to measure: the pack as shipped (``evaluate``: if its weights were fit on
these clauses, the figures are tuned on them); held out by group (``leave_one_out``:
the weights and thresholds are fit again without each district in turn, and that
district is scored with them — the estimate for a district nobody has read, as far
as fitting goes; the signals themselves were written by people who read the data);
and the fit itself (``fit_weights``), which writes the pack's ``fitted.yaml``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model.evaluation import (EvalResult, EvalRun, GoldClause, GoldFile,  # noqa: F401 - re-exported
                               PracticeScore, Prediction)
from .rules import RulePack
from .scanner import tag_many

ORDINARY = ("none",)


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
        cid = str(row.get("id", n))
        clauses.append(GoldClause(cid, row["text"], frozenset(x for x in labels if x not in ORDINARY),
                                  str(row.get("district") or row.get("group") or row.get("source")
                                      or f"{p.name}:{cid}")))
    if not clauses:
        raise InputError(p, "has no clauses")
    return clauses


def read_gold_files(paths: list[str | Path]) -> tuple[list[GoldClause], tuple[GoldFile, ...]]:
    """Several gold files as one set; each file's name, digest and size (to tell whether a
    pack's weights were fit on it)."""
    clauses: list[GoldClause] = []
    files = []
    for path in paths:
        part = read_gold(path)
        clauses.extend(part)
        files.append(GoldFile(Path(path).name, file_digest(path), len(part)))
    return clauses, tuple(files)


def file_digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tuned_on(pack: RulePack, files: tuple[GoldFile, ...]) -> tuple[str, ...]:
    """The given gold files the pack's weights were fit on: figures on them are tuned."""
    fitted = {t.get("sha256") for t in pack.trained_on}
    return tuple(f.name for f in files if f.sha256 in fitted)


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


# -- fitting and holding out ---------------------------------------------------------------

@dataclass(frozen=True)
class HeldOut:
    """Leave-one-group-out: every clause scored by weights fit without its group."""

    result: EvalResult
    groups: dict  # group -> EvalResult of its clauses
    folds: int
    refits: int  # practice fits run (a fold reuses the full fit for practices it has no evidence for)
    prior_strength: float


def clause_strengths(texts: list[str], pack: RulePack) -> list[dict]:
    """Per text: practice id -> Strengths of its signals (only practices with a hit).
    Independent of the weights, so computed once and reused by every fit."""
    from .match import UnitText
    from .scanner import clause_heading, compiled
    from .score import signal_strengths

    engine = compiled(pack)
    effects = dict(engine.context.effects)
    own = {r.id for r in pack.rules}
    out = []
    for match in engine.match(UnitText(str(i), t, clause_heading(t)) for i, t in enumerate(texts)):
        by_rule: dict[str, list] = {}
        for h in match.hits:
            if h.rule in own:
                by_rule.setdefault(h.rule, []).append(h)
        out.append({rid: signal_strengths(engine.rules[rid], hits, effects) for rid, hits in by_rule.items()})
    return out


def _example_rows(pack: RulePack) -> dict:
    """Each rule's examples as labeled rows of that rule (pair examples: of the others too)."""
    from .fit import Row

    cases = []
    for rule in pack.rules:
        cases += [(rule.id, t, True) for t in rule.fire] + [(rule.id, t, False) for t in rule.no_fire]
        cases += [(other, text, True) for text, also in rule.pairs for other in also]
    feats = clause_strengths([t for _, t, _ in cases], pack)
    rows: dict[str, list] = {r.id: [] for r in pack.rules}
    from .score import Strengths
    for (rid, _, label), f in zip(cases, feats):
        if rid in rows:
            rows[rid].append(Row(f.get(rid, Strengths({})), label, example=True))
    return rows


def _gold_rows(rid: str, clauses: list[GoldClause], feats: list[dict], keep) -> list:
    from .fit import Row
    from .score import Strengths

    return [Row(f.get(rid, Strengths({})), rid in c.labels) for i, (c, f) in enumerate(zip(clauses, feats)) if keep(i)]


def _fit_all(pack: RulePack, clauses, feats, examples, keep, rules=None, prior_strength=None) -> dict:
    from .fit import PRIOR_STRENGTH, fit_rule
    from .rules.weights import hand_rule
    from .score import level

    out = {}
    for rule in pack.rules:
        if rules is not None and rule.id not in rules:
            continue
        if rule.scope == "document" and not any(level(s) != "document" for s in rule.signals):
            continue
        out[rule.id] = fit_rule(hand_rule(rule), _gold_rows(rule.id, clauses, feats, keep) + examples[rule.id],
                                PRIOR_STRENGTH if prior_strength is None else prior_strength)
    return out


def _predictions(pack: RulePack, clauses, feats, fits: dict, idx) -> list[Prediction]:
    from .fit import predict
    from .rules.weights import hand_rule

    hands = {r.id: hand_rule(r) for r in pack.rules}
    out = []
    for i in idx:
        scores, labels = {}, []
        for rule in pack.rules:
            st = feats[i].get(rule.id)
            if st is None:
                continue
            fit = fits.get(rule.id)
            conf = predict(hands[rule.id], fit.weights, st) if fit else predict(rule, {}, st)
            if conf > 0:
                scores[rule.id] = conf
                if conf >= (fit.threshold if fit else rule.threshold):
                    labels.append(rule.id)
        out.append(Prediction(clauses[i].id, tuple(labels), scores))
    return out


def leave_one_out(clauses: list[GoldClause], pack: RulePack, prior_strength: float | None = None,
                  progress=None) -> HeldOut:
    """Hold out each group (district) in turn: fit weights and thresholds on the rest and
    the rule examples, score the held-out clauses with them; pool every fold's predictions."""
    from .fit import PRIOR_STRENGTH

    strength = PRIOR_STRENGTH if prior_strength is None else prior_strength
    feats = clause_strengths([c.text for c in clauses], pack)
    examples = _example_rows(pack)
    everyone = _fit_all(pack, clauses, feats, examples, lambda i: True, prior_strength=strength)
    order = list(dict.fromkeys(c.group for c in clauses))
    predictions: list[Prediction | None] = [None] * len(clauses)
    refits = 0
    for n, group in enumerate(order):
        idx = [i for i, c in enumerate(clauses) if c.group == group]
        held = set(idx)
        # Only practices with evidence or a label in the held-out clauses fit differently without them.
        touched = {rid for i in idx for rid in feats[i]} | {rid for i in idx for rid in clauses[i].labels}
        fits = dict(everyone)
        fits.update(_fit_all(pack, clauses, feats, examples, lambda i: i not in held, touched, strength))
        refits += len(touched & set(everyone))
        for i, p in zip(idx, _predictions(pack, clauses, feats, fits, idx)):
            predictions[i] = p
        if progress:
            progress(n + 1, len(order))
    result = evaluate(clauses, pack, predictions)
    return HeldOut(result, by_group(clauses, pack, result), len(order), refits, strength)


def by_group(clauses: list[GoldClause], pack: RulePack, result: EvalResult) -> dict:
    groups = {}
    for name in sorted({c.group for c in clauses}):
        idx = [i for i, c in enumerate(clauses) if c.group == name]
        groups[name] = evaluate([clauses[i] for i in idx], pack, [result.predictions[i] for i in idx])
    return groups


def fit_weights(clauses: list[GoldClause], files: tuple[GoldFile, ...], pack: RulePack,
                prior_strength: float | None = None) -> str:
    """Fit every practice's weights and threshold on all the clauses; the fitted.yaml text."""
    from .fit import PRIOR_STRENGTH
    from .rules.weights import hand_rule, render_fitted, rule_signature

    strength = PRIOR_STRENGTH if prior_strength is None else prior_strength
    feats = clause_strengths([c.text for c in clauses], pack)
    fits = _fit_all(pack, clauses, feats, _example_rows(pack), lambda i: True, prior_strength=strength)
    entries = {}
    for rule in pack.rules:
        if rule.id not in fits:
            continue
        hand = hand_rule(rule)
        fit = fits[rule.id]
        entries[rule.id] = {"signature": rule_signature(hand), "threshold": fit.threshold,
                            "hand_threshold": hand.threshold,
                            "weights": {s.id: (fit.weights[s.id], s.weight) for s in hand.signals if s.id in fit.weights}}
    header = ("Signal weights and thresholds fit from labeled clauses; the rule files keep the hand weights,\n"
              "which are the fit's prior. Do not edit: fit again with\n"
              f"  contractlens eval {' '.join(f.name for f in files)} --fit-out fitted.yaml\n"
              "A practice whose rule file changed since is reported stale and uses its hand weights.")
    method = (f"noisy-or maximum likelihood on {len(clauses)} labeled clauses and the rules' examples; "
              f"L2 prior {strength} on logit(weight) toward the hand weight; threshold: of the best-F1 ones, the nearest the hand threshold")
    return render_fitted(entries, [{"name": f.name, "sha256": f.sha256, "clauses": f.clauses} for f in files],
                         method, header)


def run_eval(paths: list[str | Path], pack: RulePack, *, held_out: bool = False, per_group: bool = False,
             fit: bool = False) -> EvalRun:
    clauses, files = read_gold_files(paths)
    if held_out:
        lodo = leave_one_out(clauses, pack)
        result, groups, weights, folds, tuned = lodo.result, lodo.groups, "held out", lodo.folds, ()
    else:
        result = evaluate(clauses, pack)
        groups = {}
        weights = "fitted" if pack.fitted else "hand"
        folds, tuned = 0, tuned_on(pack, files) if pack.fitted else ()
    if per_group and not held_out:
        groups = by_group(clauses, pack, result)
    elif not per_group:
        groups = {}
    per_file = {}
    if len(files) > 1:
        start = 0
        for f in files:
            part = slice(start, start + f.clauses)
            per_file[f.name] = evaluate(clauses[part], pack, list(result.predictions[part]))
            start += f.clauses
    fitted = fit_weights(clauses, files, pack) if fit else None
    return EvalRun(result, groups, files, per_file, weights, tuned, folds, fitted)
