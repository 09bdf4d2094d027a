"""The OCR page cache: text read from a page image, keyed by a hash of that image.

It lives in the results database (``files.default_db()`` unless told otherwise)
in a table of its own, ``ocr_pages``, apart from the results tables: a second
``scan`` or ``compare`` of a scanned file, or the same page inside another
file, costs no OCR. The key covers the rendered pixels, the resolution, the
engine and its version, so a new engine version reads the page again.
"""

from __future__ import annotations

import errno
import hashlib
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS ocr_pages (
    key TEXT PRIMARY KEY,          -- sha256 of pixels, size, dpi, engine and version
    engine TEXT NOT NULL,          -- "tesseract 5.5.4"
    text TEXT NOT NULL,
    confidence REAL NOT NULL,      -- mean word confidence, 0-1
    angle INTEGER NOT NULL         -- degrees the image was turned to read it
);
"""


def page_key(pixels: bytes, size: tuple[int, int], dpi: int, engine: str) -> str:
    h = hashlib.sha256(pixels)
    h.update(f"|{size[0]}x{size[1]}|{dpi}|{engine}".encode())
    return h.hexdigest()


class PageTextCache:
    """Get and put OCR text by page key. Use from one thread; open one per process."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.failed: str | None = None  # why a write failed; later pages are not cached
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    def get(self, key: str) -> tuple[str, float, int] | None:
        row = self.db.execute("SELECT text, confidence, angle FROM ocr_pages WHERE key = ?", (key,)).fetchone()
        return (row[0], float(row[1]), int(row[2])) if row else None

    def put(self, key: str, engine: str, text: str, confidence: float, angle: int) -> bool:
        """Keep a page's text; False when it cannot be written (a full disk, a read-only file):
        the cache is a saving, never a reason for a scan to fail, so the failure is kept in
        ``failed`` for a note and no later page is tried."""
        if self.failed:
            return False
        try:
            with self.db:
                self.db.execute("INSERT OR REPLACE INTO ocr_pages VALUES (?,?,?,?,?)",
                                (key, engine, text, confidence, angle))
        except (sqlite3.Error, OSError) as exc:
            self.failed = _why(exc)
            return False
        return True

    def note(self) -> str | None:
        """The warning for a scan whose pages could not all be cached, or None."""
        if not self.failed:
            return None
        return (f"the OCR page cache {self.path} could not be written ({self.failed}); the scan went on "
                f"without caching, so these pages are read again next time")

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM ocr_pages").fetchone()[0]

    def close(self) -> None:
        try:
            self.db.close()
        except sqlite3.Error:  # a full disk may refuse the last checkpoint; the pages written are kept
            pass


def _why(exc: BaseException) -> str:
    text = str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "full" in text.lower():
        return "the disk is full"
    return getattr(exc, "strerror", None) or text or type(exc).__name__


def open_cache(path: str | Path | None) -> tuple[PageTextCache | None, str | None]:
    """The cache at ``path`` (None: no cache), or None and a warning when it cannot be opened."""
    if path is None:
        return None, None
    try:
        return PageTextCache(path), None
    except (sqlite3.Error, OSError) as exc:
        return None, f"the OCR page cache {path} cannot be used ({exc}); pages are read again next time"
