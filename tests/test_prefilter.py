"""The prefilter (match/prefilter.py) is sound: with it and without it, every rule example and
every sample contract give the same matches, scores and scan results; and the requirements it
reads from each kind of signal are what a match needs."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

import contractlens
from contractlens.match import CompiledPack, UnitText
from contractlens.reporters.scan_json import result_dict
from contractlens.rules import BUNDLED, load_pack
from contractlens.rules.schema import RuleSpec, SignalSpec
from contractlens.scanner import MIN_BODY_WORDS, _body_words, clause_heading, compiled, scan_contract, tag_many
from contractlens.score import score_unit

SAMPLES = Path(__file__).resolve().parents[1] / "sample_contracts"
MINI_PACK = Path(__file__).resolve().parent / "data" / "mini_pack"


@contextmanager
def prefilter_off(engine):
    engine.use_prefilter = False
    try:
        yield
    finally:
        engine.use_prefilter = True


def _examples(pack) -> list[str]:
    texts = []
    for rule in pack.rules:
        texts += list(rule.fire) + list(rule.no_fire) + [t for t, _ in rule.pairs]
    return texts


def _scored(engine, match) -> dict:
    """What a unit's matches decide: each rule's score, with its hits and sentence notes."""
    by_rule: dict = {}
    for h in match.hits:
        by_rule.setdefault(h.rule, []).append(h)
    out = {}
    for rid, hits in by_rule.items():
        result = score_unit(engine.rules[rid], hits, dict(engine.context.effects))
        if result.confidence > 0:
            out[rid] = (result, hits, {k: match.notes.get(k) for k in {h.sentence for h in hits}},
                        match.sentences)
    return out


def _same_matches(engine, units: list[UnitText]) -> int:
    """Matches with and without the prefilter agree; the number of units it did not match."""
    on = engine.match(units)
    with prefilter_off(engine):
        off = engine.match(units)
    skipped = 0
    for a, b in zip(on, off):
        if not a.sentences and b.sentences:  # not matched: no rule could score there
            skipped += 1
            assert a.hits == () and _scored(engine, b) == {}, a.unit_id
        else:
            assert a == b, a.unit_id
    return skipped


@pytest.mark.parametrize("name", [*BUNDLED, str(MINI_PACK)])
def test_rule_examples_match_the_same(name):
    pack = load_pack(name)
    engine = compiled(pack)
    texts = _examples(pack)
    _same_matches(engine, [UnitText(str(i), t, clause_heading(t)) for i, t in enumerate(texts)])
    on = tag_many(texts, pack)
    with prefilter_off(engine):
        assert tag_many(texts, pack) == on


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*") if p.suffix in (".pdf", ".txt", ".docx")))
def test_samples_scan_the_same(sample):
    contract = contractlens.segment(SAMPLES / sample)
    for name in BUNDLED:
        pack = load_pack(name)
        engine = compiled(pack)
        on = result_dict(scan_contract(contract, pack, evidence=10))
        with prefilter_off(engine):
            assert result_dict(scan_contract(contract, pack, evidence=10)) == on
        by_id = {u.id: u for u in contract.units}
        from contractlens.scanner import _context
        units = [UnitText(u.id, u.text, _context(u, by_id)) for u in contract.units if _body_words(u) >= MIN_BODY_WORDS]
        _same_matches(engine, units)


def test_units_no_anchor_can_fire_in_are_not_matched():
    pack = load_pack("handbook")
    engine = compiled(pack)
    units = [UnitText("plain", "Coffee and tea are free in the lounge."),
             UnitText("pay", "Teachers shall receive a performance bonus based on student test scores.")]
    assert _same_matches(engine, units) == 1
    assert engine.match(units)[0].sentences == ()


# -- the requirements each kind reads --------------------------------------------------------

def sig(sid, kind, value, anchor=True):
    return SignalSpec(sid, kind, 0.6, anchor, "sentence", value, 1)


def rule(signals, rid="r"):
    return RuleSpec(rid, rid, "bargaining", "", "clause", 0.5, tuple(signals), (), (), (), "")


@pytest.fixture(scope="module")
def engine_for():
    from contractlens.nlp import build_nlp
    nlp = build_nlp()
    return lambda *signals: CompiledPack([rule(signals)], nlp=nlp)


def requirement(engine, sid="s"):
    return engine.prefilter.requirements[f"r|s|{sid}"]


def fires(engine, text: str) -> bool:
    return bool(engine.match([UnitText("u", text)])[0].hits)


def test_phrases_require_every_word_in_some_form(engine_for):
    e = engine_for(sig("s", "phrases", ("staff vote", "peer review")))
    assert fires(e, "The staff voted on it.")  # "voted": a form of the lemma "vote"
    assert fires(e, "PEER REVIEWS happen.")
    assert not fires(e, "The staff decided.")
    found = e.prefilter.scan("the staff voted").words
    assert {"staff", "voted"} <= found


def test_irregular_forms_come_from_the_lemma_table(engine_for):
    e = engine_for(sig("s", "phrases", ("teacher be",)))
    assert fires(e, "The teacher was there.")  # "was" reads as "be"
    assert "was" in requirement(e).words


def test_near_groups_all_required_and_acronyms_keep_a_group_open(engine_for):
    near = {"terms": (("joint",), ("committee", "panel")), "window": 4, "across_sentences": False}
    r = requirement(engine_for(sig("s", "near", near)))
    assert r.met_by({"joint", "panels"}) and not r.met_by({"joint"}) and not r.met_by({"committee"})
    # "union" is found where a party's acronym ("SEA") stands: its group requires nothing
    near = {"terms": (("joint",), ("union",)), "window": 4, "across_sentences": False}
    e = engine_for(sig("s", "near", near))
    r = requirement(e)
    assert r.met_by({"joint"}) and not r.met_by({"union"})
    assert fires(e, "The joint SEA committee meets.")


def test_pattern_requirement_skips_optional_tokens(engine_for):
    e = engine_for(sig("s", "pattern", ({"LEMMA": "waive"}, {"LOWER": "any", "OP": "?"}, {"LOWER": "provision"})))
    r = requirement(e)
    assert r.met_by({"waived", "provision"}) and not r.met_by({"waived", "any"})
    assert fires(e, "They waived provision 4.") and not fires(e, "They waived any rule.")
    e = engine_for(sig("s", "pattern", ({"LOWER": "a", "OP": "*"}, {"IS_DIGIT": True})))
    assert requirement(e) is None  # nothing literal every match has: the signal runs everywhere
    assert fires(e, "Clause 12 applies.")


def test_regex_requires_every_gate_word(engine_for):
    e = engine_for(sig("s", "regex", r"\bwaive\w*\s+(?:the|any)\s+provision"))
    r = requirement(e)
    assert not r.tokens and r.met_by({"waive", "any", "provision"}) and not r.met_by({"waive", "the"})
    assert fires(e, "may waive the provision") and not fires(e, "may waive it")


def test_a_capital_sigma_runs_every_token_signal(engine_for):
    e = engine_for(sig("s", "phrases", ("staff vote",)))
    assert e.prefilter.scan("ΣΤΑΦΦ").unsure
    assert e.match([UnitText("u", "ΣΤΑΦΦ staff")])[0].sentences  # matched, not skipped
