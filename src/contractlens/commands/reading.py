"""`segment` and `scan`: read contracts into their structure, and find the practices they codify."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Failure, ScanRun, SegmentRun
from ._common import reading
from .reviewing import ALL_EVIDENCE, load_for, thresholds


def segment(file: str | Path, *, pdf_engine: str = "pdfium", encoding: str | None = None,
            password: str | None = None, ocr="auto") -> SegmentRun:
    """One contract's structure: articles, sections, items and their pages."""
    from .. import segment as read

    with reading(ocr, Path(file)) as options:
        return SegmentRun(read(file, pdf_engine=pdf_engine, encoding=encoding, password=password, ocr=options))


def scan(files, *, rules: str | Path | None = None, pack: str = "handbook", min_confidence: float = 0.0,
         evidence: int = 1, pdf_engine: str = "pdfium", encoding: str | None = None, password: str | None = None,
         ocr="auto", reviews: str | Path | None = None) -> ScanRun:
    """Which practices each contract codifies, where and how sure, with ``evidence`` quotes each.

    ``reviews``: a review file (reviews.py) applied to each scan, which then says so.

    A bad rule pack stops everything (ConfigError); one unreadable file of several is a
    failure of the run, a single unreadable file raises InputError."""
    from ..rules import load_pack
    from ..scanner import scan as scan_file

    files = [Path(f) for f in ([files] if isinstance(files, (str, Path)) else files)]
    rule_pack = load_pack(rules or pack)
    reviewed = load_for(reviews, rule_pack) if reviews is not None else None
    results, failures = [], []
    for file in files:
        try:
            with reading(ocr, file) as options:
                if reviewed is None:
                    results.append(scan_file(file, rule_pack, pdf_engine=pdf_engine, encoding=encoding,
                                             password=password, evidence=evidence, min_confidence=min_confidence,
                                             ocr=options))
                else:
                    results.append(_reviewed_scan(file, rule_pack, reviewed, evidence, min_confidence,
                                                  pdf_engine=pdf_engine, encoding=encoding, password=password,
                                                  ocr=options))
        except InputError as exc:
            if len(files) == 1:
                raise
            failures.append(Failure(exc.path, exc.problem))
    return ScanRun(tuple(results), tuple(failures), evidence)


def _reviewed_scan(file: Path, rule_pack, reviewed, evidence: int, min_confidence: float, **read_options):
    """A scan with the reviews of its contract applied (every unit's evidence scanned, so a
    practice one of whose units is rejected can stay present on another)."""
    from .. import segment as read
    from ..reviews import apply
    from ..scanner import scan_contract

    contract = read(file, **read_options)
    full = scan_contract(contract, rule_pack, evidence=ALL_EVIDENCE, min_confidence=min_confidence)
    return apply(full, contract, reviewed, thresholds(rule_pack), evidence=evidence)
