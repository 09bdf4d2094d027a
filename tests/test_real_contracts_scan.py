"""What the handbook pack finds in real contracts (skipped when ../shared/contracts is absent)."""

from __future__ import annotations

from functools import lru_cache

import pytest

import contractlens
from contractlens.models import PRESENT
from conftest import CONTRACTS, needs_contracts, real_contracts

pytestmark = needs_contracts


@lru_cache(maxsize=None)
def _scan(name: str, pack: str = "handbook"):
    return contractlens.scan(CONTRACTS / name, pack, evidence=10)


def _found_in(result, practice: str, citation_prefix: str, pages: range) -> bool:
    p = result.practice(practice)
    return p.status == PRESENT and any(
        e.citation.lower().startswith(citation_prefix.lower()) and e.page in pages for e in p.evidence)


def test_rochester_living_contract_benchmarking_and_peer_review():
    r = _scan("rochester_ny_2006-2009_rta_cba.pdf")
    assert _found_in(r, "living_contract", "Section 50", range(90, 94))
    assert _found_in(r, "salary_benchmarking", "Section 46", range(77, 87))
    assert _found_in(r, "peer_review_assistance", "Section 5", range(94, 111))  # Career in Teaching, 52-53


def test_boston_pilot_schools_site_councils_waivers():
    r = _scan("boston_ma_2021-2024_btu_cba.pdf")
    assert _found_in(r, "high_autonomy_schools", "Article III", range(34, 38))
    assert _found_in(r, "site_based_management", "Article III", range(27, 35))
    assert _found_in(r, "waivers_overrides", "Article III", range(30, 36))


# Manchester is a conventional agreement; what is found there was read and is defensible:
# a small new-teacher mentor program and a joint study committee.
MANCHESTER_DEFENSIBLE = {"professional_development", "joint_problem_solving"}


def test_manchester_shows_few_practices():
    r = _scan("manchester_nh_2007-2010_mea_agreement.pdf")
    found = {p.id for p in r.practices if p.status == PRESENT}
    assert found <= MANCHESTER_DEFENSIBLE, f"unexpected: {sorted(found - MANCHESTER_DEFENSIBLE)}"


@pytest.mark.parametrize("name", [p.name for p in real_contracts()] or ["(none)"])
def test_every_real_contract_scans_with_both_packs(name):
    for pack in ("handbook", "principles"):
        r = _scan(name, pack)
        assert len(r.practices) == (21 if pack == "handbook" else 10)
        for p in r.practices:
            for e in p.evidence:
                assert e.quote and (e.unit_id is None or e.page >= 1)


@pytest.mark.parametrize("name", [p.name for p in real_contracts() if p.suffix == ".txt"] or ["(none)"])
def test_real_text_contracts_scan_the_same_without_the_prefilter(name):
    """The prefilter (match/prefilter.py) changes no finding on real text: full scan JSON with
    and without it, both packs."""
    from contractlens.reporters.scan_json import result_dict
    from contractlens.rules import load_pack
    from contractlens.scanner import compiled, scan_contract

    contract = contractlens.segment(CONTRACTS / name)
    for pack_name in ("handbook", "principles"):
        pack = load_pack(pack_name)
        engine = compiled(pack)
        result = scan_contract(contract, pack, evidence=10)
        engine.use_prefilter = False
        try:
            off = result_dict(scan_contract(contract, pack, evidence=10))
        finally:
            engine.use_prefilter = True
        assert result_dict(result) == off
        assert any(p.evidence for p in result.practices)  # there were findings to compare
