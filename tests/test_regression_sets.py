"""Clauses written for this project (not from any contract) in many drafting styles.

challenge.jsonl and validation.jsonl were written to make the handbook rules
recognise practices as districts the dev set does not cover would write them;
they were used in tuning, so they guard against regressions rather than
measure generalization.
"""

from __future__ import annotations

import pytest

from contractlens.evaluate import evaluate, read_gold
from contractlens.rules import load_pack
from conftest import REPO


@pytest.mark.parametrize("name", ["challenge.jsonl", "validation.jsonl"])
def test_regression_set(name):
    result = evaluate(read_gold(REPO / "tests" / "data" / name), load_pack("handbook"))
    assert result.micro_f1 >= 0.9, [(p.id, p.fp, p.fn) for p in result.practices if p.fp or p.fn]
    assert result.false_positive_rate <= 0.03
