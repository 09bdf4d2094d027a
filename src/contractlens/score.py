"""Scoring: signal hits -> a confidence per unit and practice -> findings.

Each signal's weight is read as "how likely this signal alone means the
practice": signals combine by noisy-or, so two independent signals give more
confidence than either. Non-anchor signals only add to an anchor. An exclusion
multiplies the signals in its sentence (or the whole unit) by 1 - its weight,
so weight 1.0 vetoes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .match import SignalHit
from .models import NOT_FOUND, PRESENT, WEAK
from .rules import RuleSpec

WEAK_FRACTION = 0.6  # below the rule's threshold but at least this share of it: "weak"


@dataclass(frozen=True)
class UnitScore:
    confidence: float
    signals: tuple[str, ...]  # fired signal ids, strongest first
    sentences: tuple[int, ...]  # sentences that carry the evidence, in text order


def status_for(confidence: float, threshold: float) -> str:
    if confidence >= threshold:
        return PRESENT
    if confidence >= threshold * WEAK_FRACTION and confidence > 0:
        return WEAK
    return NOT_FOUND


def noisy_or(values) -> float:
    miss = 1.0
    for v in values:
        miss *= 1.0 - v
    return 1.0 - miss


def score_unit(rule: RuleSpec, hits: list[SignalHit], effects: dict[str, float] | None = None) -> UnitScore:
    """Confidence that this unit codifies the rule's practice.

    ``effects`` maps a modifier type (negated, contemplated, exception) to the
    factor it puts on evidence inside its scope.
    """
    effects = effects or {}
    signals = {s.id: s for s in rule.signals}
    exclusions = {s.id: s for s in rule.exclusions}
    sentence_factor: dict[int, float] = defaultdict(lambda: 1.0)
    unit_factor = 1.0
    for h in hits:
        if h.exclusion:
            spec = exclusions[h.signal]
            if spec.scope == "unit" or h.sentence < 0:
                unit_factor *= 1.0 - spec.weight
            else:
                sentence_factor[h.sentence] *= 1.0 - spec.weight
    best: dict[str, tuple[float, int]] = {}
    for h in hits:
        if h.exclusion:
            continue
        spec = signals[h.signal]
        value = spec.weight * (sentence_factor[h.sentence] if h.sentence >= 0 else 1.0)
        for modifier in h.modifiers:
            if modifier not in spec.ignore_modifiers:
                value *= effects.get(modifier, 1.0)
        if value > best.get(h.signal, (0.0, 0))[0]:
            best[h.signal] = (value, h.sentence)
    anchors = {k: v for k, v in best.items() if signals[k].anchor and v[0] > 0}
    if not anchors:
        return UnitScore(0.0, (), ())
    boosters = {k: v for k, v in best.items() if not signals[k].anchor and v[0] > 0}
    confidence = noisy_or([v for v, _ in anchors.values()] + [v for v, _ in boosters.values()]) * unit_factor
    ranked = sorted(anchors.items(), key=lambda kv: -kv[1][0]) + sorted(boosters.items(), key=lambda kv: -kv[1][0])
    top = ranked[0][1][0]
    # The quote: the sentences of the strongest anchors (those close to the best one).
    sentences = sorted({s for _, (v, s) in anchors.items() if s >= 0 and v >= top * 0.75})[:2]
    return UnitScore(round(confidence, 4), tuple(k for k, _ in ranked), tuple(sentences))


def metric_confidence(rule: RuleSpec, metrics: dict[str, float]) -> tuple[float, tuple[str, ...]]:
    """Document-level signals: the agreement's length, number of articles..."""
    fired = []
    for spec in rule.signals:
        if spec.kind != "metric":
            continue
        value = metrics.get(spec.value["name"])
        if value is None:
            continue
        if "at_most" in spec.value and value > spec.value["at_most"]:
            continue
        if "at_least" in spec.value and value < spec.value["at_least"]:
            continue
        fired.append(spec)
    anchors = [s.weight for s in fired if s.anchor]
    if not anchors:
        return 0.0, ()
    return round(noisy_or(anchors + [s.weight for s in fired if not s.anchor]), 4), tuple(s.id for s in fired)
