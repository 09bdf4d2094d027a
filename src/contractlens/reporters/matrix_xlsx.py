"""`contractlens compare -f xlsx` (or `-o out.xlsx`): a workbook with a sheet per view —
matrix (district x practice status, totals), evidence (every quote with its place) and
failures (files not read, and copies counted once)."""

from __future__ import annotations

import io

from ..model import Matrix, failure_records
from ..model.matrix import FAILED


def _safe(value):
    """Text a spreadsheet will not run as a formula (a quote starting with "=" stays text)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def render(m: Matrix) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    matrix = book.create_sheet("matrix")
    ids = [pid for pid, *_ in m.practices]
    matrix.append(["district", "state", "term", "path", "present"] + [name for _, name, *_ in m.practices])
    for r in m.rows:
        matrix.append([_safe(r.district), r.state, r.term, _safe(r.result.source.path), r.present] +
                      [r.result.practice(pid).status for pid in ids])
    totals = m.column_totals()
    matrix.append(["total present", "", "", "", sum(r.present for r in m.rows)] + [totals[pid] for pid in ids])

    evidence = book.create_sheet("evidence")
    evidence.append(["district", "practice", "status", "confidence", "citation", "page", "printed page", "quote",
                     "path"])
    for r in m.rows:
        for p in r.result.practices:
            for e in p.evidence:
                evidence.append([_safe(r.district), p.name, p.status, p.confidence, _safe(e.citation), e.page,
                                 _safe(e.printed_page), _safe(e.quote), _safe(r.result.source.path)])

    failures = book.create_sheet("failures")
    failures.append(["path", "district", "status", "reason"])
    for rec in failure_records(m):
        failures.append([_safe(rec["path"]), _safe(rec["district"]), FAILED, _safe(rec["reason"])])
    for note in m.duplicates:
        path, _, why = note.partition(": ")
        failures.append([_safe(path), "", "duplicate", _safe(why)])
    if m.reviews is not None:  # the matrix and evidence sheets show the reviewed findings
        notes = book.create_sheet("reviews")
        notes.append(["review file", "path", "practice", "verdict", "citation", "outcome", "detail"])
        for r in m.rows:
            for o in (r.result.reviews.outcomes if r.result.reviews is not None else ()):
                notes.append([_safe(m.reviews), _safe(r.result.source.path), o.review.practice, o.review.verdict,
                              _safe(o.review.citation), o.outcome, _safe(o.detail)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
