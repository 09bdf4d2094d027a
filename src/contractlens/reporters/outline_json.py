"""`contractlens segment --format json`."""

from __future__ import annotations

import json

from ..model import Contract
from ._text import reading_dict

SCHEMA_VERSION = "1.0"


def outline_dict(contract: Contract) -> dict:
    s = contract.source
    ocr_pages = {r.page for r in s.ocr}
    return {
        "schema_version": SCHEMA_VERSION,
        "source": {"path": s.path, "sha256": s.sha256, "format": s.format, "pages": s.pages, "engine": s.engine},
        "ocr_pages": [reading_dict(r) for r in s.ocr],  # pages read by OCR: engine, confidence, why
        "coverage": contract.coverage,
        "units": [
            {"id": u.id, "kind": u.kind, "label": u.label, "number": u.number, "heading": u.heading,
             "level": u.level, "parent": u.parent, "page_start": u.page_start, "page_end": u.page_end,
             "printed_page_start": u.printed_page_start, "printed_page_end": u.printed_page_end,
             "ocr": bool(ocr_pages) and any(n in ocr_pages for n in range(u.page_start, u.page_end + 1)),
             "text": u.text}
            for u in contract.units
        ],
        "toc": [{"kind": e.kind, "number": e.number, "heading": e.heading, "printed_page": e.printed_page,
                 "unit": e.unit_id} for e in contract.toc],
        "structure": _structure(contract),
        "warnings": list(contract.warnings),
    }


def _structure(contract: Contract) -> dict | None:
    r = contract.structure
    if r is None:
        return None
    return {"top_units": r.top_units, "toc_listed": r.toc_listed, "toc_found": r.toc_found,
            "toc_in_order": r.toc_in_order, "largest_share": r.largest_share, "unplaced": r.unplaced,
            "doubtful": r.doubtful, "doubts": list(r.doubts)}


def render(contract: Contract) -> str:
    return json.dumps(outline_dict(contract), ensure_ascii=False, indent=2)
