"""`segment` and `scan`: read contracts into their structure, and find the practices they codify."""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import ConfigError, InputError
from ..model import Failure, ScanRun, SegmentRun
from ._common import reading, refuse_overwrite
from .reviewing import ALL_EVIDENCE, load_for, thresholds


STDIN = "-"  # a file argument that means standard input
STDIN_NAME = "<stdin>"  # how reports name it


def _read_stdin(stdin) -> bytes:
    if stdin is None:
        import sys
        stdin = sys.stdin.buffer
    if isinstance(stdin, (bytes, bytearray)):
        return bytes(stdin)
    try:
        return stdin.read()
    except OSError as exc:
        raise InputError(STDIN_NAME, f"cannot be read ({exc.strerror or exc})") from None


def segment(file: str | Path, *, pdf_engine: str = "pdfium", encoding: str | None = None,
            password: str | None = None, ocr="auto", output: str | Path | None = None) -> SegmentRun:
    """One contract's structure: articles, sections, items and their pages.

    ``output`` is where the caller will write the report; it is refused when it is the input."""
    from .. import segment as read

    refuse_overwrite([file], (output, "--output"))
    start = time.perf_counter()
    with reading(ocr, Path(file)) as options:
        contract = read(file, pdf_engine=pdf_engine, encoding=encoding, password=password, ocr=options)
    return SegmentRun(contract, time.perf_counter() - start)


def scan(files, *, rules: str | Path | None = None, pack: str = "handbook", min_confidence: float = 0.0,
         evidence: int = 1, pdf_engine: str = "pdfium", encoding: str | None = None, password: str | None = None,
         ocr="auto", reviews: str | Path | None = None, output: str | Path | None = None, stdin=None) -> ScanRun:
    """Which practices each contract codifies, where and how sure, with ``evidence`` quotes each.

    ``reviews``: a review file (reviews.py) applied to each scan, which then says so.

    A bad rule pack stops everything (ConfigError); one unreadable file of several is a
    failure of the run, a single unreadable file raises InputError. ``output`` is where the
    caller will write the report; it is refused when it is one of the files.

    A file given as ``-`` is read from ``stdin`` (bytes, or a binary stream such as
    ``sys.stdin.buffer``, the default) and named ``<stdin>``: text, or a PDF when the bytes start
    with ``%PDF``."""
    from ..rules import load_pack
    from ..scanner import scan as scan_file

    files = [Path(f) for f in ([files] if isinstance(files, (str, Path)) else files)]
    if sum(str(f) == STDIN for f in files) > 1:
        raise ConfigError("- (standard input) is given more than once; it can be read only once")
    refuse_overwrite([f for f in files if str(f) != STDIN] + [rules], (output, "--output"))
    rule_pack = load_pack(rules or pack)
    reviewed = load_for(reviews, rule_pack) if reviews is not None else None
    results, failures, timings = [], [], []
    for file in files:
        start = time.perf_counter()
        try:
            data = None
            if str(file) == STDIN:
                file, data = Path(STDIN_NAME), _read_stdin(stdin)
            with reading(ocr, file) as options:
                if reviewed is None:
                    results.append(scan_file(file, rule_pack, pdf_engine=pdf_engine, encoding=encoding,
                                             password=password, evidence=evidence, min_confidence=min_confidence,
                                             ocr=options, data=data))
                else:
                    results.append(_reviewed_scan(file, rule_pack, reviewed, evidence, min_confidence,
                                                  pdf_engine=pdf_engine, encoding=encoding, password=password,
                                                  ocr=options, data=data))
        except InputError as exc:
            if len(files) == 1:
                raise
            failures.append(Failure(exc.path, exc.problem))
        timings.append((str(file), time.perf_counter() - start))
    return ScanRun(tuple(results), tuple(failures), evidence, tuple(timings))


def _reviewed_scan(file: Path, rule_pack, reviewed, evidence: int, min_confidence: float, **read_options):
    """A scan with the reviews of its contract applied (every unit's evidence scanned, so a
    practice one of whose units is rejected can stay present on another)."""
    from .. import segment as read
    from ..reviews import apply
    from ..scanner import scan_contract

    contract = read(file, **read_options)
    full = scan_contract(contract, rule_pack, evidence=ALL_EVIDENCE, min_confidence=min_confidence)
    return apply(full, contract, reviewed, thresholds(rule_pack), evidence=evidence)
