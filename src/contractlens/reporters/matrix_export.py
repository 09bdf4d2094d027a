"""`contractlens compare --format csv|json`: one record per district x practice, for pandas,
and one per file that failed (status "failed", with its reason)."""

from __future__ import annotations

import csv
import io
import json

from ..model import Matrix, records

FIELDS = ["district", "district_source", "district_confidence", "state", "term", "path", "sha256", "practice", "practice_name", "area", "status", "confidence",
          "units", "evidence_citation", "evidence_page", "evidence_printed_page", "evidence_quote", "reason"]


def render_csv(m: Matrix) -> str:
    out = io.StringIO()
    fields = FIELDS + (["review"] if m.reviews is not None else [])  # with --reviews: what a review did
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for rec in records(m):
        writer.writerow({k: "" if rec[k] is None else rec[k] for k in fields})
    return out.getvalue()


def render_json(m: Matrix) -> str:
    """A JSON array of records: pandas.read_json(path) loads it as is."""
    return json.dumps(records(m), ensure_ascii=False, indent=1)
