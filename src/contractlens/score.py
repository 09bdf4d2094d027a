"""Scoring: signal hits -> a confidence per unit and practice -> findings.

Each signal's weight is read as "how likely this signal alone means the
practice": signals combine by noisy-or, so two independent signals give more
confidence than either. Non-anchor signals only add to an anchor. An exclusion
multiplies the signals in its sentence (or the whole unit) by 1 - its weight,
so weight 1.0 vetoes. Document-level signals (the agreement's size) give a whole-agreement
confidence of their own, and document-level exclusions scale all of a rule's evidence.

Everything that turns hits into a confidence or a status is here; matching (match/) only
says which signal fired where.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from .match import SignalHit, UnitMatch
from .match.signals import Metric, level
from .models import NOT_FOUND, PRESENT, WEAK
from .rules import RuleSpec

WEAK_FRACTION = 0.6  # below the rule's threshold but at least this share of it: "weak"
MIN_ANCHOR = 0.25  # supporting signals count only when some anchor is at least this strong


@dataclass(frozen=True)
class UnitScore:
    confidence: float
    signals: tuple[str, ...]  # fired signal ids, strongest first
    sentences: tuple[int, ...]  # sentences that carry the evidence, in text order
    quote_strength: float = 0.0  # the quoted sentence's own evidence: what a reader sees in the quote


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


@dataclass(frozen=True)
class Strengths:
    """How strongly each signal of one rule fired in one unit, before weights: 1.0 for a
    clean hit, less inside an exclusion's sentence or a modifier's scope. This is what
    weights are fit on (fit.py); ``combine`` turns it into a confidence."""

    values: dict  # signal id -> (strength in [0, 1], sentence of the strongest hit)
    unit_factor: float = 1.0  # unit-scope exclusions
    by_sentence: dict = field(default_factory=dict)  # sentence -> {signal id: strength}: where to quote


def signal_strengths(rule: RuleSpec, hits: list[SignalHit], effects: dict[str, float] | None = None) -> Strengths:
    effects = effects or {}
    signals = {s.id: s for s in rule.signals}
    exclusions = {s.id: s for s in rule.exclusions}
    sentence_factor: dict[int, float] = defaultdict(lambda: 1.0)
    unit_factor = 1.0
    seen: set[tuple[str, int]] = set()
    spans: list[tuple[int, int, float]] = []  # "words" exclusions: (start, end, weight)
    for h in hits:
        if h.exclusion:
            spec = exclusions[h.signal]
            if level(spec) == "document":
                continue  # about the whole agreement: see metric_factor
            if spec.scope == "words":
                # It explains only the evidence inside its own words: "a salary differential at
                # hard-to-staff schools" is pay, but the same sentence's transfer priority is not.
                spans.append((h.start, h.end, spec.weight))
                continue
            where = -1 if spec.scope == "unit" or h.sentence < 0 else h.sentence
            if (h.signal, where) in seen:
                continue  # an exclusion counts once per sentence, however many words it matched
            seen.add((h.signal, where))
            if where < 0:
                unit_factor *= 1.0 - spec.weight
            else:
                sentence_factor[where] *= 1.0 - spec.weight
    best: dict[str, tuple[float, int]] = {}
    by_sentence: dict[int, dict[str, float]] = {}
    for h in hits:
        if h.exclusion:
            continue
        spec = signals[h.signal]
        value = sentence_factor[h.sentence] if h.sentence >= 0 else 1.0
        for a, b, w in spans:
            if h.sentence >= 0 and a <= h.start and h.end <= b:
                value *= 1.0 - w
        for modifier in h.modifiers:
            if modifier not in spec.ignore_modifiers:
                value *= effects.get(modifier, 1.0)
        if value > best.get(h.signal, (0.0, 0))[0]:
            best[h.signal] = (value, h.sentence)
        if h.sentence >= 0 and value > 0:
            here = by_sentence.setdefault(h.sentence, {})
            here[h.signal] = max(here.get(h.signal, 0.0), value)
    return Strengths(best, unit_factor, by_sentence)


def combine(rule: RuleSpec, strengths: Strengths, weights: dict | None = None) -> UnitScore:
    """Noisy-or of weight x strength over anchors, and over supporting signals when some
    anchor is strong enough; times the unit's exclusions. ``weights`` (signal id -> weight)
    stands in for the rule's own, as when weights are being fit."""
    signals = {s.id: s for s in rule.signals}
    weights = weights or {}
    best = {k: (weights.get(k, signals[k].weight) * f, sentence) for k, (f, sentence) in strengths.values.items()
            if f > 0}
    anchors = {k: v for k, v in best.items() if signals[k].anchor}
    if not anchors:
        return UnitScore(0.0, (), ())
    # Supporting signals add to a real anchor, not to one an exclusion or negation all but removed.
    strong = max(v for v, _ in anchors.values()) >= MIN_ANCHOR
    boosters = {k: v for k, v in best.items() if not signals[k].anchor and strong}
    confidence = noisy_or([v for v, _ in anchors.values()] + [v for v, _ in boosters.values()]) * strengths.unit_factor
    ranked = sorted(anchors.items(), key=lambda kv: -kv[1][0]) + sorted(boosters.items(), key=lambda kv: -kv[1][0])
    # The quote: the sentence whose own evidence is strongest (an anchor and what supports it
    # there, not a list that only names the practice), with a neighbouring sentence that
    # carries another strong anchor (a practice is often set up over two sentences).
    top_value, top_sentence = ranked[0][1]
    top_sentence, own = _quote_sentence(signals, weights, strengths.by_sentence, strong, top_sentence)
    sentences = {top_sentence} if top_sentence >= 0 else set()
    for _, (v, s) in ranked[1:]:
        if s >= 0 and top_sentence >= 0 and abs(s - top_sentence) == 1 and v >= top_value * 0.75:
            sentences.add(s)
            break
    return UnitScore(round(confidence, 4), tuple(k for k, _ in ranked), tuple(sorted(sentences)),
                     round(own * strengths.unit_factor, 4))


def _quote_sentence(signals: dict, weights: dict, by_sentence: dict, strong: bool,
                    default: int) -> tuple[int, float]:
    """The sentence with the strongest anchors of its own (what supports them there breaks
    ties), and the noisy-or of its own evidence."""
    best, chosen = (-1.0, -1.0), default
    for k in sorted(by_sentence):
        vals = {sid: weights.get(sid, signals[sid].weight) * f for sid, f in by_sentence[k].items()}
        anchors = [v for sid, v in vals.items() if signals[sid].anchor]
        if not anchors:
            continue
        value = (round(noisy_or(anchors), 3),
                 round(noisy_or(v for sid, v in vals.items() if signals[sid].anchor or strong), 3))
        if value > best or (value == best and k == default):
            best, chosen = value, k
    return chosen, max(best[1], 0.0)


def score_unit(rule: RuleSpec, hits: list[SignalHit], effects: dict[str, float] | None = None) -> UnitScore:
    """Confidence that this unit codifies the rule's practice.

    ``effects`` maps a modifier type (negated, contemplated, exception) to the
    factor it puts on evidence inside its scope.
    """
    return combine(rule, signal_strengths(rule, hits, effects))


def metric_factor(rule: RuleSpec, metrics: dict[str, float]) -> float:
    """Document-level exclusions ("at least 60 pages") scale all of a rule's evidence."""
    factor = 1.0
    for spec in rule.exclusions:
        if level(spec) == "document" and Metric.fires(spec, metrics):
            factor *= 1.0 - spec.weight
    return factor


def metric_confidence(rule: RuleSpec, metrics: dict[str, float]) -> tuple[float, tuple[str, ...]]:
    """Document-level signals: the agreement's length, number of articles..."""
    fired = [spec for spec in rule.signals if level(spec) == "document" and Metric.fires(spec, metrics)]
    anchors = [s.weight for s in fired if s.anchor]
    if not anchors:
        return 0.0, ()
    return round(noisy_or(anchors + [s.weight for s in fired if not s.anchor]), 4), tuple(s.id for s in fired)


@dataclass(frozen=True)
class DocumentScore:
    """A document-scope rule over the whole agreement."""

    factor: float  # what its document-level exclusions leave of every piece of evidence
    confidence: float  # of the whole-agreement evidence; 0.0 when no document signal fires
    signals: tuple[str, ...]


def document_score(rule: RuleSpec, metrics: dict[str, float], best_text: float) -> DocumentScore:
    """The document signals combined with the best text evidence (``best_text``, before the
    factor: the factor applies once, here)."""
    factor = metric_factor(rule, metrics)
    confidence, signals = metric_confidence(rule, metrics)
    if confidence <= 0:
        return DocumentScore(factor, 0.0, ())
    return DocumentScore(factor, round(noisy_or((confidence, best_text)) * factor, 4), signals)


def scaled(confidence: float, factor: float) -> float:
    """A confidence times a factor (an exclusion's, an OCR reading's), rounded as reported."""
    return confidence if factor == 1.0 else round(confidence * factor, 4)


def unit_scores(rules, compiled: dict[str, RuleSpec], effects: dict[str, float], match: UnitMatch
                ) -> dict[str, tuple[UnitScore, list[SignalHit]]]:
    """Each practice of ``rules`` that this unit shows: its score and the hits behind it.
    ``compiled`` holds every rule that was matched (with the handbook rules a pack rolls up).

    A rule that rolls up other practices (the principles pack) takes the best of
    its own signals and theirs; rolled-up signals are named "practice:signal".
    """
    by_rule: dict[str, list[SignalHit]] = {}
    for h in match.hits:
        by_rule.setdefault(h.rule, []).append(h)
    own = {}
    for rid, hits in by_rule.items():
        result = score_unit(compiled[rid], hits, effects)
        if result.confidence > 0:
            own[rid] = (result, hits)
    out = {}
    for rule in rules:
        best = own.get(rule.id)
        for sub in rule.rolls_up:
            if sub in own and (best is None or own[sub][0].confidence > best[0].confidence):
                result, hits = own[sub]
                best = (UnitScore(result.confidence, tuple(f"{sub}:{x}" for x in result.signals), result.sentences,
                                  result.quote_strength),
                        [replace(h, signal=f"{sub}:{h.signal}") for h in hits])
        if best is not None:
            out[rule.id] = best
    return out
