"""contractlens: which innovative labor-management practices a teacher contract codifies.

Library use::

    import contractlens
    contract = contractlens.segment("agreement.pdf")   # structure only
"""

from __future__ import annotations

from pathlib import Path

from .errors import ConfigError, ContractLensError, InputError
from .models import Contract, Evidence, Page, PracticeResult, ScanResult, Source, Tag, TocEntry, Unit

__version__ = "0.1.0"


def segment(path: str | Path, *, pdf_engine: str = "pdfium", encoding: str | None = None,
            password: str | None = None, ocr="auto", data: bytes | None = None) -> Contract:
    """Read a contract file into its structure: pages, articles, sections, items.

    ``ocr``: "auto" (pages without a usable text layer), "always", "never", or
    ``contractlens.ingest.OcrOptions`` (mode, parallel jobs, cache, progress).
    ``data``: the file's bytes when they were read elsewhere; ``path`` then only names it."""
    from .ingest import read_document
    from .structure import build_contract

    raw = read_document(path, pdf_engine=pdf_engine, encoding=encoding, password=password, ocr=ocr, data=data)
    return build_contract(raw)


def scan(path: str | Path, rules=None, **options):
    """Which practices a contract codifies, where and how sure: a ``ScanResult``.

    ``rules`` is a bundled pack name ("handbook", "principles"), a directory of
    rule files, a rule file, or None for the handbook pack.
    """
    from .scanner import scan as _scan
    return _scan(path, rules, **options)


def tag(text: str, rules=None):
    """The practices a piece of text codifies, read as one clause: a list of ``Tag``, best first."""
    from .scanner import tag as _tag
    return _tag(text, rules)


__all__ = ["segment", "scan", "tag", "ScanResult", "PracticeResult", "Evidence", "Tag", "Contract", "Unit", "Page", "Source", "TocEntry", "ContractLensError", "InputError",
           "ConfigError", "__version__"]
