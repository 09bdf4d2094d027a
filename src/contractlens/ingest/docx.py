"""Word .docx drafts via python-docx.

Paragraphs and table cells in document order. Word decides pagination when it
renders, so pages are only known where the file records page breaks (explicit
ones, or those Word saved as ``lastRenderedPageBreak``).
"""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import InputError
from ..models import RawPage

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(p) -> tuple[str, bool]:
    """Text of a <w:p> element and whether a page break precedes it."""
    parts: list[str] = []
    breaks_before = False
    for el in p.iter():
        tag = el.tag
        if tag == _W + "t":
            parts.append(el.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            if el.get(_W + "type") == "page":
                if "".join(parts).strip():
                    parts.append("\f")
                else:
                    breaks_before = True
            else:
                parts.append("\n")
        elif tag == _W + "lastRenderedPageBreak":
            if "".join(parts).strip():
                parts.append("\f")
            else:
                breaks_before = True
    ppr = p.find(_W + "pPr")
    if ppr is not None and ppr.find(_W + "pageBreakBefore") is not None:
        breaks_before = True
    return "".join(parts), breaks_before


def read(path: Path, data: bytes) -> tuple[list[RawPage], list[str]]:
    try:
        import docx  # python-docx
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for a bad package
        raise InputError(path, f"is not a readable .docx file ({type(exc).__name__})") from None

    lines: list[str] = []
    body = document.element.body
    for block in body.iterchildren():
        if block.tag == _W + "p":
            text, brk = _paragraph_text(block)
            if brk and lines:
                lines.append("\f")
            lines.append(text)
        elif block.tag == _W + "tbl":
            for row in block.iter(_W + "tr"):
                cells = []
                for cell in row.iter(_W + "tc"):
                    cells.append(" ".join(_paragraph_text(p)[0] for p in cell.iter(_W + "p")).strip())
                lines.append("\t".join(cells))
    text = "\n".join(lines).replace("\n\f\n", "\f")
    if not text.strip():
        raise InputError(path, "has no text (an empty Word document)")
    pages = [RawPage(number=i + 1, text=chunk) for i, chunk in enumerate(text.split("\f"))]
    return pages, []
