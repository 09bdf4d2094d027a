"""`contractlens scan --format json`."""

from __future__ import annotations

import json

from .._version import __version__
from ..model import PRESENT, WEAK, Evidence, Failure, ScanResult
from ._text import reading_dict, review_dict

# 2.0: one shape for one file and for several, {"schema_version", "tool", "results", "errors"};
# 1.0 printed a lone result object for a single file and this envelope only for several.
SCHEMA_VERSION = "2.0"


def evidence_dict(e: Evidence) -> dict:
    return {"unit": e.unit_id, "citation": e.citation, "heading": e.heading, "page": e.page,
            "printed_page": e.printed_page, "quote": e.quote, "start": e.start, "end": e.end,
            "confidence": e.confidence, "signals": list(e.signals), "force": e.force, "actor": e.actor,
            "modifiers": [{"type": m.type, "trigger": m.trigger, "applies": m.applies} for m in e.modifiers],
            "ocr": reading_dict(e.ocr) if e.ocr else None}


def result_dict(r: ScanResult) -> dict:
    s = r.source
    by_area: dict[str, dict] = {}
    for p in r.practices:
        area = by_area.setdefault(p.area, {"name": p.area_name, "present": 0, "weak": 0, "total": 0})
        area["total"] += 1
        area["present"] += p.status == PRESENT
        area["weak"] += p.status == WEAK
    data = {
        "pack": {"name": r.pack, "title": r.pack_title, "version": r.pack_version},
        "source": {"path": s.path, "sha256": s.sha256, "format": s.format, "pages": s.pages, "engine": s.engine},
        "ocr_pages": [reading_dict(x) for x in s.ocr],  # pages read by OCR: engine, confidence, why
        "document": {"pages": r.pages, "units": r.units, "coverage": r.coverage},
        "summary": {"present": sum(1 for p in r.practices if p.status == PRESENT),
                    "weak": sum(1 for p in r.practices if p.status == WEAK),
                    "total": len(r.practices), "by_area": by_area},
        "practices": [{"id": p.id, "name": p.name, "area": p.area, "area_name": p.area_name, "status": p.status,
                       "confidence": p.confidence, "units": p.units,
                       "evidence": [evidence_dict(e) for e in p.evidence],
                       **({"review": p.review or None} if r.reviews is not None else {})} for p in r.practices],
        "warnings": list(r.warnings),
    }
    if r.reviews is not None:  # only with --reviews: the JSON of a plain scan is unchanged
        data["reviews"] = review_dict(r)
    return data


def render(results: list[ScanResult], errors: list[Failure]) -> str:
    """The same shape whether one file was scanned or many: results and errors are lists."""
    return json.dumps({"schema_version": SCHEMA_VERSION, "tool": {"name": "contractlens", "version": __version__},
                       "results": [result_dict(r) for r in results], "errors": [str(e) for e in errors]},
                      ensure_ascii=False, indent=2)
