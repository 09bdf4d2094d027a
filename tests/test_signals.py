"""The signal kinds directly: each compiles a signal, runs on a unit, explains itself; the
regex dialect on RE2 (translation, hit/not groups, offsets in non-ASCII text)."""

from __future__ import annotations

import re

import pytest

from contractlens.match import CompiledPack, UnitText
from contractlens.match.signals import KINDS, Signal, explain, level, regex_gate
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


# -- found by mutation testing (mutmut, issue 11) ---------------------------------------------------

def view_of(engine, text, context=""):
    from contractlens.match.signals import UnitView
    doc = next(engine.nlp.pipe([engine._to_doc(engine.nlp, text)]))
    return UnitView(UnitText("u", text, context), doc, engine.nlp.vocab.strings)


def test_unit_view_sentences_and_tokens(engine_for):
    e = engine_for(rule([sig("p", "phrases", ("staff",))]))
    text = "The staff voted. Then the board agreed."
    view = view_of(e, text)
    assert view.sentences == [(0, 16), (17, 39)]
    assert view.tok_sent == [0, 0, 0, 0, 1, 1, 1, 1, 1]
    assert [view.sentence_at(c) for c in (0, 15, 16, 17, 38)] == [0, 0, 0, 1, 1]
    empty = view_of(e, "")
    assert (empty.sentences, empty.tok_sent) == ([(0, 0)], [])


def test_unit_view_hits_carry_tokens_for_evidence_only(engine_for):
    e = engine_for(rule([sig("p", "phrases", ("staff",))]))
    view = view_of(e, "The staff voted. Then the board agreed.")
    evidence, exclusion = Signal("r", sig("p", "phrases", ()), False), Signal("r", sig("x", "phrases", ()), True)
    # a character hit inside a word covers the whole token: "af" of "staff"
    hit, tokens = view.char_hit(evidence, 6, 8)
    assert (hit.sentence, hit.start, hit.end, tokens) == (0, 6, 8, (0, (1, 2)))
    hit, tokens = view.char_hit(evidence, 22, 31)  # "the board", second sentence
    assert (hit.sentence, tokens) == (1, (1, (5, 7)))
    assert view.char_hit(exclusion, 22, 31)[1] is None
    hit, tokens = view.token_hit(evidence, 5, 7)
    assert (hit.sentence, hit.start, hit.end, tokens) == (1, 22, 31, (1, (5, 7)))
    assert view.token_hit(exclusion, 5, 7)[1] is None


def test_near_multiword_terms_and_default_one_sentence(engine_for):
    near = {"terms": (("joint committee",), ("meet",)), "window": 3}
    e = engine_for(rule([sig("n", "near", near)]))
    assert found(e, "The joint committee meets.") == [("r", "n", False, 0, "joint committee meets")]
    assert found(e, "The joint body and committee meets.") == []  # the term's words in sequence
    assert found(e, "The committee, joint, meets.") == []
    assert found(e, "A joint committee. It meets.") == []  # across_sentences is off unless asked
    assert "in one sentence" not in explain(sig("n", "near", {**near, "across_sentences": True}))


def test_near_deferred_and_several_signals(engine_for):
    r = rule([sig("a", "phrases", ("waive",)),
              sig("n1", "near", {"terms": (("board",), ("absent",)), "window": 3}),
              sig("n2", "near", {"terms": (("staff",), ("vote",)), "window": 3}),
              sig("s", "near", {"terms": (("staff",), ("vote",)), "window": 3}, anchor=False)])
    other = rule([sig("o", "phrases", ("union",))], rid="o")
    e = engine_for(r, other)
    # n1 finds nothing, n2 still runs; s (supporting) only where an anchor of its rule fired
    assert [h[1] for h in found(e, "The staff vote to waive it.")] == ["a", "n2", "s"]
    assert [h[1] for h in found(e, "The union staff vote.")] == ["o", "n2", "s"]
    assert [h[1] for h in found(e, "The union staff voted nothing.")] == ["o", "n2", "s"]
    assert [h[1] for h in found(engine_for(rule([r.signals[3]]), other), "The union staff vote.")] == ["o"]


def test_windows_boundaries():
    assert windows([[(0, 1)], [(1, 2)]], 5, None) == [(0, 2)]  # adjacent words are words of their own
    assert windows([[(0, 1)], [(0, 1), (2, 3)]], 5, None) == [(0, 3)]  # an overlapping candidate is skipped, not the rest
    assert windows([[(0, 1)], [(5, 6), (2, 3)]], 5, [0, 0, 0, 0, 0, 1, 1]) == [(0, 3)]  # another sentence: skipped
    assert windows([[(5, 6)], [(12, 13)]], 3, None) == []  # the window counts from the words, wherever they are
    assert windows([[(5, 6)], [(9, 10)]], 3, None) == [(5, 10)]
    assert windows([[(5, 6)], [(2, 3)]], 5, None) == [(2, 6)]  # the span starts at the earliest word
    assert windows([[(2, 3)], [(0, 1), (4, 5)]], 5, None) == [(0, 3)]  # equally near: the first candidate
    assert windows([[(0, 1)], [(2, 3)], [(2, 3)]], 5, None) == []  # the third group cannot reuse the second's word
    assert windows([[(0, 1)], [(2, 3)], [(4, 5)]], 5, None) == [(0, 5)]


def test_heading_hits_cover_no_text_and_are_never_deferred(engine_for):
    e = engine_for(rule([sig("h", "heading", ("peer review",))]))
    view = view_of(e, "Text.", "Peer Review")
    kind = e.heading_signals[0]
    [(hit, tokens)] = kind.run(view)
    assert (hit.sentence, hit.start, hit.end, tokens) == (-1, 0, 0, None)
    assert kind.run(view, frozenset({"r"})) == []
    assert explain(sig("h", "heading", ("peer review", "mentor"))) == \
        "a heading of the unit or of a unit it is part of that says: peer review; mentor"


def test_metric_explains_both_bounds():
    assert explain(sig("m", "metric", {"name": "pages", "at_least": 2, "at_most": 5.5})) == \
        "the agreement's pages: at least 2 and at most 5.5"


def test_a_gated_out_regex_does_not_stop_the_next(engine_for):
    e = engine_for(rule([sig("g", "regex", r"\bprovision\b"), sig("w", "regex", r"\bwaiv\w*")]))
    assert [h[1] for h in found(e, "They may waive it.")] == ["w"]
    assert [h[1] for h in found(e, "They may waive the provision.")] == ["g", "w"]


def test_regex_gate_one_letter_classes_and_branches():
    assert regex_gate(r"[Tt]he\s+board") == (frozenset({"board"}), frozenset({"the"}))
    assert regex_gate(r"[Tt][Hh]e\s+xy") == (frozenset({"the"}),)
    assert regex_gate(r"[ab]oard") == (frozenset({"oard"}),)  # two letters: not one word
    assert regex_gate(r"[a\d]oard") == (frozenset({"oard"}),)
    assert regex_gate(r"\bjoint\b|\bcommittees?\b") == (frozenset({"joint", "committee"}),)
    assert regex_gate(r"staff\s+vote|board\s+of\s+review") == (frozenset({"staff", "review"}),)
    assert regex_gate(r"ab|committee") == ()  # a branch without a word of 3 letters: no gate
    assert regex_gate(r"abc\s+x") == (frozenset({"abc"}),)
    assert regex_gate(r"(?:ab|cd)\s+board") == (frozenset({"board"}),)
    assert regex_gate(r"BOARD") == (frozenset({"board"}),)  # compared in lower case


def test_regex_gate_prefers_fewer_alternatives():
    assert regex_gate(r"(?:abcd|efgh)\s+ijkl") == (frozenset({"ijkl"}), frozenset({"abcd", "efgh"}))


# -- near: party acronyms, the lemma index, spans, the prefilter requirement (issue 11) ---------------

@pytest.fixture(scope="module")
def sea_engine_for():
    """Packs whose context reads any capitalised "...EA" as the union ("the Association (SEA)")."""
    from dataclasses import replace

    from contractlens.nlp import build_nlp
    from contractlens.rules import packs_root
    from contractlens.rules.context import load_context
    nlp = build_nlp()
    context = replace(load_context(packs_root() / "context"), acronyms=(("union", r"[A-Z]*EA"),))
    return lambda *rules: CompiledPack(rules, nlp=nlp, context=context)


def near_view(engine, text):
    from contractlens.match.signals import UnitView
    doc = next(engine.nlp.pipe([engine._to_doc(engine.nlp, text)]))
    return UnitView(UnitText("u", text), doc, engine.nlp.vocab.strings, engine.acronyms)


UNION_AGREES = {"terms": (("union",), ("agree",)), "window": 2}


def test_near_reads_a_party_acronym_as_the_word_it_stands_for(sea_engine_for):
    e = sea_engine_for(rule([sig("n", "near", UNION_AGREES)]))
    assert found(e, "The SEA agrees.") == [("r", "n", False, 0, "SEA agrees")]
    assert found(e, "The SEA agrees.") == [("r", "n", False, 0, "SEA agrees")]  # remembered, still read
    assert found(e, "The union agrees.") == [("r", "n", False, 0, "union agrees")]
    assert found(e, "The Sea agrees.") == []  # not in capitals: not an acronym
    assert found(e, "The EA agrees.") == [("r", "n", False, 0, "EA agrees")]  # two to six capitals
    assert found(e, "The ABCDEA agrees.") == [("r", "n", False, 0, "ABCDEA agrees")]
    assert found(e, "The ABCDEEA agrees.") == []  # seven: not read as a party


def test_near_index_positions_memo_and_empty_unit(sea_engine_for):
    e = sea_engine_for(rule([sig("n", "near", UNION_AGREES)]))
    kind = e.kinds["near"]
    strings = e.nlp.vocab.strings
    view = near_view(e, "The SEA and the union and the SEA agree.")
    lemmas, index = kind._index(view)
    assert len(lemmas) == 10
    # the acronym's positions join the word's own, in token order
    assert index == {strings["union"]: [1, 4, 7], strings["agree"]: [8]}
    assert kind._index(view) is kind._index(view)  # once per unit
    empty = near_view(e, "")
    assert kind._index(empty) == ([], {}) and kind._index(empty) is kind._index(empty)
    assert kind.run(empty) == [] and kind.run(empty, frozenset({"r"})) == []


def test_near_group_terms_and_their_spans(engine_for):
    e = engine_for(rule([sig("n", "near", {"terms": (("agreement", "union"), ("meet",)), "window": 2})]))
    assert found(e, "The union meets.") == [("r", "n", False, 0, "union meets")]  # a later first lemma of the group
    e = engine_for(rule([sig("n", "near", {"terms": (("staff", "staff council"), ("meet",)), "window": 1})]))
    # the window counts the tokens between the terms: the longer term is one token nearer
    assert found(e, "The staff council then meets.") == [("r", "n", False, 0, "staff council then meets")]
    # the matcher itself, not only the prefilter (off here), wants every word of a term
    e = engine_for(rule([sig("n", "near", {"terms": (("board of review",), ("meet",)), "window": 3})]))
    e = CompiledPack(e.rules.values(), nlp=e.nlp, prefilter=False)
    assert found(e, "The board of education meets.") == []
    assert found(e, "The board of review meets.") == [("r", "n", False, 0, "board of review meets")]
    e = engine_for(rule([sig("n", "near", {"terms": (("meet",), ("joint committee",)), "window": 3})]))
    e = CompiledPack(e.rules.values(), nlp=e.nlp, prefilter=False)
    assert found(e, "They meet at the joint committee") == [("r", "n", False, 0, "meet at the joint committee")]
    assert found(e, "They meet as joint") == []  # a term's first word ending the unit


def test_windows_left_edge_far_candidates_and_touching_words():
    assert windows([[(5, 6)], [(1, 2)]], 3, None) == [(1, 6)]  # three tokens between, on the left too
    assert windows([[(5, 6)], [(0, 1)]], 3, None) == []
    assert windows([[(0, 1)], [(9, 10), (2, 3)]], 3, None) == [(0, 3)]  # a far candidate does not end the search
    assert windows([[(2, 3)], [(1, 2)]], 5, None) == [(1, 3)]  # the word just before is a word of its own
    # the third group's word must fit the span the first two make: all words within the window
    assert windows([[(5, 6)], [(2, 3)], [(9, 10)]], 3, None) == []
    assert windows([[(5, 6)], [(2, 3)], [(6, 7)]], 3, None) == [(2, 7)]


def test_near_word_just_before(engine_for):
    e = engine_for(rule([sig("n", "near", {"terms": (("vote",), ("staff",)), "window": 2})]))
    assert found(e, "The staff vote.") == [("r", "n", False, 0, "staff vote")]


def test_near_explains_across_sentences():
    assert explain(sig("n", "near", {"terms": (("joint committee",), ("meet",)), "window": 3,
                                     "across_sentences": True})) == \
        "a term of each group within 3 tokens: (joint committee) / (meet)"


def near_requires(engine, terms):
    kind = engine.kinds["near"]
    return kind.requires(Signal("r", sig("n", "near", {"terms": terms, "window": 3}), False))


def test_near_requirement(sea_engine_for):
    e = sea_engine_for(rule([sig("p", "phrases", ("staff",))]))
    f = e.prefilter.forms
    one = near_requires(e, (("staff",), ("vote",)))
    assert one.any_of == ((f("staff"), f("vote")),)
    several = near_requires(e, (("staff", "teacher"), ("vote",)))
    assert several.any_of == ((f("staff"), f("vote")), (f("teacher"), f("vote")))
    multi = near_requires(e, (("joint committee",), ("meet",)))
    assert multi.any_of == ((f("joint"), f("committee"), f("meet")),)
    # "union" is also found at "SEA": its group requires nothing, the others still do
    assert near_requires(e, (("union",), ("agree",))).any_of == ((f("agree"),),)
    assert near_requires(e, (("union", "staff"), ("agree",))).any_of == ((f("agree"),),)
    assert near_requires(e, (("union",), ("agree", "union"))) is None
    # a longer term's words are there as words: "SEA representative" is not "union representative"
    assert near_requires(e, (("union representative",), ("agree",))).any_of == \
        ((f("union"), f("representative"), f("agree")),)


def test_near_requirement_spelled_out_up_to_eight_combinations(sea_engine_for):
    e = sea_engine_for(rule([sig("p", "phrases", ("staff",))]))
    f = e.prefilter.forms
    eight = near_requires(e, (("staff", "teacher"), ("vote", "agree"), ("board", "panel"), ("meet",)))
    assert len(eight.any_of) == 8 and (f("teacher"), f("agree"), f("board"), f("meet")) in eight.any_of
    # nine: each group needs a word of one of its terms (a longer term: its rarest word)
    nine = near_requires(e, (("staff council", "teacher", "nurse"), ("vote", "agree", "decide")))
    assert nine.any_of == ((f("council") | f("teacher") | f("nurse"), f("vote") | f("agree") | f("decide")),)


def test_a_deferred_near_runs_only_where_its_rule_fired(engine_for):
    r = rule([sig("a", "phrases", ("waive",)),
              sig("s", "near", {"terms": (("staff",), ("vote",)), "window": 3}, anchor=False)])
    other = rule([sig("o", "phrases", ("union",)),
                  sig("t", "near", {"terms": (("staff",), ("vote",)), "window": 3}, anchor=False)], rid="o")
    e = engine_for(r, other)
    assert [(h[0], h[1]) for h in found(e, "The staff vote to waive it.")] == [("r", "a"), ("r", "s")]
    assert [(h[0], h[1]) for h in found(e, "The union staff vote.")] == [("o", "o"), ("o", "t")]


def test_a_group_shared_by_signals_is_looked_for_once_a_unit(engine_for, monkeypatch):
    from contractlens.match.signals import near
    r = rule([sig("a", "near", {"terms": (("staff",), ("vote",)), "window": 3}),
              sig("b", "near", {"terms": (("staff",), ("agree",)), "window": 3}, anchor=False)])
    e = engine_for(r)
    calls = []
    real = near.Near._spans
    monkeypatch.setattr(near.Near, "_spans", lambda self, group, *a: calls.append(group) or real(self, group, *a))
    assert [h[1] for h in found(e, "The staff vote and agree.")] == ["a", "b"]
    assert len(calls) == 3  # staff, vote, agree: "staff" once for both signals


def test_terms_sharing_a_first_lemma_are_found_in_one_walk_a_unit(engine_for, monkeypatch):
    from contractlens.match.signals import near
    r = rule([sig("a", "near", {"terms": (("school board", "school site council"), ("vote",)), "window": 6}),
              sig("b", "near", {"terms": (("school site council", "school"), ("approve",)), "window": 6})])
    e = engine_for(r)
    firsts = []
    real = near.Near._found

    def counted(self, first, view, *a):
        if first not in view.memo.get("near-terms", {}):
            firsts.append(first)
        return real(self, first, view, *a)

    monkeypatch.setattr(near.Near, "_found", counted)
    hits = found(e, "The school site council will vote to approve it; the school board did not.")
    assert sorted({h[1] for h in hits}) == ["a", "b"]
    assert len(firsts) == 3  # school (both signals, every term), vote, approve


def test_the_cycle_collector_is_paused_while_matching_and_resumed_as_it_was(engine_for, monkeypatch):
    import gc

    from contractlens.match.signals import near
    e = engine_for(rule([sig("a", "near", {"terms": (("staff",), ("vote",)), "window": 3})]))
    during = []
    real = near.Near.run
    monkeypatch.setattr(near.Near, "run", lambda self, *a: during.append(gc.isenabled()) or real(self, *a))
    was = gc.isenabled()
    try:
        gc.enable()
        assert [h[1] for h in found(e, "The staff vote.")] == ["a"]
        assert gc.isenabled() and during and not any(during)
        gc.disable()
        found(e, "The staff vote.")
        assert not gc.isenabled()
        gc.enable()
        monkeypatch.setattr(near.Near, "run", lambda self, *a: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            found(e, "The staff vote.")
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def _regex_rule():
    return rule([sig("a", "regex", r"\bwaiv\w*"), sig("b", "regex", r"(?P<not>\bno\s+)?\bprovision\b"),
                 sig("c", "regex", r"\d+\s+days?"), sig("s", "regex", r"\bstaff\b", anchor=False)],
                [sig("x", "regex", r"\btime\s+limits?\b", weight=1.0)])


_REGEX_TEXTS = ["Staff may waive the provision within 10 days.", "No provision; no waiver of time limits for staff.",
                "Nothing here.", "The 5 day limit is waived by the staff.", "Schöne Grüße: waive 3 days"]


def test_one_regex_set_pass_picks_the_regexes_to_run(engine_for, monkeypatch):
    from contractlens.match.signals import regex
    e = engine_for(_regex_rule())
    with_set = [found(e, t) for t in _REGEX_TEXTS]
    ran = []
    real = regex.spans
    monkeypatch.setattr(regex, "spans", lambda program, text: ran.append(program) or real(program, text))
    assert found(e, "Nothing here but a provision.") == [("r", "b", False, 0, "provision")]
    assert len(ran) == 1  # the others have no match there: the set pass said so, they did not run
    assert [h[1] for h in found(e, _REGEX_TEXTS[0])] == ["a", "b", "c", "s"]
    # where the set is refused, or its automaton gives up on a text, the gates pick instead: same hits
    for refuse in ("compile", "match"):
        e = engine_for(_regex_rule())
        if refuse == "compile":
            monkeypatch.setattr(regex, "_regex_set", lambda programs: None)
        else:
            class GaveUp:
                def Match(self, data):
                    return None
            monkeypatch.setattr(regex, "_regex_set", lambda programs: GaveUp())
        ran.clear()
        assert [found(e, t) for t in _REGEX_TEXTS] == with_set
        assert ran  # the regexes ran all the same
