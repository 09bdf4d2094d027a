"""The district x practice matrix of ``compare``, and its records for CSV, JSON and pandas."""

from __future__ import annotations

from dataclasses import dataclass

from .failure import Failure
from .findings import PRESENT, ScanResult

@dataclass(frozen=True)
class Label:
    district: str
    state: str = ""
    term: str = ""


@dataclass(frozen=True)
class Row:
    """One district of the matrix."""

    district: str
    state: str
    term: str
    result: ScanResult
    similar: tuple[tuple[str, float], ...] = ()  # (district, similarity), most alike first
    name_source: str = ""        # where the district name came from (parties.py): manifest, title page, ...
    name_confidence: float | None = None

    @property
    def present(self) -> int:
        return sum(1 for p in self.result.practices if p.status == PRESENT)


@dataclass(frozen=True)
class Matrix:
    pack: str
    pack_title: str
    pack_version: str
    practices: tuple[tuple[str, str, str, str], ...]  # (id, name, area, area_name) in report order
    rows: tuple[Row, ...]
    failures: tuple[Failure, ...]  # files not read, each with its reason
    scanned: int  # documents scanned in this run (the rest came from the store)
    duplicates: tuple[str, ...] = ()  # "path: same agreement as KEPT (why that one)"
    reviews: str | None = None  # the review file applied to the rows' results, if any

    def column_totals(self) -> dict[str, int]:
        return {pid: sum(1 for r in self.rows if r.result.practice(pid).status == PRESENT)
                for pid, *_ in self.practices}


def records(m: Matrix) -> list[dict]:
    """One record per district x practice: for CSV, JSON and pandas."""
    out = []
    for r in m.rows:
        for p in r.result.practices:
            e = p.evidence[0] if p.evidence else None
            out.append({
                "district": r.district, "district_source": r.name_source,
                "district_confidence": r.name_confidence, "state": r.state, "term": r.term,
                "path": r.result.source.path,
                "sha256": r.result.source.sha256, "practice": p.id, "practice_name": p.name, "area": p.area,
                "status": p.status, "confidence": p.confidence, "units": p.units,
                "evidence_citation": e.citation if e else "", "evidence_page": e.page if e else None,
                "evidence_printed_page": e.printed_page if e else None, "evidence_quote": e.quote if e else "",
                "reason": "",
                **({"review": p.review} if m.reviews is not None else {}),
            })
    out.extend(failure_records(m))
    return out


FAILED = "failed"


def failure_records(m: Matrix) -> list[dict]:
    """One record per file that could not be read, status "failed" and its reason, so a table of
    the results shows the district as missing instead of silently lacking it."""
    out = []
    for f in m.failures:
        out.append({"district": f.district, "district_source": "file name", "district_confidence": None,
                    "state": f.state, "term": "", "path": f.path, "sha256": "", "practice": "",
                    "practice_name": "", "area": "", "status": FAILED, "confidence": None, "units": None,
                    "evidence_citation": "", "evidence_page": None, "evidence_printed_page": None,
                    "evidence_quote": "", "reason": f.reason, **({"review": ""} if m.reviews is not None else {})})
    return out
