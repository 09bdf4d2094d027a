"""contractlens: which innovative labor-management practices a teacher contract codifies.

Library use::

    import contractlens
    contract = contractlens.segment("agreement.pdf")   # structure only
"""

from __future__ import annotations

from pathlib import Path

from .errors import ConfigError, ContractLensError, InputError
from .models import Contract, Page, Source, TocEntry, Unit

__version__ = "0.1.0"


def segment(path: str | Path, *, pdf_engine: str = "pdfium", encoding: str | None = None,
            password: str | None = None) -> Contract:
    """Read a contract file into its structure: pages, articles, sections, items."""
    from .ingest import read_document
    from .structure import build_contract

    raw = read_document(path, pdf_engine=pdf_engine, encoding=encoding, password=password)
    return build_contract(raw)


__all__ = ["segment", "Contract", "Unit", "Page", "Source", "TocEntry", "ContractLensError", "InputError",
           "ConfigError", "__version__"]
