"""Every example of every rule of every bundled pack: `fire` texts fire, `no_fire` texts do not."""

from __future__ import annotations

import functools

import pytest

from contractlens.rules import BUNDLED, load_pack
from contractlens.examples import run_examples


def _cases():
    """One case per example, read from the packs' YAML only: nothing is tagged while collecting,
    so `-k` on another test costs nothing here."""
    cases = []
    for name in BUNDLED:
        pack = load_pack(name)
        known = {r.id for r in pack.rules}
        for rule in pack.rules:
            for kind, texts in (("fire", rule.fire), ("no_fire", rule.no_fire)):
                for text in texts:
                    cases.append(pytest.param(name, rule.id, kind == "fire", text, None,
                                              id=f"{name}:{rule.id}:{kind}:{text[:40]}"))
            for text, also in rule.pairs:
                for other in also:
                    if other in known:
                        cases.append(pytest.param(name, other, True, text, rule.id,
                                                  id=f"{name}:{other}:fire:{text[:40]}"))
    return cases


@functools.lru_cache(maxsize=None)
def _results(name: str) -> dict:
    """Every example of one pack, tagged in one batch the first time a test of that pack runs."""
    return {(r.rule, r.expected, r.text, r.pair_of): r for r in run_examples(load_pack(name))}


@pytest.mark.parametrize("name,rule,expected,text,pair_of", _cases())
def test_example(name, rule, expected, text, pair_of):
    result = _results(name)[(rule, expected, text, pair_of)]
    want = "fire" if result.expected else "not fire"
    assert result.ok, (f"{result.rule} should {want} on: {result.text!r} "
                       f"(confidence {result.confidence:.2f}, signals {list(result.signals)})")


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_pack_is_valid_and_complete(name, cli):
    result = cli("rules", "validate", name)
    assert result.code == 0, result
    pack = load_pack(name)
    assert len(pack.rules) == {"handbook": 21, "principles": 10}[name]
    for rule in pack.rules:
        assert len(rule.fire) >= 4 and len(rule.no_fire) >= 4
        assert rule.description and rule.name
