"""The Python API: typed, frozen results."""

from __future__ import annotations

import dataclasses

import pytest

import contractlens
from conftest import REPO, SAMPLES

MINI = REPO / "tests" / "data" / "mini_pack"


def test_scan_returns_frozen_typed_result():
    result = contractlens.scan(SAMPLES / "reform.pdf", rules=MINI)
    assert isinstance(result, contractlens.ScanResult)
    par = result.practice("peer_review_assistance")
    assert isinstance(par, contractlens.PracticeResult) and par.status == "present"
    assert isinstance(par.evidence[0], contractlens.Evidence)
    with pytest.raises(dataclasses.FrozenInstanceError):
        par.status = "weak"  # type: ignore[misc]
    assert result.present and all(p.status == "present" for p in result.present)


def test_tag_a_clause():
    tags = contractlens.tag("Each new teacher shall be assigned a consulting teacher for the year.", rules=MINI)
    assert [t.id for t in tags] == ["peer_review_assistance"]
    assert isinstance(tags[0], contractlens.Tag) and tags[0].confidence >= 0.5 and tags[0].force == "obligation"
    assert contractlens.tag("Teachers are paid twice a month.", rules=MINI) == []


def test_scan_reports_input_errors_as_exceptions(tmp_path):
    with pytest.raises(contractlens.InputError) as err:
        contractlens.scan(tmp_path / "missing.pdf", rules=MINI)
    assert err.value.exit_code == 3
