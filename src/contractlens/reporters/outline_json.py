"""`contractlens segment --format json`."""

from __future__ import annotations

import json

from ..models import Contract
from .scan_json import reading_dict

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
        "warnings": list(contract.warnings),
    }


def render(contract: Contract) -> str:
    return json.dumps(outline_dict(contract), ensure_ascii=False, indent=2)
