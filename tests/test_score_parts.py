"""score.py function by function: noisy-or, tiers, the minimum anchor, exclusions by scope, modifiers,
the quote sentence, the document-level score and the roll-up."""

from __future__ import annotations

import pytest

from contractlens.match import SignalHit, UnitMatch
from contractlens.rules.schema import RuleSpec, SignalSpec
from contractlens.score import (MIN_ANCHOR, WEAK_FRACTION, Strengths, combine, document_score, metric_confidence,
                                metric_factor, noisy_or, scaled, score_unit, signal_strengths, status_for,
                                unit_scores)


def sig(sid, weight, anchor=True, kind="phrases", scope="sentence", value=("x",), ignore=()):
    return SignalSpec(sid, kind, weight, anchor, scope, value, 1, tuple(ignore))


def rule(signals, exclusions=(), rid="r", threshold=0.5, rolls_up=(), scope="clause"):
    return RuleSpec(rid, rid, "bargaining", "", scope, threshold, tuple(signals), tuple(exclusions), (), (), "",
                    tuple(rolls_up))


def hit(signal, sentence=0, start=0, end=1, exclusion=False, modifiers=(), rid="r"):
    return SignalHit(rid, signal, exclusion, sentence, start, end, tuple(modifiers))


def test_noisy_or():
    assert noisy_or([]) == 0.0
    assert noisy_or([0.5]) == 0.5
    assert noisy_or([0.5, 0.5]) == pytest.approx(0.75)
    assert noisy_or([0.2, 0.0]) == pytest.approx(0.2)
    assert noisy_or([1.0, 0.3]) == 1.0


@pytest.mark.parametrize("confidence,status", [(0.5, "present"), (0.7, "present"), (0.49, "weak"),
                                               (0.3, "weak"), (0.29, "not_found"), (0.0, "not_found")])
def test_tiers(confidence, status):
    assert WEAK_FRACTION == 0.6
    assert status_for(confidence, 0.5) == status


def test_weak_needs_some_confidence():
    assert status_for(0.0, 0.0001) == "not_found"
    assert status_for(0.0, 0.0) == "present"


def test_anchors_and_supporting_signals():
    r = rule([sig("a", 0.6), sig("b", 0.5, anchor=False)])
    both = score_unit(r, [hit("a"), hit("b")])
    assert both.confidence == pytest.approx(0.8)
    assert both.signals == ("a", "b")
    assert both.sentences == (0,)
    assert score_unit(r, [hit("b")]).confidence == 0.0  # a supporting signal never fires alone
    assert score_unit(r, [hit("b")]).signals == ()
    assert score_unit(r, [hit("a")]).confidence == pytest.approx(0.6)


def test_minimum_anchor():
    r = rule([sig("a", MIN_ANCHOR), sig("b", 0.5, anchor=False)])
    assert score_unit(r, [hit("a"), hit("b")]).confidence == pytest.approx(noisy_or([MIN_ANCHOR, 0.5]))
    weak = rule([sig("a", MIN_ANCHOR - 0.01), sig("b", 0.5, anchor=False)])
    result = score_unit(weak, [hit("a"), hit("b")])
    assert result.confidence == pytest.approx(MIN_ANCHOR - 0.01)
    assert result.signals == ("a",)


def test_exclusion_in_sentence_counts_once():
    r = rule([sig("a", 0.8), sig("c", 0.4)], [sig("x", 0.5)])
    hits = [hit("a", 0), hit("c", 1), hit("x", 0, exclusion=True), hit("x", 0, 5, 6, exclusion=True)]
    st = signal_strengths(r, hits)
    assert st.values["a"] == (0.5, 0)  # once per sentence: not 0.25
    assert st.values["c"] == (1.0, 1)
    assert st.unit_factor == 1.0
    assert score_unit(r, hits).confidence == pytest.approx(noisy_or([0.4, 0.4]))


def test_exclusion_scopes():
    unit = rule([sig("a", 0.8)], [sig("x", 0.5, scope="unit")])
    st = signal_strengths(unit, [hit("a", 2), hit("x", 0, exclusion=True), hit("x", 1, exclusion=True)])
    assert st.unit_factor == 0.5
    assert st.values["a"] == (1.0, 2)
    assert score_unit(unit, [hit("a", 2), hit("x", 0, exclusion=True)]).confidence == pytest.approx(0.4)
    words = rule([sig("a", 0.8), sig("b", 0.6)], [sig("x", 1.0, scope="words")])
    st = signal_strengths(words, [hit("a", 0, 10, 20), hit("b", 0, 30, 40), hit("x", 0, 5, 25, exclusion=True)])
    assert st.values == {"b": (1.0, 0)}  # a lies inside the exclusion's words, b does not
    st = signal_strengths(words, [hit("a", 0, 10, 26), hit("x", 0, 10, 25, exclusion=True)])
    assert st.values["a"] == (1.0, 0)  # not wholly inside
    st = signal_strengths(words, [hit("a", 0, 5, 25), hit("x", 0, 5, 25, exclusion=True)])
    assert "a" not in st.values  # the same words exactly


def test_heading_hits_ignore_sentence_exclusions():
    r = rule([sig("h", 0.7, kind="heading")], [sig("x", 1.0)])
    st = signal_strengths(r, [hit("h", -1), hit("x", 0, exclusion=True)])
    assert st.values["h"] == (1.0, -1)
    assert st.by_sentence == {}
    assert score_unit(r, [hit("h", -1)]).sentences == ()
    r2 = rule([sig("h", 0.7, kind="heading")], [sig("x", 1.0, scope="words")])
    assert signal_strengths(r2, [hit("h", -1, 0, 0), hit("x", 0, 0, 5, exclusion=True)]).values["h"] == (1.0, -1)


def test_exclusion_without_sentence_is_unit_wide():
    r = rule([sig("a", 0.8)], [sig("x", 0.5)])
    assert signal_strengths(r, [hit("a", 0), hit("x", -1, exclusion=True)]).unit_factor == 0.5


def test_modifiers_and_ignored_modifiers():
    r = rule([sig("a", 0.8), sig("b", 0.8, ignore=("negated",))])
    st = signal_strengths(r, [hit("a", 0, modifiers=("negated",)), hit("b", 0, modifiers=("negated",))],
                          {"negated": 0.25})
    assert st.values["a"] == (0.25, 0)
    assert st.values["b"] == (1.0, 0)
    assert signal_strengths(r, [hit("a", 0, modifiers=("other",))], {"negated": 0.25}).values["a"] == (1.0, 0)
    assert signal_strengths(r, [hit("a", 0, modifiers=("negated",))]).values["a"] == (1.0, 0)


def test_strongest_hit_and_sentence_kept():
    r = rule([sig("a", 0.8)], [sig("x", 0.5)])
    st = signal_strengths(r, [hit("a", 0), hit("a", 3), hit("x", 0, exclusion=True)])
    assert st.values["a"] == (1.0, 3)
    assert st.by_sentence == {0: {"a": 0.5}, 3: {"a": 1.0}}
    st = signal_strengths(r, [hit("a", 1), hit("a", 2)])
    assert st.values["a"] == (1.0, 1)  # the first of equals


def test_vetoed_hits_leave_no_trace():
    r = rule([sig("a", 0.8)], [sig("x", 1.0)])
    st = signal_strengths(r, [hit("a", 0), hit("x", 0, exclusion=True)])
    assert st.values == {} and st.by_sentence == {}
    assert score_unit(r, [hit("a", 0), hit("x", 0, exclusion=True)]).confidence == 0.0


def test_quote_sentence_and_neighbour():
    r = rule([sig("a", 0.6), sig("b", 0.5), sig("s", 0.5, anchor=False)])
    result = score_unit(r, [hit("a", 2), hit("b", 3), hit("s", 3)])
    assert result.sentences == (2, 3)  # b, in the next sentence, is nearly as strong
    assert result.signals == ("a", "b", "s")
    far = score_unit(r, [hit("a", 2), hit("b", 5)])
    assert far.sentences == (2,)
    assert score_unit(r, [hit("a", 2), hit("b", 1)]).sentences == (1, 2)
    weak = rule([sig("a", 0.8), sig("b", 0.5)])
    assert score_unit(weak, [hit("a", 2), hit("b", 3)]).sentences == (2,)  # 0.5 < 0.75 * 0.8
    edge = rule([sig("a", 1.0), sig("b", 0.75)])
    assert score_unit(edge, [hit("a", 2), hit("b", 3)]).sentences == (2, 3)  # 0.75 = 0.75 * 1.0


def test_quote_prefers_the_sentence_with_most_evidence():
    r = rule([sig("a", 0.6), sig("b", 0.6), sig("s", 0.4, anchor=False)])
    result = score_unit(r, [hit("a", 0), hit("a", 4), hit("b", 4), hit("s", 4)])
    assert result.sentences == (4,)
    assert result.quote_strength == pytest.approx(round(noisy_or([0.6, 0.6, 0.4]), 3))
    tie = score_unit(r, [hit("a", 1), hit("a", 4)])
    assert tie.sentences == (1,)
    supported = score_unit(r, [hit("a", 1), hit("a", 4), hit("s", 4)])
    assert supported.sentences == (4,)  # supporting signals break the tie
    assert supported.quote_strength == pytest.approx(round(noisy_or([0.6, 0.4]), 3))


def test_quote_strength_carries_unit_factor():
    r = rule([sig("a", 0.8)], [sig("x", 0.5, scope="unit")])
    result = score_unit(r, [hit("a", 0), hit("x", 0, exclusion=True)])
    assert result.quote_strength == pytest.approx(0.4)
    assert result.confidence == pytest.approx(0.4)


def test_combine_with_other_weights():
    r = rule([sig("a", 0.6), sig("b", 0.5, anchor=False)])
    st = Strengths({"a": (1.0, 0), "b": (0.5, 0)}, 0.5, {0: {"a": 1.0, "b": 0.5}})
    assert combine(r, st).confidence == pytest.approx(round(noisy_or([0.6, 0.25]) * 0.5, 4))
    assert combine(r, st, {"a": 0.9}).confidence == pytest.approx(round(noisy_or([0.9, 0.25]) * 0.5, 4))
    assert combine(r, Strengths({"a": (0.0, 0)})).confidence == 0.0


def test_confidence_is_rounded():
    r = rule([sig("a", 0.123456)])
    assert score_unit(r, [hit("a")]).confidence == 0.1235


def metric(sid, name, weight=0.5, anchor=True, **bounds):
    return sig(sid, weight, anchor, kind="metric", value={"name": name, **bounds})


def test_metric_signals():
    r = rule([metric("short", "pages", 0.6, at_most=40), metric("few", "articles", 0.3, False, at_least=5),
              sig("a", 0.5)], scope="document")
    assert metric_confidence(r, {"pages": 40, "articles": 5}) == (pytest.approx(0.72), ("short", "few"))
    assert metric_confidence(r, {"pages": 41, "articles": 5}) == (0.0, ())  # no anchor fired
    assert metric_confidence(r, {"pages": 10, "articles": 4}) == (0.6, ("short",))
    assert metric_confidence(r, {}) == (0.0, ())


def test_metric_exclusions_and_document_score():
    r = rule([metric("short", "pages", 0.6, at_most=40), sig("a", 0.5)],
             [metric("long", "words", 0.5, at_least=1000), metric("odd", "articles", 0.5, at_most=2)],
             scope="document")
    assert metric_factor(r, {"words": 999}) == 1.0
    assert metric_factor(r, {"words": 1000}) == 0.5
    assert metric_factor(r, {"words": 1000, "articles": 2}) == 0.25
    whole = document_score(r, {"pages": 30, "words": 1000}, 0.5)
    assert whole.factor == 0.5
    assert whole.confidence == pytest.approx(round(noisy_or([0.6, 0.5]) * 0.5, 4))
    assert whole.signals == ("short",)
    none = document_score(r, {"pages": 50, "words": 1000}, 0.5)
    assert (none.factor, none.confidence, none.signals) == (0.5, 0.0, ())
    # text evidence alone is scaled by the caller, once
    r_text = rule([sig("a", 0.5)], [metric("long", "words", 0.5, at_least=1000)], scope="document")
    assert signal_strengths(r_text, [hit("a"), hit("long", -1, exclusion=True)]).unit_factor == 1.0


def test_scaled():
    assert scaled(0.5, 1.0) == 0.5
    assert scaled(0.33333, 0.5) == 0.1667
    assert scaled(0.123456, 1.0) == 0.123456


def test_unit_scores_roll_up():
    sub1 = rule([sig("a", 0.6)], rid="s1")
    sub2 = rule([sig("b", 0.8)], rid="s2")
    top = rule([sig("c", 0.5)], rid="top", rolls_up=("s1", "s2"))
    match = UnitMatch("u", ((0, 5),), (hit("a", rid="s1"), hit("b", rid="s2"), hit("c", rid="top")))
    compiled = {"s1": sub1, "s2": sub2, "top": top}
    out = unit_scores([top, sub1], compiled, {}, match)
    assert set(out) == {"top", "s1"}
    result, hits = out["top"]
    assert result.confidence == 0.8 and result.signals == ("s2:b",)
    assert [h.signal for h in hits] == ["s2:b"]
    assert out["s1"][0].confidence == 0.6
    only_own = unit_scores([top], compiled, {}, UnitMatch("u", ((0, 5),), (hit("c", rid="top"),)))
    assert only_own["top"][0].signals == ("c",)
    weaker = unit_scores([rule([sig("c", 0.9)], rid="top", rolls_up=("s1",))], {**compiled, "top": rule([sig("c", 0.9)], rid="top")},
                         {}, match)
    assert weaker["top"][0].signals == ("c",)
    assert unit_scores([sub1], compiled, {}, UnitMatch("u", (), ())) == {}


# -- found by mutation testing (mutmut, issue 11): each test states a property of the scoring ---------

def test_strengths_do_not_depend_on_the_order_of_hits():
    """Hits come in kind order, not text order: an exclusion, a document-level one or a repeated
    one listed first must not stop the others from counting."""
    r = rule([sig("a", 0.8), sig("b", 0.6), sig("s", 0.4, anchor=False)],
             [sig("x", 0.5), sig("y", 0.5), sig("u", 0.5, scope="unit"), sig("w", 0.5, scope="words"),
              metric("long", "words", 0.5, at_least=1)])
    # character offsets are the unit's: sentence 0 is 0-9, sentence 1 10-29, sentence 2 30-40
    hits = [hit("long", -1, exclusion=True), hit("w", 1, 10, 19, exclusion=True), hit("x", 0, 0, 9, exclusion=True),
            hit("x", 0, 4, 5, exclusion=True), hit("y", 1, 10, 29, exclusion=True), hit("u", 2, 30, 40, exclusion=True),
            hit("a", 0, 0, 5), hit("a", 1, 12, 15), hit("b", 1, 20, 25), hit("b", 1, 12, 15), hit("s", 2, 32, 35)]
    forward, backward = signal_strengths(r, hits), signal_strengths(r, hits[::-1])
    expected_values = {"a": (0.5, 0), "b": (0.5, 1), "s": (1.0, 2)}
    assert forward.values == backward.values == expected_values
    assert forward.by_sentence == backward.by_sentence == {0: {"a": 0.5}, 1: {"a": 0.25, "b": 0.5}, 2: {"s": 1.0}}
    assert forward.unit_factor == backward.unit_factor == 0.5


def test_distinct_exclusions_multiply():
    r = rule([sig("a", 0.8)], [sig("x", 0.5), sig("y", 0.5), sig("u", 0.5, scope="unit"),
                               sig("v", 0.5, scope="unit")])
    assert signal_strengths(r, [hit("a", 0), hit("x", 0, exclusion=True), hit("y", 0, exclusion=True)]
                            ).values["a"] == (0.25, 0)
    assert signal_strengths(r, [hit("a", 0), hit("u", 0, exclusion=True), hit("v", 1, exclusion=True)]
                            ).unit_factor == 0.25


def test_word_exclusions_and_modifiers_compound():
    words = rule([sig("a", 0.8)], [sig("w", 0.5, scope="words"), sig("v", 0.5, scope="words"), sig("x", 0.5)])
    st = signal_strengths(words, [hit("a", 0, 10, 20), hit("w", 0, 5, 25, exclusion=True),
                                  hit("v", 0, 0, 30, exclusion=True), hit("x", 0, exclusion=True)])
    assert st.values["a"] == (0.125, 0)
    mods = rule([sig("a", 0.8)], [sig("x", 0.5)])
    st = signal_strengths(mods, [hit("a", 0, modifiers=("negated", "contemplated")), hit("x", 0, exclusion=True)],
                          {"negated": 0.25, "contemplated": 0.5})
    assert st.values["a"] == (0.0625, 0)


def test_a_signal_that_did_not_fire_is_not_named():
    r = rule([sig("a", 0.6), sig("b", 0.5)])
    result = combine(r, Strengths({"a": (0.0, 0), "b": (0.0, 1)}))
    assert (result.confidence, result.signals, result.sentences) == (0.0, (), ())


def test_supporting_signals_ranked_strongest_first():
    # ids, sentences and the order of hits all disagree with the order of strength
    r = rule([sig("a", 0.6), sig("s1", 0.2, anchor=False), sig("s2", 0.5, anchor=False),
              sig("s3", 0.3, anchor=False)])
    result = score_unit(r, [hit("a", 1), hit("s1", 2), hit("s3", 3), hit("s2", 0)])
    assert result.signals == ("a", "s2", "s3", "s1")


def test_first_sentence_can_be_quoted_with_its_neighbour():
    r = rule([sig("a", 0.6), sig("b", 0.5)])
    assert score_unit(r, [hit("a", 1), hit("b", 0)]).sentences == (0, 1)
    assert score_unit(r, [hit("a", 0), hit("b", 1)]).sentences == (0, 1)


def test_quote_sentence_prefers_own_anchors_over_support():
    r = rule([sig("a", 0.6), sig("b", 0.85), sig("s", 0.9, anchor=False)])
    # sentence 1: a weaker anchor with strong support; sentence 2: the stronger anchor alone
    result = score_unit(r, [hit("a", 1), hit("s", 1), hit("b", 2)])
    assert result.sentences == (1, 2)  # 2 is quoted; 1 joins it for s (0.9 >= 0.75 * 0.85)
    assert result.quote_strength == pytest.approx(0.85)


def test_quote_sentence_skips_sentences_without_anchors():
    r = rule([sig("a", 0.6), sig("b", 0.6), sig("s", 0.4, anchor=False)])
    # sentence 1 holds only support; the best sentence (4) is not the first anchor's (3)
    result = score_unit(r, [hit("a", 3), hit("b", 4), hit("s", 4), hit("s", 1)])
    assert result.sentences == (4,)
    assert result.quote_strength == pytest.approx(noisy_or([0.6, 0.4]))
    # the first anchor's sentence wins only a tie, not against a better sentence before it
    earlier = score_unit(r, [hit("a", 3), hit("b", 1), hit("s", 1)])
    assert earlier.sentences == (1,)
    assert earlier.quote_strength == pytest.approx(noisy_or([0.6, 0.4]))


def test_quote_strength_is_the_quoted_sentences_weighted_evidence():
    r = rule([sig("a", 0.6)], [sig("x", 0.5)])
    result = score_unit(r, [hit("a", 0), hit("x", 0, exclusion=True)])
    assert result.quote_strength == result.confidence == pytest.approx(0.3)
    st = Strengths({"a": (0.5, 0)}, 1.0, {0: {"a": 0.5}})
    assert combine(r, st, {"a": 0.9}).quote_strength == pytest.approx(0.45)  # fitted weights, as confidence


def test_no_quote_strength_without_a_sentence():
    r = rule([sig("h", 0.7, kind="heading")])
    result = score_unit(r, [hit("h", -1)])
    assert result.confidence == pytest.approx(0.7)
    assert result.quote_strength == 0.0


def test_every_reported_confidence_has_four_decimals():
    r = rule([sig("a", 0.123456)], [sig("x", 0.877, scope="unit")])
    # the quoted sentence's evidence (0.123, compared at 3 decimals) times what the unit's exclusion leaves
    assert score_unit(r, [hit("a"), hit("x", exclusion=True)]).quote_strength == 0.0151
    d = rule([metric("short", "pages", 0.123456, at_most=40)], [metric("long", "words", 0.5, at_least=10)],
             scope="document")
    assert metric_confidence(d, {"pages": 1}) == (0.1235, ("short",))
    assert document_score(d, {"pages": 1, "words": 10}, 0.0).confidence == 0.0617


def test_unit_scores_apply_modifier_effects_and_drop_empty_rules():
    r = rule([sig("a", 0.8), sig("s", 0.5, anchor=False)])
    only_support = rule([sig("a", 0.8), sig("s", 0.5, anchor=False)], rid="q")
    match = UnitMatch("u", ((0, 5),), (hit("a", modifiers=("negated",)), hit("s", rid="q")))
    out = unit_scores([r, only_support], {"r": r, "q": only_support}, {"negated": 0.5}, match)
    assert set(out) == {"r"}  # q has only a supporting signal: nothing to report
    assert out["r"][0].confidence == pytest.approx(0.4)


def test_roll_up_keeps_the_quote_and_prefers_own_evidence_on_a_tie():
    sub = rule([sig("b", 0.6), sig("c", 0.6)], rid="s1")
    top = rule([sig("a", 0.6)], rid="top", rolls_up=("s1",))
    compiled = {"s1": sub, "top": top}
    tie = unit_scores([top], compiled, {}, UnitMatch("u", ((0, 5),), (hit("a", 0, rid="top"), hit("b", 3, rid="s1"))))
    assert tie["top"][0].signals == ("a",)
    rolled = unit_scores([top], compiled, {}, UnitMatch("u", (), (hit("b", 3, rid="s1"), hit("c", 4, rid="s1"))))
    result = rolled["top"][0]
    assert result.signals == ("s1:b", "s1:c")
    assert result.sentences == (3, 4)
    assert result.quote_strength == pytest.approx(0.6)
