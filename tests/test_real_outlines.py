"""Top-level outlines of every real contract against hand-checked expectations (skipped when absent).

tests/data/outlines/<contract>.json lists each contract's top level as its own table of
contents gives it (kind, number, heading), with the PDF page where the body prints the
heading (checked against the page text; contents errors are left out, see the commit that
added them). A unit is found when a top-level unit of that kind and number starts on that
page (±0). A spurious unit is a numbered top-level unit the expected outline does not have.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

import contractlens
from conftest import CONTRACTS, needs_contracts
from contractlens.structure.numbers import number_value

pytestmark = needs_contracts

OUTLINES = Path(__file__).parent / "data" / "outlines"
NUMBERED = {"article", "section", "appendix", "exhibit"}


# A four-page memorandum with no contents: one unit, written by hand from its first page.
SHORT = {"oakland_ca_2015-2016_oea_mou"}


def _key(kind: str, number: str):
    if kind in ("article", "section"):
        v = number_value(number) if kind == "article" else None
        return kind, v if v is not None else number.upper()
    return kind, number.upper()


def _cases() -> list[str]:
    return sorted(p.stem for p in OUTLINES.glob("*.json"))


def _path(stem: str) -> Path:
    for p in (CONTRACTS / f"{stem}.pdf", CONTRACTS / f"{stem}.txt", CONTRACTS / "more" / f"{stem}.pdf"):
        if p.exists():
            return p
    pytest.skip(f"{stem} is not in {CONTRACTS}")


@lru_cache(maxsize=None)
def measure(stem: str) -> tuple[int, int, list, list]:
    """(found, expected, missed entries, spurious units) for one contract."""
    expected = json.loads((OUTLINES / f"{stem}.json").read_text(encoding="utf-8"))
    contract = contractlens.segment(_path(stem))
    parts = {u.id for u in contract.units if u.level == 1 and u.kind == "part"}
    kinds = NUMBERED | {e["kind"] for e in expected}
    # A second agreement bound into the book is a part; its articles are its top level.
    tops = [u for u in contract.units if u.kind in kinds and (u.level == 1 or u.parent in parts)]
    have = {}
    for u in tops:
        have.setdefault((_key(u.kind, u.number), u.page_start), u)
    # "Appendix A-2" may sit inside "Appendix A" (Orange) or beside it (Portland): either is right.
    for u in contract.units:
        if u.kind in ("appendix", "exhibit") and u.level > 1 and re.search(r"[-.]\d", u.number):
            have.setdefault((_key(u.kind, u.number), u.page_start), u)
    missed = [e for e in expected if (_key(e["kind"], e["number"]), e["page"]) not in have]
    wanted = {_key(e["kind"], e["number"]) for e in expected}
    spurious = [(u.label, u.heading, u.page_start) for u in tops if _key(u.kind, u.number) not in wanted]
    return len(expected) - len(missed), len(expected), missed, spurious


@pytest.mark.parametrize("stem", _cases())
def test_top_level_outline(stem):
    found, total, missed, spurious = measure(stem)
    assert total >= 10 or stem in SHORT, "the expected outline is too short to mean anything"
    assert found >= 0.95 * total, f"{found}/{total} found; missed {missed}"
    assert not spurious, f"spurious top-level units: {spurious}"


def test_every_real_contract_has_an_expected_outline():
    have = set(_cases())
    contracts = [p for p in CONTRACTS.iterdir() if p.suffix in (".pdf", ".txt")] + \
        sorted((CONTRACTS / "more").glob("*.pdf"))
    assert {p.stem for p in contracts} <= have


# The scanned agreements have no contents page: their outlines were written by hand from their
# headings, read on the page images. Short documents, so every entry must be found, in order.
SCANNED = OUTLINES / "scanned"


@pytest.mark.parametrize("stem", sorted(p.stem for p in SCANNED.glob("*.json")))
def test_scanned_top_level_outline(stem, request):
    from contractlens.ingest import OcrOptions

    path = CONTRACTS / "scanned" / f"{stem}.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    cache = request.config.cache.mkdir("ocr") / "pages.sqlite"  # OCR once, not on every run
    contract = contractlens.segment(path, ocr=OcrOptions(jobs=2, cache=cache))
    expected = json.loads((SCANNED / f"{stem}.json").read_text(encoding="utf-8"))
    tops = [u for u in contract.units if u.level == 1 and u.kind in NUMBERED]
    assert [(u.kind, u.number, u.heading.upper(), u.page_start) for u in tops] == \
        [(e["kind"], e["number"], e["heading"].upper(), e["page"]) for e in expected]
    assert len(contract.source.ocr) >= 5
