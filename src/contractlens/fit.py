"""Fit signal weights and thresholds from labeled clauses, with the hand weights as the prior.

The hand-written signals (lexicons, mechanisms, exclusions) are the features. For one
practice and one clause, each signal has a strength in [0, 1] (1 a clean hit, less
inside an exclusion's sentence or a negation's scope; ``score.signal_strengths``), and
the confidence is the rule's noisy-or::

    p = unit_factor * (1 - prod_s (1 - w_s * f_s))     # supporting signals only beside a strong anchor

The weights ``w_s`` are fit by maximum likelihood on the labeled clauses plus the rule's
own examples, penalised by ``strength * (logit w_s - logit hand_w_s)**2``: a signal the
data says little about keeps the weight its writer gave it. The threshold is then,
of the thresholds that give the best F1 on the labeled clauses while every example of
the rule stays right, the one nearest the hand threshold. Exclusions, modifier effects and which
signal is an anchor stay as written: they are the rule's logic, not its calibration.

The result is the same rule with other numbers: ``fitted.yaml`` lists each fitted weight
beside the hand weight, so a reader sees what the data changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .rules.schema import RuleSpec
from .score import MIN_ANCHOR, Strengths, combine, level

PRIOR_STRENGTH = 2.0  # per signal, in logit units squared; chosen with leave-one-district-out (see README)
W_MIN, W_MAX = 0.02, 0.98
T_MIN, T_MAX = 0.2, 0.9


@dataclass(frozen=True)
class Row:
    """One labeled text as one practice sees it."""

    strengths: Strengths
    label: bool
    example: bool = False  # a rule example: must stay right; not counted in the threshold's F1
    weight: float = 1.0


@dataclass(frozen=True)
class RuleFit:
    weights: dict  # signal id -> weight
    threshold: float
    rows: int  # rows where the rule had an anchor (the only ones the weights change)


def _logit(p):
    import numpy as np
    return np.log(p / (1 - p))


def fit_rule(rule: RuleSpec, rows: list[Row], prior_strength: float = PRIOR_STRENGTH,
             iterations: int = 400) -> RuleFit:
    """Weights and threshold for one rule (given with its hand weights) from its rows."""
    import numpy as np

    specs = [s for s in rule.signals if level(s) != "document"]
    ids = [s.id for s in specs]
    index = {sid: j for j, sid in enumerate(ids)}
    anchor = np.array([s.anchor for s in specs], dtype=bool)
    prior = np.clip(np.array([s.prior for s in specs], dtype=float), W_MIN, W_MAX)
    live = [r for r in rows if any(r.strengths.values.get(sid, (0, 0))[0] > 0 for sid, a in zip(ids, anchor) if a)]
    weights = prior.copy()
    if live and ids:
        F = np.zeros((len(live), len(ids)))
        for i, r in enumerate(live):
            for sid, (f, _) in r.strengths.values.items():
                if sid in index:
                    F[i, index[sid]] = f
        U = np.array([r.strengths.unit_factor for r in live])
        y = np.array([r.label for r in live], dtype=float)
        c = np.array([r.weight for r in live])
        used = F.max(axis=0) > 0  # signals that never fire here keep the hand weight
        z0 = _logit(prior)
        z = z0.copy()
        lr, m, v = 0.05, np.zeros_like(z), np.zeros_like(z)
        for step in range(1, iterations + 1):
            w = 1 / (1 + np.exp(-z))
            p, dp = _confidence(w, F, U, anchor)
            p = np.clip(p, 1e-4, 1 - 1e-4)
            dloss_dp = c * (-(y / p) + (1 - y) / (1 - p))
            grad = (dloss_dp[:, None] * dp).sum(axis=0) * w * (1 - w) + 2 * prior_strength * (z - z0)
            grad[~used] = 0.0
            m = 0.9 * m + 0.1 * grad  # Adam: the problem is tiny, the steps need no tuning
            v = 0.999 * v + 0.001 * grad ** 2
            z -= lr * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
            z = np.clip(z, _logit(W_MIN), _logit(W_MAX))
        weights = 1 / (1 + np.exp(-z))
    fitted = {sid: float(round(w, 4)) for sid, w in zip(ids, weights)}
    threshold = choose_threshold([(predict(rule, fitted, r.strengths), r) for r in rows],
                                 rule.hand_threshold or rule.threshold)
    return RuleFit(fitted, threshold, len(live))


def _confidence(w, F, U, anchor):
    """Noisy-or confidence per row and its derivative in each weight."""
    import numpy as np

    V = w * F
    strong = (np.where(anchor, V, 0).max(axis=1) >= MIN_ANCHOR)
    active = anchor[None, :] | strong[:, None]
    terms = np.where(active, 1 - V, 1.0)
    Q = terms.prod(axis=1)
    has_anchor = (np.where(anchor, F, 0).max(axis=1) > 0)
    p = np.where(has_anchor, U * (1 - Q), 0.0)
    dp = np.where(active & has_anchor[:, None], (U * Q)[:, None] * F / np.clip(terms, 1e-9, None), 0.0)
    return p, dp


def predict(rule: RuleSpec, weights: dict, strengths: Strengths) -> float:
    """The confidence the scorer gives with these weights."""
    return combine(rule, strengths, weights).confidence


def choose_threshold(scored: list[tuple[float, Row]], default: float) -> float:
    """Of the thresholds that give the best F1 on the labeled rows, the one nearest the hand
    threshold; only thresholds that keep every example right are considered (if any do)."""
    grid = [round(T_MIN + k * 0.01, 2) for k in range(int(round((T_MAX - T_MIN) / 0.01)) + 1)]
    examples = [(p, r) for p, r in scored if r.example]
    gold = [(p, r) for p, r in scored if not r.example]
    feasible = [t for t in grid if all((p >= t) == r.label for p, r in examples)] or grid

    def f1(t: float) -> float:
        tp = sum(1 for p, r in gold if p >= t and r.label)
        fp = sum(1 for p, r in gold if p >= t and not r.label)
        fn = sum(1 for p, r in gold if p < t and r.label)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    scores = {t: f1(t) for t in feasible}
    best = max(scores.values())
    top = [t for t in feasible if scores[t] >= best - 1e-9]
    return min(top, key=lambda t: (abs(t - default), t))
