"""The signal kinds directly: each compiles a signal, runs on a unit, explains itself; the
regex dialect on RE2 (translation, hit/not groups, offsets in non-ASCII text)."""

from __future__ import annotations

import re

import pytest

from contractlens.match import CompiledPack, UnitText
from contractlens.match.signals import KINDS, explain, level, regex_gate
from contractlens.match.signals.metric import Metric
from contractlens.match.signals.near import windows
from contractlens.rules.regex import RegexError, Text, compile_regex, spans, translate
from contractlens.rules.schema import SIGNAL_KINDS, RuleSpec, SignalSpec


def sig(sid, kind, value, weight=0.6, anchor=True):
    return SignalSpec(sid, kind, weight, anchor, "sentence", value, 1)


def rule(signals, exclusions=(), rid="r"):
    return RuleSpec(rid, rid, "bargaining", "", "clause", 0.5, tuple(signals), tuple(exclusions), (), (), "")


@pytest.fixture(scope="module")
def engine_for():
    from contractlens.nlp import build_nlp
    nlp = build_nlp()
    return lambda *rules: CompiledPack(rules, nlp=nlp)


def found(engine, text, context=""):
    m = engine.match([UnitText("u", text, context)])[0]
    return [(h.rule, h.signal, h.exclusion, h.sentence, text[h.start:h.end] if h.sentence >= 0 else "") for h in m.hits]


def test_registry_matches_schema():
    assert set(KINDS) == set(SIGNAL_KINDS)
    assert [level(sig("x", k, None)) for k in KINDS] == ["text", "text", "text", "text", "heading", "document"]
    assert list(KINDS) == ["phrases", "pattern", "near", "regex", "heading", "metric"]  # the order hits come in


def test_phrases_by_lemma(engine_for):
    e = engine_for(rule([sig("vote", "phrases", ("staff vote",))]))
    assert found(e, "The staff voted. Then the staff votes again.") == [
        ("r", "vote", False, 0, "staff voted"), ("r", "vote", False, 1, "staff votes")]
    assert found(e, "Nobody voted.") == []


def test_pattern(engine_for):
    e = engine_for(rule([sig("w", "pattern", ({"LEMMA": "waive"}, {"OP": "?"}, {"LOWER": "provision"}))]))
    assert found(e, "They may waive any provision here.") == [("r", "w", False, 0, "waive any provision")]


def test_near_window_and_sentences(engine_for):
    near = {"terms": (("joint",), ("committee",)), "window": 3, "across_sentences": False}
    e = engine_for(rule([sig("n", "near", near)]))
    assert found(e, "A joint standing committee meets.") == [("r", "n", False, 0, "joint standing committee")]
    assert found(e, "A joint body. The committee meets.") == []
    assert found(e, "A joint body of some five or six people and a committee.") == []
    across = engine_for(rule([sig("n", "near", {**near, "across_sentences": True})]))
    assert found(across, "It is joint. A committee.") != []


def test_windows_need_words_of_their_own():
    assert windows([[(0, 1)], [(0, 1)]], 5, None) == []
    assert windows([[(0, 1)], [(3, 4), (2, 3)]], 5, None) == [(0, 3)]
    assert windows([[(0, 1)], [(2, 3)]], 5, [0, 0, 1]) == []
    assert windows([[(0, 1)], [(7, 8)]], 5, None) == []
    assert windows([[(0, 1)], [(6, 7)]], 5, None) == [(0, 7)]


def test_regex_and_deferred_signals(engine_for):
    r = rule([sig("a", "regex", r"\bwaiv\w*"), sig("s", "regex", r"\bstaff\b", anchor=False)],
             [sig("x", "regex", r"\btime\s+limits?\b", weight=1.0)])
    e = engine_for(r)
    assert found(e, "The staff may waive time limits.") == [
        ("r", "a", False, 0, "waive"), ("r", "s", False, 0, "staff"), ("r", "x", True, 0, "time limits")]
    assert found(e, "The staff set time limits.") == []  # supporting signals and exclusions wait for an anchor


def test_heading(engine_for):
    e = engine_for(rule([sig("h", "heading", ("peer review",))]))
    assert found(e, "Text of the article.", "ARTICLE 5 / Peer Reviews") == [("r", "h", False, -1, "")]
    assert found(e, "Text of the article.", "Peer assistance") == []
    assert found(e, "Text of the article.") == []


def test_metric_is_not_matched(engine_for):
    e = engine_for(rule([sig("p", "phrases", ("staff",)), sig("m", "metric", {"name": "pages", "at_most": 5})]))
    assert [h[1] for h in found(e, "The staff meets.")] == ["p"]
    spec = sig("m", "metric", {"name": "pages", "at_most": 5, "at_least": 2})
    assert [Metric.fires(spec, {"pages": n}) for n in (1, 2, 5, 6)] == [False, True, True, False]
    assert not Metric.fires(spec, {})


def test_explain():
    assert explain(sig("p", "phrases", ("a b", "c"))) == "any of the phrases, in any inflection: a b; c"
    assert "within 4 tokens, in one sentence: (a; b) / (c)" in explain(
        sig("n", "near", {"terms": (("a", "b"), ("c",)), "window": 4}))
    assert explain(sig("r", "regex", "x+")) == "text matching the regular expression x+"
    assert explain(sig("h", "heading", ("peer review",))).endswith(": peer review")
    assert explain(sig("m", "metric", {"name": "words_per_article", "at_most": 900})) == \
        "the agreement's words per article: at most 900"
    assert "LEMMA" in explain(sig("t", "pattern", ({"LEMMA": "waive"},)))


def find(pattern, text):
    return [text[a:b] for a, b in spans(compile_regex(pattern), Text(text))]


def test_regex_unicode_classes_and_offsets():
    text = "“Café” staff—naïve rôle\u00a0vote"
    assert find(r"\w+", text) == ["Café", "staff", "naïve", "rôle", "vote"]
    assert find(r"rôle\svote", text) == ["rôle\u00a0vote"]
    assert find(r"[\w-]+", "co-op élan") == ["co-op", "élan"]
    assert find(r"\d+", "Section ٣ and 12") == ["٣", "12"]
    assert find(r"STAFF", text) == ["staff"]  # case-blind by default
    assert find(r"(?-i:STAFF)", text) == []


def test_regex_translation():
    assert translate("(?x) a b  # note\n c") == "abc"
    assert translate(r"(?xi) a\ b") == "(?i)a[ ]b"
    assert translate("(?x)[a b]") == "[a b]"
    assert translate(r"a{,3}") == "a{0,3}"
    assert translate(r"a\Z") == r"a\z"
    assert translate(r"[^]x]") == "[^]x]"
    assert translate(r"\.\(") == r"\.\("
    assert find(r"(?x) cafe \s+ au", "CAFE  au lait") == ["CAFE  au"]


def test_hit_and_not_groups():
    assert find(r"(?P<hit>\bschools?\b)[^.]{0,20}\bfail", "Schools that fail. A school fails.") == ["Schools", "school"]
    # context after a hit is not used up: the second school is found inside the first's context
    assert find(r"(?P<hit>\bschool\b)[^.]{0,30}\bfail", "school and school fail") == ["school", "school"]
    pattern = r"\b(?:(?P<not>bargaining\s+units?)|bargaining)\b"
    assert find(pattern, "bargaining units and bargaining, bargaining unit") == ["bargaining"]
    assert find(r"\bboard\b(?P<not>\s+of\s+review)?", "the board of review; the board") == ["board"]


def test_refused_patterns():
    for bad in (r"a(?=b)", r"(?<!x)a", r"(?!a)b", r"(?<=a)b"):
        with pytest.raises(RegexError, match="lookaround"):
            compile_regex(bad)
    for bad in (r"(a)\1", "(a", "a**"):
        with pytest.raises(RegexError, match="not a valid regular expression"):
            compile_regex(bad)


def test_linear_time_on_catastrophic_patterns():
    import time
    start = time.perf_counter()
    assert find(r"(a+)+$", "a" * 5000 + "!") == []
    assert find(r"(\w+\s?)*$", "word " * 2000 + ".") == [""]
    assert find(r"a*", "baa") == ["", "aa", ""]  # empty matches as Python's re finds them
    assert time.perf_counter() - start < 2


def test_regex_gate_reads_required_words():
    assert regex_gate(r"(?:waive|suspend)\w*\s+the\s+provision") == (frozenset({"provision"}),
                                                                      frozenset({"waive", "suspend"}))
    assert regex_gate(r"\w+") == ()
    assert regex_gate(r"(?P<hit>\bschool)\s+fails") == (frozenset({"school"}), frozenset({"fails"}))
    assert regex_gate("[") == ()
    assert all(isinstance(re.compile(p), re.Pattern) for p in (r"\bx",))
