"""PDF text by page, with pdfium (fast, default) or pdfminer.six (pure Python);
pages without a usable text layer are read by OCR (``ocr.py``).

We measured pdfium at 400-500 pages/s and pdfminer.six at 10-17 pages/s on the
same contracts with the same text; pdfminer stays selectable for users who want
a pure-Python reader or need to compare.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import ConfigError, InputError
from ..models import RawPage
from .ocr import OcrOptions
from .quality import NO_TEXT, text_layer_problem


def read(path: Path, data: bytes, *, engine: str = "pdfium", password: str | None = None,
         ocr: OcrOptions | None = None) -> tuple[list[RawPage], list[str]]:
    """The text of each page: its text layer, or OCR where the layer is missing or garbled."""
    options = ocr or OcrOptions()
    texts = _read_pdfium(path, data, password) if engine == "pdfium" else _read_pdfminer(path, data, password)
    if not texts:
        raise InputError(path, "is a PDF with no pages")
    if options.mode == "never":
        return _text_layer_only(path, texts, None)
    if options.mode == "always":
        targets = {i: "--ocr always" for i in range(len(texts))}
    else:
        targets = {i: problem for i, t in enumerate(texts) if (problem := text_layer_problem(t))}
    if not targets:
        return [RawPage(number=i + 1, text=t) for i, t in enumerate(texts)], []
    from .ocr import read_pages
    from .ocr_engines import OcrUnavailable

    try:
        short = frozenset(i for i, reason in targets.items() if reason == NO_TEXT and texts[i].strip())
        run = read_pages(path, data, password, targets, options, short)
    except OcrUnavailable as exc:
        if options.mode == "always":
            raise ConfigError(f"--ocr always: {exc}") from None
        return _text_layer_only(path, texts, str(exc))
    pages = []
    for i, t in enumerate(texts):
        reading = run.readings.get(i)
        if reading is not None and not (reading.reason == NO_TEXT and not _holds_more(run.texts[i], t)):
            pages.append(RawPage(number=i + 1, text=run.texts[i], reading=reading))
        else:  # a good layer; or a short one (a divider page) the image holds no more than
            pages.append(RawPage(number=i + 1, text=t))
    if not any(p.text.strip() for p in pages):
        raise InputError(path, f"has no text on any of its {len(texts)} pages: no text layer, and OCR "
                               f"found none (blank pages?)")
    return pages, list(run.warnings) + _ocr_notes(run, pages, len(texts))


def _text_layer_only(path: Path, texts: list[str], no_engine: str | None) -> tuple[list[RawPage], list[str]]:
    """Today's reading without OCR: the text layer as it is, blank pages flagged."""
    hint = f"; {no_engine}" if no_engine else ""
    blank = [i + 1 for i, t in enumerate(texts) if not t.strip()]
    if len(blank) == len(texts):
        raise InputError(path, f"has no text layer on any of its {len(texts)} pages (a scanned PDF?); "
                               "run OCR on it first" + hint)
    warnings = []
    # A few blank pages are normal (separators); many suggest scanned pages.
    if blank and len(blank) > max(2, len(texts) // 20):
        warnings.append(f"{len(blank)} of {len(texts)} pages have no text layer (scanned?): "
                        f"pages {_ranges(blank)}; their text is missing until OCR" + hint)
    pages = [RawPage(number=i + 1, text=t) for i, t in enumerate(texts)]
    return pages, warnings


def _holds_more(ocr_text: str, layer: str) -> bool:
    """The image says much more than the short text layer (a scan with a stamped page number)."""
    def chars(text: str) -> int:
        return sum(c.isalnum() for c in text)
    return chars(ocr_text) > 2 * chars(layer) + 20


LOW_CONFIDENCE = 0.7


def _ocr_notes(run, pages: list[RawPage], total: int) -> list[str]:
    notes = []
    readings = sorted((p.reading for p in pages if p.reading), key=lambda r: r.page)
    if readings:
        mean = sum(r.confidence for r in readings) / len(readings)
        notes.append(f"{len(readings)} of {total} pages were read by OCR ({readings[0].engine}, mean confidence "
                     f"{mean:.2f}): pages {_ranges([r.page for r in readings])}")
        low = [r.page for r in readings if r.confidence < LOW_CONFIDENCE]
        if low:
            notes.append(f"OCR confidence is below {LOW_CONFIDENCE:.2f} on pages {_ranges(low)}: "
                         "check quotes from them against the page")
    blank = [p.number for p in pages if p.number in run.blank and not p.text.strip()]
    if len(blank) > max(2, total // 20):  # a few blank pages are separators
        notes.append(f"{len(blank)} of {total} pages have no text layer and are blank images: "
                     f"pages {_ranges(blank)}")
    return notes


def _read_pdfium(path: Path, data: bytes, password: str | None) -> list[str]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        raise InputError(path, _pdfium_problem(str(exc), password)) from None
    texts = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise InputError(path, f"is a damaged PDF: page {len(texts) + 1} cannot be read ({exc})") from None
    finally:
        doc.close()
    return texts


def _pdfium_problem(message: str, password: str | None) -> str:
    if "password" in message.lower():
        if password:
            return "is an encrypted PDF and the password given is wrong"
        return "is an encrypted, password-protected PDF; pass its password with --password"
    if "format" in message.lower() or "file" in message.lower():
        return "is not a readable PDF (damaged or truncated)"
    return f"cannot be opened as a PDF ({message})"


def _read_pdfminer(path: Path, data: bytes, password: str | None) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    texts = []
    try:
        for page in extract_pages(io.BytesIO(data), password=password or ""):
            texts.append("".join(el.get_text() for el in page if isinstance(el, LTTextContainer)))
    except PDFPasswordIncorrect:
        return _raise(path, "is an encrypted PDF and the password given is wrong" if password else
                      "is an encrypted, password-protected PDF; pass its password with --password")
    except PDFEncryptionError as exc:
        return _raise(path, f"uses an encryption pdfminer.six cannot open ({exc}); try --pdf-engine pdfium")
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        if texts:
            return _raise(path, f"is a damaged PDF: page {len(texts) + 1} cannot be read ({type(exc).__name__})")
        return _raise(path, f"is not a readable PDF (damaged or truncated: {type(exc).__name__})")
    return texts


def _raise(path: Path, problem: str):
    raise InputError(path, problem)


def _ranges(numbers: list[int]) -> str:
    out, start, prev = [], numbers[0], numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out[:12]) + (", ..." if len(out) > 12 else "")
