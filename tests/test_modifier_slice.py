"""Negated, excepted and merely contemplated practices, and their positive twins.

tests/data/modifier_slice.jsonl was written for this test (not taken from any
contract): a negated or contemplated practice must not be found, an exception
that leaves the practice standing must not hide it.
"""

from __future__ import annotations

from collections import Counter

from contractlens.evaluate import evaluate, read_gold
from contractlens.rules import load_pack
from conftest import REPO

SLICE = REPO / "tests" / "data" / "modifier_slice.jsonl"


def test_slice_is_big_enough():
    import json
    kinds = Counter(json.loads(line)["kind"] for line in SLICE.read_text().splitlines())
    assert kinds["negated"] + kinds["contemplated"] + kinds["exception"] >= 30
    assert kinds["positive"] >= 10


def test_f1_on_the_slice():
    result = evaluate(read_gold(SLICE), load_pack("handbook"))
    assert result.micro_f1 >= 0.9, [(p.id, p.tp, p.fp, p.fn) for p in result.practices if p.fp or p.fn]
    # No negated or contemplated clause may come out as a practice.
    assert result.ordinary_flagged <= 1
