"""Every example of every rule of every bundled pack: `fire` texts fire, `no_fire` texts do not."""

from __future__ import annotations

import pytest

from contractlens.rules import BUNDLED, load_pack
from contractlens.rules.examples import run_examples


def _cases():
    cases = []
    for name in BUNDLED:
        for result in run_examples(load_pack(name)):
            kind = "fire" if result.expected else "no_fire"
            cases.append(pytest.param(result, id=f"{name}:{result.rule}:{kind}:{result.text[:40]}"))
    return cases


@pytest.mark.parametrize("result", _cases())
def test_example(result):
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
