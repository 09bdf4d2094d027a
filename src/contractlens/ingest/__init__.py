"""Ingestion: read a contract file into pages of raw text.

``read_document`` sniffs the format from the file's bytes (not only its name),
hands it to one reader module per format and returns a ``RawDocument``. Every
problem with the file becomes an ``InputError`` naming the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from ..errors import ConfigError, InputError
from ..models import RawDocument, RawPage, Source
from .detect import detect_format
from .limits import read_input_bytes
from .ocr import OcrOptions

PDF_ENGINES = ("pdfium", "pdfminer")
OCR_MODES = ("auto", "always", "never")


def default_ocr_cache() -> Path:
    """The OCR page cache lives in the results database (its own table)."""
    from ..files import default_db
    return default_db()


def read_document(path: str | Path, *, pdf_engine: str = "pdfium",
                  encoding: str | None = None, password: str | None = None,
                  ocr: OcrOptions | str = "auto", data: bytes | None = None) -> RawDocument:
    """Read ``path`` (PDF, text, Markdown or .docx) into raw pages.

    ``ocr`` is a mode (auto: pages without a usable text layer; always; never) or
    ``OcrOptions`` with the mode, parallel jobs, cache and a progress callback.
    ``data``: the file's bytes, read elsewhere (a cluster worker may not see the file);
    ``path`` then only names it."""
    options = ocr if isinstance(ocr, OcrOptions) else OcrOptions(mode=ocr, cache=default_ocr_cache())
    if options.mode not in OCR_MODES:
        raise ConfigError(f"unknown OCR mode {options.mode!r} (expected one of {', '.join(OCR_MODES)})")
    p = Path(path)
    if data is None:
        data = read_input_bytes(p)
    if not data.strip():
        raise InputError(p, "is empty")

    fmt = detect_format(p, data)
    sha = hashlib.sha256(data).hexdigest()
    if fmt == "pdf":
        if pdf_engine not in PDF_ENGINES:
            raise InputError(p, f"unknown PDF engine {pdf_engine!r} (expected one of {', '.join(PDF_ENGINES)})")
        from . import pdf
        pages, warnings = pdf.read(p, data, engine=pdf_engine, password=password, ocr=options)
        engine = pdf_engine
    elif fmt == "docx":
        from . import docx
        pages, warnings = docx.read(p, data)
        engine = "python-docx"
    else:
        from . import text
        pages, warnings = text.read(p, data, encoding=encoding, markdown=(fmt == "markdown"))
        engine = fmt

    pages = number_lines(pages, exact=fmt in ("text", "markdown"))
    source = Source(path=str(p), sha256=sha, format=fmt, pages=len(pages), engine=engine,
                    ocr=tuple(pg.reading for pg in pages if pg.reading is not None))
    return RawDocument(source=source, pages=tuple(pages), warnings=tuple(warnings))


def number_lines(pages, *, exact: bool) -> list[RawPage]:
    """Each page with the line where it begins (``RawPage.first_line``). ``exact``: the pages are
    the chunks of one text between form feeds, so a page begins on the line the form feed is on;
    else (PDF, .docx) every page begins on a new line after the previous one."""
    out, line = [], 1
    for page in pages:
        out.append(replace(page, first_line=line))
        line += page.text.count("\n") + (0 if exact or page.text.endswith("\n") else 1)
    return out


__all__ = ["OCR_MODES", "PDF_ENGINES", "OcrOptions", "read_document"]
