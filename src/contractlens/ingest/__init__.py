"""Ingestion: read a contract file into pages of raw text.

``read_document`` sniffs the format from the file's bytes (not only its name),
hands it to one reader module per format and returns a ``RawDocument``. Every
problem with the file becomes an ``InputError`` naming the file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import InputError
from ..models import RawDocument, Source
from .detect import detect_format
from .limits import read_input_bytes

PDF_ENGINES = ("pdfium", "pdfminer")


def read_document(path: str | Path, *, pdf_engine: str = "pdfium",
                  encoding: str | None = None, password: str | None = None) -> RawDocument:
    """Read ``path`` (PDF, text, Markdown or .docx) into raw pages."""
    p = Path(path)
    data = read_input_bytes(p)
    if not data.strip():
        raise InputError(p, "is empty")

    fmt = detect_format(p, data)
    sha = hashlib.sha256(data).hexdigest()
    if fmt == "pdf":
        if pdf_engine not in PDF_ENGINES:
            raise InputError(p, f"unknown PDF engine {pdf_engine!r} (expected one of {', '.join(PDF_ENGINES)})")
        from . import pdf
        pages, warnings = pdf.read(p, data, engine=pdf_engine, password=password)
        engine = pdf_engine
    elif fmt == "docx":
        from . import docx
        pages, warnings = docx.read(p, data)
        engine = "python-docx"
    else:
        from . import text
        pages, warnings = text.read(p, data, encoding=encoding, markdown=(fmt == "markdown"))
        engine = fmt

    source = Source(path=str(p), sha256=sha, format=fmt, pages=len(pages), engine=engine)
    return RawDocument(source=source, pages=tuple(pages), warnings=tuple(warnings))


__all__ = ["read_document", "PDF_ENGINES"]
