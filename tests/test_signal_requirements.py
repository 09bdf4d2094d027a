"""What each pattern signal cannot match without (``Pattern.requires``), the helpers the kinds
share (base.py: ``lemma_words``, ``selectivity``, ``Signal`` keys, ``UnitView``), and that a
requirement never excludes a text its pattern matches (generated patterns over the sample
contracts). Written
against mutmut survivors (issue 11)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from contractlens.match import CompiledPack, UnitText
from contractlens.match.signals import Signal, UnitView
from contractlens.match.signals.base import Kind, lemma_words, selectivity
from contractlens.rules.schema import SignalSpec


def spec(value, sid="p", kind="pattern"):
    return SignalSpec(sid, kind, 0.6, True, "sentence", value, 1)


@pytest.fixture(scope="module")
def engine():
    from contractlens.nlp import build_nlp
    return CompiledPack([], nlp=build_nlp())


def req(engine, *tokens):
    return engine.kinds["pattern"].requires(Signal("r", spec(tuple(tokens)), False))


def sets(r):
    """A one-alternative requirement as its list of sets (order: the pattern's tokens)."""
    assert r is not None and len(r.any_of) == 1
    return list(r.any_of[0])


# -- Pattern.requires ------------------------------------------------------------------------

def test_lower_orth_text_words_are_required_lower_cased(engine):
    assert sets(req(engine, {"LOWER": "notice"})) == [{"notice"}]
    assert sets(req(engine, {"ORTH": "Board"})) == [{"board"}]
    assert sets(req(engine, {"TEXT": "SEA"})) == [{"sea"}]
    # attribute names in lower case mean the same to spaCy
    assert sets(req(engine, {"lower": "notice"}, {"orth": "Union"}, {"text": "X"})) == [{"notice"}, {"union"}, {"x"}]
    assert req(engine, {"LOWER": "notice"}).tokens  # read from token texts


def test_lemma_requires_its_forms(engine):
    forms = engine.prefilter.forms("waive")
    assert {"waive", "waived"} <= forms
    assert sets(req(engine, {"LEMMA": "waive"})) == [forms]
    both = sets(req(engine, {"LEMMA": {"IN": ["waive", "grant"]}}))
    assert both == [forms | engine.prefilter.forms("grant")] and "granted" in both[0]
    assert sets(req(engine, {"lemma": "waive"})) == [forms]


def test_in_lists_are_alternatives_of_one_token(engine):
    assert sets(req(engine, {"LOWER": {"IN": ["any", "all"]}}, {"LOWER": "provision"})) == [{"any", "all"}, {"provision"}]
    assert sets(req(engine, {"ORTH": {"IN": ["Any", "ALL"]}})) == [{"any", "all"}]


def test_every_required_token_counts_and_optional_ones_do_not(engine):
    toks = [{"LOWER": "may"}, {"LOWER": "not", "OP": "?"}, {"LOWER": "be", "OP": "*"}, {"LOWER": "waived", "OP": "+"},
            {"LOWER": "in", "OP": "!"}, {"LOWER": "x", "OP": "{0,2}"}, {"LOWER": "y", "OP": "{2}"},
            {"LOWER": "z", "OP": "{1,}"}, {"LOWER": "w", "OP": "{1,3}"}, {"LOWER": "v", "OP": "1"},
            {"LOWER": "u", "OP": "{0}"}, {"LOWER": "t", "OP": "{,3}"}]
    assert sets(req(engine, *toks)) == [{"may"}, {"waived"}, {"y"}, {"z"}, {"w"}, {"v"}]
    r = req(engine, *toks)
    assert r.met_by({"may", "waived", "y", "z", "w", "v"})
    assert not r.met_by({"may", "waived", "y", "z", "w"})


def test_no_literal_token_gives_none(engine):
    assert req(engine, {"LOWER": "not", "OP": "?"}, {"IS_DIGIT": True}) is None
    assert req(engine, {"LOWER": {"REGEX": "^waiv"}}) is None
    assert req(engine, {"LOWER": {"FUZZY": "waiver"}}) is None
    assert req(engine, {"LOWER": {"NOT_IN": ["a"]}}) is None
    assert req(engine, {"LOWER": {"IN": ["a", 3]}}) is None  # not all words
    assert req(engine, {"POS": "NOUN"}, {"LENGTH": 4}) is None
    assert req(engine, {"LOWER": "no", "OP": "!"}) is None
    # a word with a space in it is never one token's text: nothing is read from it
    assert req(engine, {"LOWER": "in lieu"}) is None
    assert sets(req(engine, {"LOWER": "in lieu"}, {"LOWER": "of"})) == [{"of"}]
    assert sets(req(engine, {"LOWER": {"IN": ["a\tb", "c"]}}, {"LOWER": "d"})) == [{"d"}]
    # a value that is no word, or an attribute given by its id, is passed over, not the token
    assert sets(req(engine, {"LOWER": {"REGEX": "^x"}, "LEMMA": "waive"})) == [engine.prefilter.forms("waive")]
    from spacy.attrs import LOWER
    assert sets(req(engine, {LOWER: "notice"}, {"LOWER": "x"})) == [{"x"}]
    # other attributes beside a word do not stop it being read
    assert sets(req(engine, {"POS": "VERB", "LEMMA": "waive", "IS_DIGIT": False})) == [engine.prefilter.forms("waive")]


def test_requirement_is_what_the_matcher_needs(engine_pack):
    e = engine_pack({"LEMMA": "waive"}, {"LOWER": "any", "OP": "?"}, {"ORTH": "Provision"})
    r = e.prefilter.requirements["r|s|p"]
    assert r.met_by(e.prefilter.scan("They waived Provision 4.").words)
    assert not r.met_by(e.prefilter.scan("They waived any rule.").words)
    assert [h.signal for h in e.match([UnitText("u", "They waived Provision 4.")])[0].hits] == ["p"]


@pytest.fixture(scope="module")
def engine_pack(engine):
    from contractlens.rules.schema import RuleSpec

    def build(*tokens):
        rule = RuleSpec("r", "r", "bargaining", "", "clause", 0.5, (spec(tuple(tokens)),), (), (), (), "")
        return CompiledPack([rule], nlp=engine.nlp)
    return build


# -- Pattern compile / matcher ----------------------------------------------------------------

def test_compile_keeps_the_signal_and_validates_its_pattern(engine_pack, engine):
    e = engine_pack({"LOWER": "notice"})
    kind = e.kinds["pattern"]
    assert [s.key for s in kind.signals] == ["r|s|p"]
    assert kind.by_id[e.nlp.vocab.strings["r|s|p"]].key == "r|s|p"
    bad = CompiledPack([], nlp=engine.nlp).kinds["pattern"]
    from spacy.errors import MatchPatternError
    # the Matcher validates: values of the wrong type are refused (unvalidated, spaCy takes them)
    for pattern in ({"IS_DIGIT": "yes"}, {"LOWER": 5}, {"LOWER": {"IN": "abc"}}):
        with pytest.raises(MatchPatternError):
            bad.compile(Signal("r", spec((pattern,)), False))


def test_kind_compile_collects_signals(engine):
    k = Kind(engine)
    s = Signal("r", spec(("x",), kind="phrases"), False)
    k.compile(s)
    assert k.signals == [s] and k.requires(s) is None and list(k.run(None)) == []


# -- property: a requirement never excludes a text its pattern matches ---------------------------
# The bundled packs have no pattern signals today (a check over them would check nothing), so the
# property runs over generated patterns: words of our fictional sample contracts as LOWER, ORTH,
# LEMMA and IN tokens, with every OP, matched against the samples' sentences.

SAMPLES = Path(__file__).resolve().parents[1] / "sample_contracts"
OPS = (None, None, "?", "*", "+", "!", "{1,2}", "{0,1}", "{2}", "{,2}")


def generated_patterns(words, n=150, seed=11):
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        toks = []
        for _ in range(rnd.randint(1, 3)):
            w = rnd.choice(words)
            attr = rnd.choice(("LOWER", "ORTH", "LEMMA", "TEXT"))
            value = w if attr in ("LOWER", "LEMMA") else rnd.choice((w, w.capitalize(), w.upper()))
            if rnd.random() < 0.3:
                value = {"IN": [value, rnd.choice(words)]}
            tok = {attr: value}
            op = rnd.choice(OPS)
            if op:
                tok["OP"] = op
            toks.append(tok)
        out.append(tuple(toks))
    return out


def test_pattern_requirements_are_met_wherever_the_pattern_matches(engine):
    from contractlens.rules.schema import RuleSpec
    text = " ".join((SAMPLES / n).read_text() for n in ("mou.txt", "reform.txt"))
    sentences = [s.strip() for s in re.split(r"(?<=[.;:])\s+", text) if 20 < len(s.strip()) < 400][:300]
    lemmas = engine.lemmas(" ".join(sentences[:80]))
    words = sorted({w for w in lemmas if w.isalpha()})
    # frequent words so that many patterns match somewhere
    counts = {w: sum(w in s.lower() for s in sentences) for w in words}
    words = sorted(words, key=lambda w: -counts[w])[:60]
    patterns = generated_patterns(words)
    rules = [RuleSpec(f"r{i}", "r", "bargaining", "", "clause", 0.5, (spec(p),), (), (), (), "")
             for i, p in enumerate(patterns)]
    e = CompiledPack(rules, nlp=engine.nlp, prefilter=False)
    kind = e.kinds["pattern"]
    by_key = {s.key: s for s in kind.signals}
    matches = e.match([UnitText(str(i), t) for i, t in enumerate(sentences)])
    checked = set()
    for sentence, m in zip(sentences, matches):
        lower = sentence.lower()
        for h in m.hits:
            r = kind.requires(by_key[f"{h.rule}|s|{h.signal}"])
            if r is None:
                continue
            found = {w for w in r.words if w in lower}  # what the Aho-Corasick pass finds
            assert r.met_by(found), (patterns[int(h.rule[1:])], sentence)
            checked.add(h.rule)
    assert len(checked) >= 20  # many patterns with a requirement matched somewhere


# -- base.py helpers ------------------------------------------------------------------------

class FakePrefilter:
    def __init__(self, forms):
        self._forms = forms

    def forms(self, lemma):
        return frozenset(self._forms.get(lemma, ())) | {lemma}


def test_lemma_words_per_lemma_its_forms_without_spaces():
    p = FakePrefilter({"be": {"was", "is", "has been"}, "vote": {"voted"}})
    assert lemma_words(p, ["be", "vote"]) == [{"be", "was", "is"}, {"vote", "voted"}]
    assert lemma_words(p, ["", " ", "\t", "vote", "a b"]) == [{"vote", "voted"}]
    assert lemma_words(p, ["", " "]) is None
    assert lemma_words(p, []) is None


def test_selectivity_prefers_longer_then_fewer_words():
    assert selectivity(frozenset({"ab", "abcd"})) == (2, -2)
    assert selectivity(frozenset()) == (1_000, 0)
    options = [frozenset({"a", "bbbbbb"}), frozenset({"ccc"}), frozenset({"ddd", "eee"})]
    assert max(options, key=selectivity) == frozenset({"ccc"})


def test_signal_key_names_rule_side_and_id():
    assert Signal("r1", spec("x", sid="s2"), False).key == "r1|s|s2"
    assert Signal("r1", spec("x", sid="s2"), True).key == "r1|x|s2"
    s = Signal("r1", spec("x", sid="s2"), True)
    assert not s.anchor and s.deferred
    assert Signal("r1", spec("x"), False).anchor and not Signal("r1", spec("x"), False).deferred


def test_unit_view_keeps_what_it_is_given():
    unit = UnitText("u", "The Staff VOTED.", "ctx")
    present = object()
    v = UnitView(unit, None, "strings", acronyms=("SEA",), present=present)
    assert (v.unit, v.doc, v.text, v.lower, v.strings) == (unit, None, "The Staff VOTED.", "the staff voted.", "strings")
    assert v.acronyms == ("SEA",) and v.present is present and v.memo == {}
    d = UnitView(unit, None, None)
    assert d.acronyms == () and d.present is None
