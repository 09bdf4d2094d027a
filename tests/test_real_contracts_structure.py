"""Structure on the real contracts in ../shared/contracts and its more/ (skipped when absent).

Done when: at least 95% of the text inside units, every article the contract's
own table of contents lists is found, and article headings sit on the right page.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

import contractlens
from contractlens.ingest import read_document
from conftest import CONTRACTS, needs_contracts, real_contracts

pytestmark = needs_contracts

# Entries of a contents page that the contract's own text does not have. Each is
# checked by hand; the test fails if any other entry goes unmatched.
KNOWN_CONTENTS_ERRORS = {
    # The contents says it "has not yet been updated": it lists an Article 8 "Insurance"
    # in the substitute teachers' contract, whose Article 8 is "Authorized Absences".
    "montgomery_county_md_fy15-fy17_mcea_contract.pdf": {("article", "8", "Insurance")},
    # The body goes from Appendix C to G: the contents' D, E and F are not printed.
    "manchester_nh_2007-2010_mea_agreement.pdf": {("appendix", "D", '“BLUE CHOICE" PLAN'),
                                                   ("appendix", "E", "MATTHEW THORTON BLUE PLAN"),
                                                   ("appendix", "F", "DELTA DENTAL PLAN")},
    # The contents calls the waiver process Appendix K; the body prints it as Appendix L.
    "more/albuquerque_nm_2018-2019_atf_agreement.pdf": {
        ("appendix", "K", "PROCESS FOR OBTAINING A WAIVER TO NEGOTIATED AGREEMENT")},
}
NO_CONTENTS = {"more/oakland_ca_2015-2016_oea_mou.pdf"}  # a four-page memorandum


@lru_cache(maxsize=None)
def _read(name: str):
    path = CONTRACTS / name
    return contractlens.segment(path), read_document(path)


def _names() -> list[str]:
    more = sorted(f"more/{p.name}" for p in (CONTRACTS / "more").glob("*.pdf")) if (CONTRACTS / "more").is_dir() else []
    return [p.name for p in real_contracts()] + more or ["(none)"]


@pytest.mark.parametrize("name", _names())
def test_most_text_is_inside_units(name):
    contract, _ = _read(name)
    assert contract.coverage >= 0.95


@pytest.mark.parametrize("name", _names())
def test_every_listed_article_is_found(name):
    if name in NO_CONTENTS:
        pytest.skip(f"{name} has no table of contents")
    contract, _ = _read(name)
    listed = [e for e in contract.toc if e.kind in ("article", "section")]
    assert len(listed) >= 8, "the contents page was not recognised"
    missing = {(e.kind, e.number, e.heading) for e in contract.toc if e.unit_id is None}
    assert missing == KNOWN_CONTENTS_ERRORS.get(name, set())


@pytest.mark.parametrize("name", _names())
def test_article_headings_are_on_their_pdf_page(name):
    contract, raw = _read(name)
    norm = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    tops = [u for u in contract.units if u.kind in ("article", "section") and (u.level == 1 or u.kind == "article")]
    assert tops or name in NO_CONTENTS
    for u in tops:
        page_text = norm(raw.pages[u.page_start - 1].text)
        assert norm(u.label) in page_text, f"{u.id} is not on PDF page {u.page_start}"
        if u.heading and u.kind == "article":
            assert norm(u.heading.split()[0]) in page_text + norm(raw.pages[u.page_start].text)


@pytest.mark.parametrize("name,label,heading,pdf_page,printed", [
    ("boston_ma_2021-2024_btu_cba.pdf", "Article III", "School-Based Management and Shared Decision-Making", 27, "9"),
    ("rochester_ny_2006-2009_rta_cba.pdf", "SECTION 50", "LIVING CONTRACT COMMITTEE", 90, "86"),
    ("denver_co_2022-2025_dcta_cba.pdf", "Article 30", "Innovation", 97, "97"),
    ("cincinnati_oh_2007-2009_cft_contract.txt", "§210", "TEACHER EVALUATION", 23, "18"),
    ("manchester_nh_2007-2010_mea_agreement.pdf", "ARTICLE FIFTEEN", "TEACHER EVALUATION", 25, "24"),
    ("montgomery_county_md_fy15-fy17_mcea_contract.pdf", "ARTICLE 6", "COLLABORATION", 12, "12"),
])
def test_known_headings(name, label, heading, pdf_page, printed):
    if not (CONTRACTS / name).exists():
        pytest.skip(f"{name} is not in {CONTRACTS}")
    contract, _ = _read(name)
    unit = next(u for u in contract.units if u.label == label)
    assert (unit.heading, unit.page_start, unit.printed_page_start) == (heading, pdf_page, printed)


def test_cincinnati_margin_numbers_and_running_heads_are_gone():
    name = "cincinnati_oh_2007-2009_cft_contract.txt"
    if not (CONTRACTS / name).exists():
        pytest.skip(f"{name} is not in {CONTRACTS}")
    contract, _ = _read(name)
    assert "margin line numbers were removed" in contract.warnings
    assert not re.search(r"^\d{1,2} ", contract.text[:20000], re.M)
    assert "§210 Teacher Evaluation" not in contract.text
