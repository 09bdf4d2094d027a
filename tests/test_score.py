"""Scoring on hand-built signal hits: noisy-or, anchors and supporting signals, exclusions,
modifiers and the status tiers. Each expected number is worked out by hand from the weights."""

from __future__ import annotations

import pytest

from contractlens.match import SignalHit
from contractlens.models import NOT_FOUND, PRESENT, WEAK
from contractlens.rules.schema import RuleSpec, SignalSpec
from contractlens.score import MIN_ANCHOR, noisy_or, score_unit, status_for


def _signal(sid, weight, anchor=True, kind="phrases", scope="sentence", ignore=()):
    return SignalSpec(sid, kind, weight, anchor, scope, ("x",), 1, ignore_modifiers=ignore)


def _rule(signals, exclusions=()):
    return RuleSpec("r", "Rule", "area", "", "clause", 0.5, tuple(signals), tuple(exclusions), (), (), "r.yaml")


def _hit(signal, sentence=0, exclusion=False, start=0, end=5, modifiers=()):
    return SignalHit("r", signal, exclusion, sentence, start, end, tuple(modifiers))


RULE = _rule([_signal("a", 0.6), _signal("b", 0.5), _signal("s", 0.4, anchor=False)],
             [_signal("x", 0.5), _signal("u", 0.5, scope="unit"), _signal("w", 1.0, scope="words"),
              SignalSpec("m", "metric", 0.9, False, "sentence", {"name": "pages", "at_least": 1}, 1)])


@pytest.mark.parametrize("values,expected", [
    ([], 0.0), ([0.3], 0.3), ([0.5, 0.5], 0.75), ([0.2, 0.5, 0.5], 0.8), ([1.0, 0.1], 1.0), ([0.0, 0.0], 0.0),
])
def test_noisy_or(values, expected):
    assert noisy_or(values) == pytest.approx(expected)
    assert noisy_or(reversed(values)) == pytest.approx(expected)  # order does not matter
    assert noisy_or(iter(values)) == pytest.approx(expected)  # any iterable


def test_no_anchor_no_confidence():
    score = score_unit(RULE, [_hit("s")])
    assert score.confidence == 0.0 and score.signals == () and score.sentences == ()


def test_one_anchor_gives_its_weight():
    score = score_unit(RULE, [_hit("a", sentence=2)])
    assert score.confidence == pytest.approx(0.6) and score.signals == ("a",) and score.sentences == (2,)
    assert score.quote_strength == pytest.approx(0.6)


def test_anchors_and_support_combine_by_noisy_or_strongest_first():
    score = score_unit(RULE, [_hit("s"), _hit("b"), _hit("a")])
    assert score.confidence == pytest.approx(1 - 0.4 * 0.5 * 0.6)
    assert score.signals == ("a", "b", "s")  # anchors by strength, then supporting signals


def test_a_signal_counts_once_however_often_it_fires():
    assert score_unit(RULE, [_hit("a"), _hit("a", sentence=1), _hit("a", sentence=3)]).confidence == pytest.approx(0.6)


def test_support_needs_a_strong_enough_anchor():
    weak = _rule([_signal("a", MIN_ANCHOR * 0.8), _signal("s", 0.4, anchor=False)])
    assert score_unit(weak, [_hit("a"), _hit("s")]).confidence == pytest.approx(MIN_ANCHOR * 0.8)
    at = _rule([_signal("a", MIN_ANCHOR), _signal("s", 0.4, anchor=False)])
    assert score_unit(at, [_hit("a"), _hit("s")]).confidence == pytest.approx(1 - (1 - MIN_ANCHOR) * 0.6)


def test_sentence_exclusion_scales_only_its_sentence_and_counts_once_there():
    hits = [_hit("a", sentence=0), _hit("b", sentence=1), _hit("x", sentence=0, exclusion=True),
            _hit("x", sentence=0, exclusion=True, start=10, end=15)]
    # a: 0.6 x 0.5 (once, not 0.25 for two matches in one sentence); b untouched
    assert score_unit(RULE, hits).confidence == pytest.approx(1 - (1 - 0.3) * (1 - 0.5))
    assert score_unit(RULE, hits).signals == ("b", "a")
    # the same exclusion in another sentence too: each sentence once
    two = [_hit("a", sentence=0), _hit("b", sentence=1), _hit("x", sentence=0, exclusion=True),
           _hit("x", sentence=1, exclusion=True)]
    assert score_unit(RULE, two).confidence == pytest.approx(1 - 0.7 * 0.75)


def test_unit_exclusion_scales_everything_once():
    hits = [_hit("a"), _hit("b", sentence=1), _hit("u", sentence=0, exclusion=True),
            _hit("u", sentence=1, exclusion=True)]
    assert score_unit(RULE, hits).confidence == pytest.approx((1 - 0.4 * 0.5) * 0.5, abs=1e-4)


def test_words_exclusion_covers_only_the_evidence_inside_it():
    inside = [_hit("a", start=10, end=20), _hit("w", exclusion=True, start=5, end=25)]
    assert score_unit(RULE, inside).confidence == 0.0
    outside = [_hit("a", start=30, end=40), _hit("w", exclusion=True, start=5, end=25)]
    assert score_unit(RULE, outside).confidence == pytest.approx(0.6)


def test_metric_exclusions_wait_for_the_document():
    assert score_unit(RULE, [_hit("a"), _hit("m", exclusion=True)]).confidence == pytest.approx(0.6)


def test_modifiers_scale_unless_the_signal_ignores_them():
    effects = {"negated": 0.1}
    assert score_unit(RULE, [_hit("a", modifiers=["negated"])], effects).confidence == pytest.approx(0.06)
    assert score_unit(RULE, [_hit("a", modifiers=["contemplated"])], effects).confidence == pytest.approx(0.6)
    ignoring = _rule([_signal("a", 0.6, ignore=("negated",))])
    assert score_unit(ignoring, [_hit("a", modifiers=["negated"])], effects).confidence == pytest.approx(0.6)


def test_quote_takes_the_sentence_with_the_strongest_anchor_and_a_strong_neighbour():
    rule = _rule([_signal("a", 0.6), _signal("b", 0.5), _signal("c", 0.3)])
    assert score_unit(rule, [_hit("a", sentence=4), _hit("b", sentence=5)]).sentences == (4, 5)
    assert score_unit(rule, [_hit("a", sentence=4), _hit("b", sentence=7)]).sentences == (4,)
    assert score_unit(rule, [_hit("a", sentence=4), _hit("c", sentence=3)]).sentences == (4,)  # too weak


@pytest.mark.parametrize("confidence,status", [
    (0.5, PRESENT), (0.9, PRESENT), (0.49, WEAK), (0.3, WEAK), (0.29, NOT_FOUND), (0.0, NOT_FOUND),
])
def test_status_tiers(confidence, status):
    assert status_for(confidence, 0.5) == status  # weak: at least 60% of the threshold
