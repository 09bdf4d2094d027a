"""The sample contracts show the practices their expected-findings files list, in the listed units."""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

import contractlens
from contractlens.models import PRESENT
from conftest import EXPECTED, SAMPLE_NAMES, SAMPLES


@lru_cache(maxsize=None)
def _scan(name: str):
    contract = contractlens.segment(SAMPLES / f"{name}.pdf")
    from contractlens.rules import load_pack
    from contractlens.scanner import scan_contract
    return contract, scan_contract(contract, load_pack("handbook"), evidence=10)


def _expected(name: str) -> dict:
    return json.loads((EXPECTED / f"{name}.findings.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_present_practices_match_expected(name):
    _, result = _scan(name)
    expected = {pid for pid, v in _expected(name).items() if v["status"] == "present"}
    found = {p.id for p in result.practices if p.status == PRESENT}
    assert found == expected, f"missing {sorted(expected - found)}, unexpected {sorted(found - expected)}"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_evidence_is_in_the_listed_units(name):
    contract, result = _scan(name)
    by_id = {u.id: u for u in contract.units}
    for pid, want in _expected(name).items():
        if want["status"] != "present":
            continue
        practice = result.practice(pid)
        listed = set(want["units"])
        numbers = set()
        for e in practice.evidence:
            if e.unit_id is None:
                numbers.add("(whole agreement)")
                continue
            unit = by_id[e.unit_id]
            while unit is not None:
                numbers.add(unit.number)
                unit = by_id.get(unit.parent) if unit.parent else None
        assert numbers & (listed | {"(whole agreement)"}), f"{pid}: evidence in {sorted(numbers)}, expected {sorted(listed)}"


def test_reform_shows_most_and_traditional_few():
    _, reform = _scan("reform")
    _, traditional = _scan("traditional")
    assert len(reform.present) >= 17
    assert len(traditional.present) <= 3
