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
from .docx_numbering import Numbering

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
    headings: list[list[tuple[str, int]]] = [[]]
    numbering = Numbering.from_document(document)
    heading_styles = _heading_styles(document)
    body = document.element.body
    for block in body.iterchildren():
        if block.tag == _W + "p":
            text, brk = _paragraph_text(block)
            if brk and lines:
                lines.append("\f")
                headings.append([])
            label = numbering.label(block) if text.strip() else None
            if label:
                text = f"{label} {text.lstrip()}"  # Word draws the label; the reader reads it
            level = heading_styles.get(_style_of(block))
            if level and text.strip():
                headings[-1].append((text.strip(), level))
            lines.append(text)
            if "\f" in text:
                headings.extend([] for _ in range(text.count("\f")))
        elif block.tag == _W + "tbl":
            for row in block.iter(_W + "tr"):
                cells = []
                for cell in row.iter(_W + "tc"):
                    cells.append(" ".join(_paragraph_text(p)[0] for p in cell.iter(_W + "p")).strip())
                lines.append("\t".join(cells))
    text = "\n".join(lines).replace("\n\f\n", "\f")
    if not text.strip():
        raise InputError(path, "has no text (an empty Word document)")
    chunks = text.split("\f")
    pages = [RawPage(number=i + 1, text=chunk, headings=tuple(headings[i]) if i < len(headings) else ())
             for i, chunk in enumerate(chunks)]
    return pages, []


def _style_of(p) -> str | None:
    ppr = p.find(_W + "pPr")
    st = ppr.find(_W + "pStyle") if ppr is not None else None
    return st.get(_W + "val") if st is not None else None


def _heading_styles(document) -> dict[str, int]:
    """Paragraph style id -> heading level, for Word's "Heading 1".."Heading 9" (and styles based on them)."""
    out: dict[str, int] = {}
    try:
        styles = list(document.styles)
    except Exception:  # noqa: BLE001 - a damaged styles part only costs the heading hints
        return out
    for st in styles:
        name = (getattr(st, "name", "") or "").strip().lower()
        if name.startswith("heading ") and name[8:].isdigit():
            out[st.style_id] = int(name[8:])
    return out
