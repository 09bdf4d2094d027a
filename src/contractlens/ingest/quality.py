"""Is a page's text layer worth reading, and how far to trust text read by OCR.

A page is sent to OCR when its text layer is missing or garbage: too few characters,
too many replacement or private-use characters (fonts without a Unicode map),
or words that do not look like English (an earlier bad OCR layer, a font whose
codes map to the wrong letters). The thresholds are loose on purpose: a page of
names or a salary table still reads as text; only text no reader could use is
replaced.
"""

from __future__ import annotations

import re
import unicodedata

from ..models import PageReading

MIN_CHARACTERS = 20  # fewer letters and digits than this and the page has no text layer to speak of
MAX_BAD_SHARE = 0.10  # replacement, private-use and control characters among the visible ones
MIN_WORDS_TO_JUDGE = 25  # word shape is judged only on pages with this many words
MIN_ENGLISH_SHARE = 0.30  # share of words (3+ letters) that are English words

NO_TEXT, GARBLED = "no text layer", "garbled text layer"

_WORD = re.compile(r"[A-Za-z]{3,}")
# MIN_CHARACTERS letters or digits, anything between: [^\W_] is exactly what str.isalnum() accepts
_ENOUGH_ALNUM = re.compile(r"[^\W_](?:[\W_]*[^\W_]){%d}" % (MIN_CHARACTERS - 1))
_PLAIN = re.compile(r"[\x20-\x7e]+")  # printable ASCII: never replacement, private-use or control


def text_layer_problem(text: str) -> str | None:
    """Why this page's text layer cannot be used (NO_TEXT, GARBLED), or None when it reads well.

    Decides as a per-character loop would (tests/test_quality_speed.py keeps that loop and
    compares), but counts with C-level string and regex operations: this runs on every page."""
    if not _ENOUGH_ALNUM.search(text):  # stops at the MIN_CHARACTERS-th, not at the page's end
        return NO_TEXT
    visible = "".join(text.split())  # str.split() splits on exactly the str.isspace() characters
    rest = _PLAIN.sub("", visible)  # only these few can be bad
    bad = sum(1 for c in rest if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cc", "Cn"))
    if bad / len(visible) > MAX_BAD_SHARE:
        return GARBLED
    words = _WORD.findall(text)
    if len(words) >= MIN_WORDS_TO_JUDGE and english_share(words) < MIN_ENGLISH_SHARE:
        return GARBLED
    return None


def english_share(words: list[str]) -> float:
    """The share of ``words`` found in the English word list (0 when there are none)."""
    from ..lexicon import english_words

    known = english_words()
    if not words or not known:
        return 1.0 if words and not known else 0.0
    return sum(map(known.__contains__, map(str.lower, words))) / len(words)


TRUSTED = 0.85  # OCR confidence at or above which its text is taken as it is
FLOOR = 0.6  # the lowest factor: a quote from a very poor page still counts for something


def ocr_factor(reading: PageReading | None) -> float:
    """How far to trust a finding on this page: 1.0 for a text layer or clean OCR, less for poor OCR."""
    if reading is None or reading.confidence >= TRUSTED:
        return 1.0
    return round(max(FLOOR, FLOOR + (1 - FLOOR) * (reading.confidence - 0.5) / (TRUSTED - 0.5)), 4)
