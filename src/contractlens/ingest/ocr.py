"""Read PDF pages by OCR: render each page, skip blank ones, recognise, tidy the lines.

The main thread renders pages with pdfium (which must not be used from two
threads at once), hashes the pixels and looks them up in the page cache; pages
the cache lacks are recognised one page per task on ``jobs`` threads (both
engines release the GIL). A page that reads as nonsense is tried turned a
quarter, three quarters and half a turn, and the reading with the most English
words is kept. The text then goes through the same cleanup and structure
stages as a text layer; here we only put each printed line back together
(engines split hanging section numbers from their text) and undo the commonest
misreading of a section number ("1:1" for "1.1").
"""

from __future__ import annotations

import queue
import re
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..models import PageReading
from .ocr_cache import open_cache, page_key
from .ocr_engines import Line, engine_class
from .quality import english_share

DPI_MIN, DPI_MAX = 200, 300  # render at the scan's own resolution, within these bounds
DPI_NO_IMAGE = 300  # a page drawn without images (a garbled text layer): render finely
INK = 0.0002  # share of dark pixels below which a page image is blank (a short title has more)
TURNS = (90, 270, 180)  # tried in this order when a page reads as nonsense
# Part of every cache key: raise it when a change here alters the text read from an image.
READER_VERSION = 3

Progress = Callable[[int, int, int], None]  # (pages done, pages to do, page number)


@dataclass(frozen=True)
class OcrOptions:
    """How to OCR: ``mode`` auto|always|never, ``jobs`` parallel pages, the cache database
    (None: no cache), an engine by name (None: the first installed), a progress callback."""

    mode: str = "auto"
    jobs: int = 1
    cache: str | Path | None = None
    engine: str | None = None
    progress: Progress | None = None


@dataclass(frozen=True)
class PageText:
    text: str
    confidence: float
    angle: int


@dataclass(frozen=True)
class OcrRun:
    texts: dict[int, str]  # 0-based page index -> text ("" for blank pages)
    readings: dict[int, PageReading]  # pages that were read by OCR (not the blank ones)
    blank: tuple[int, ...]  # 1-based page numbers found blank
    recognised: int  # pages recognised in this run (the rest came from the cache)
    warnings: tuple[str, ...]


def read_pages(path: Path, data: bytes, password: str | None, targets: dict[int, str],
               options: OcrOptions, short_layers: frozenset[int] = frozenset()) -> OcrRun:
    """OCR the pages ``targets`` names (0-based index -> reason) of the PDF in ``data``.

    Pages in ``short_layers`` have a little text of their own (a divider page, a
    stamped page number): they are read only when they hold an image."""
    import pypdfium2 as pdfium

    cls = engine_class(options.engine)  # OcrUnavailable when none is installed
    engine_id = f"{cls.name} {cls.installed_version()}"
    cache, note = open_cache(options.cache)
    warnings = [note] if note else []
    texts: dict[int, str] = {}
    readings: dict[int, PageReading] = {}
    blank: list[int] = []
    engines: queue.Queue = queue.Queue()
    made: list = []
    jobs = max(1, options.jobs)
    total, done, recognised = len(targets), 0, 0

    def recognise(image):
        try:
            engine = engines.get_nowait()
        except queue.Empty:
            engine = cls()
            made.append(engine)
        try:
            return read_image(engine, image)
        finally:
            engines.put(engine)

    def finish(index: int, page: PageText) -> None:
        nonlocal done
        texts[index] = page.text
        readings[index] = PageReading(index + 1, "ocr", engine_id, round(page.confidence, 3), targets[index])
        done += 1
        if options.progress:
            options.progress(done, total, index + 1)

    doc = pdfium.PdfDocument(data, password=password)
    pool = ThreadPoolExecutor(max_workers=jobs)
    pending: dict = {}
    try:
        if options.progress:
            options.progress(0, total, 0)
        for index in sorted(targets):
            rendered = render(doc, index, only_scans=index in short_layers)
            if rendered is None:  # drawn text, no scan: its own text layer is all there is
                done += 1
                if options.progress:
                    options.progress(done, total, index + 1)
                continue
            image, dpi = rendered
            if is_blank(image):
                texts[index] = ""
                blank.append(index + 1)
                done += 1
                if options.progress:
                    options.progress(done, total, index + 1)
                continue
            key = page_key(image.tobytes(), image.size, dpi, f"{engine_id} reader {READER_VERSION}")
            hit = cache.get(key) if cache is not None else None
            if hit is not None:  # cleaned again: a later cleanup reaches cached pages without OCR
                finish(index, PageText(normalise(hit[0]), hit[1], hit[2]))
                continue
            pending[pool.submit(recognise, image)] = (index, key)
            while len(pending) >= 2 * jobs:  # keep memory bounded: a rendered page is ~8 MB
                recognised += _collect(pending, cache, engine_id, finish, path, FIRST_COMPLETED)
        while pending:
            recognised += _collect(pending, cache, engine_id, finish, path, FIRST_COMPLETED)
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        doc.close()
        for e in made:
            e.close()
        if cache is not None:
            if cache.note():
                warnings.append(cache.note())
            cache.close()
    return OcrRun(texts, readings, tuple(blank), recognised, tuple(warnings))


def _collect(pending: dict, cache, engine_id: str, finish, path: Path, how) -> int:
    finished, _ = wait(list(pending), return_when=how)
    for f in finished:
        index, key = pending.pop(f)
        try:
            page = f.result()
        except Exception as exc:  # the engine failed on this image: name the page
            raise InputError(path, f"page {index + 1} cannot be read by OCR ({type(exc).__name__}: {exc})") from None
        if cache is not None:
            cache.put(key, engine_id, page.text, page.confidence, page.angle)
        finish(index, page)
    return len(finished)


# -- one page -----------------------------------------------------------------------------------

def render(doc, index: int, only_scans: bool = False):
    """Page ``index`` as a greyscale PIL image, at the resolution of its scan, and that dpi;
    None when ``only_scans`` and the page holds no image."""
    page = doc[index]
    try:
        dpi = page_dpi(page)
        if dpi is None:
            if only_scans:
                return None
            dpi = DPI_NO_IMAGE
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        page.close()
    return image, dpi


def page_dpi(page) -> int | None:
    """The resolution of the largest image on the page, within DPI_MIN..DPI_MAX; None without images."""
    import pypdfium2.raw as pdfium_c

    best, area = None, 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        try:
            meta = obj.get_metadata()
        except Exception:  # an image pdfium cannot describe: ignore it
            continue
        if meta.width * meta.height > area and meta.horizontal_dpi > 0:
            best, area = meta.horizontal_dpi, meta.width * meta.height
    if best is None:
        return None
    return int(min(DPI_MAX, max(DPI_MIN, round(best))))


def is_blank(image) -> bool:
    histogram = image.histogram()
    dark = sum(histogram[:128])
    return dark < INK * image.size[0] * image.size[1]


_WORDS = re.compile(r"[A-Za-z]{3,}")


def _english_words(text: str) -> int:
    words = _WORDS.findall(text)
    return round(english_share(words) * len(words))


def read_image(engine, image) -> PageText:
    """Recognise a page image; turn it when it reads as nonsense (a page scanned sideways)."""
    best = _read_turned(engine, image, 0)
    if _reads_well(best):
        return best
    score = _english_words(best.text)
    for angle in TURNS:
        attempt = _read_turned(engine, image, angle)
        s = _english_words(attempt.text)
        if s > score:
            best, score = attempt, s
            if _reads_well(attempt):
                break
    return best


def _reads_well(page: PageText) -> bool:
    words = _WORDS.findall(page.text)
    return len(words) >= 5 and english_share(words) >= 0.6


def _read_turned(engine, image, angle: int) -> PageText:
    turned = image if angle == 0 else image.rotate(angle, expand=True, fillcolor=255)
    text, confidence = assemble(engine.read(turned))
    return PageText(normalise(text), confidence, angle)


def assemble(lines: list[Line]) -> tuple[str, float]:
    """Put lines that share a baseline back together, left to right; return the text and the
    word-weighted mean confidence. Noise (a speck read as a letter) is dropped.

    A line joins a row when it overlaps, by half its height, a line of the row of about its
    own height: a tall box (initials written in the margin) joins nothing, so it cannot glue
    a heading to the line below it."""
    kept = [ln for ln in lines if ln.confidence >= 0.3 or english_share(_WORDS.findall(ln.text)) > 0]
    rows: list[list[Line]] = []
    for ln in sorted(kept, key=lambda ln: (ln.top, ln.left)):
        row = next((r for r in reversed(rows[-3:]) if any(_same_row(x, ln) for x in r)), None)
        if row is None:
            rows.append([ln])
        else:
            row.append(ln)
    rows.sort(key=lambda r: min(x.top for x in r))
    text = "\n".join(" ".join(x.text for x in sorted(row, key=lambda x: x.left)) for row in rows)
    words = sum(ln.words for ln in kept)
    confidence = sum(ln.confidence * ln.words for ln in kept) / words if words else 0.0
    return text, confidence


def _same_row(a: Line, b: Line) -> bool:
    ha, hb = a.bottom - a.top, b.bottom - b.top
    if min(ha, hb) <= 0 or max(ha, hb) > 1.8 * min(ha, hb):
        return False
    return min(a.bottom, b.bottom) - max(a.top, b.top) >= 0.5 * min(ha, hb)


# "1:1 Purpose" -> "1.1 Purpose": a colon between section numbers at the start of a line.
# Times ("8:30 a.m.") keep their colon: minutes are two digits ending in 0 or 5.
_COLON_NUMBER = re.compile(r"^(\s*(?:(?:article|section|sec\.)\s+)?\d{1,3}):(\d{1,2})(?=[.:]?\d*\s+\S)",
                           re.IGNORECASE | re.MULTILINE)


def normalise(text: str) -> str:
    def fix(m: re.Match) -> str:
        minutes = m.group(2)
        if len(minutes) == 2 and (minutes[0] == "0" or minutes[1] in "05"):
            return m.group(0)
        return f"{m.group(1)}.{minutes}"
    text = _COLON_NUMBER.sub(fix, text)
    text = _ROMAN_HEAD.sub(lambda m: m.group(1) + m.group(2).replace("l", "I"), text)
    text = _BAR_HEAD.sub(r"\1 ", text)
    return "\n".join(_leader(line) for line in text.split("\n"))


# A heading's roman numeral with a lower-case l for I ("ARTICLE Xl — WAGES"), and a rule or
# frame edge read as "|" after the number ("ARTICLE XVII|—Term"): put the heading back.
_ROMAN_HEAD = re.compile(r"^(\s*(?:ARTICLE|Article|PART|Part|SECTION|Section)\s+)([IVXL]*l[IVXLl]*)(?=[\s.:|—–-]|$)",
                         re.MULTILINE)
_BAR_HEAD = re.compile(r"^(\s*(?:ARTICLE|Article|SECTION|Section)\s+[\dIVXLC]{1,7}(?:\.\d{1,3})*)\s*\|(?=\s*[—–:-])",
                       re.MULTILINE)


# Leader dots in a table of contents come back as runs of small round letters
# ("ARTICLE 4 ....ceeeceeeeesseneeee 12"): put the dots back, keep the page number.
_PAGE_AT_END = re.compile(r"\s+(\d{1,4}|[ivxlc]{1,6})$", re.IGNORECASE)
_DOTLIKE = set(".,:;'’`‘«»·…-_ceosanuvrwxmz")


def _leaderish(token: str) -> bool:
    from ..lexicon import english_words

    low = token.lower()
    if low.strip(".,:;") in english_words() and token.count(".") < 3:
        return False
    return sum(c in _DOTLIKE for c in low) >= 0.8 * len(low) and (len(low) >= 2 or low in ".…")


def _leader(line: str) -> str:
    m = _PAGE_AT_END.search(line)
    if not m:
        return line
    words = line[:m.start()].split(" ")
    junk = dots = 0
    while len(words) > 1 and words[-1] and _leaderish(words[-1]):
        dots += words[-1].count(".")
        junk += len(words.pop())
    if junk < 8 and dots < 3:
        return line
    return " ".join(words).rstrip(" .") + " " + "." * 8 + " " + m.group(1)
