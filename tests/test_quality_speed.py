"""The faster text-layer check (issue 12) decides exactly as the per-character loop it
replaced, kept here as the reference: on every page of the sample and real PDFs, on
hand-made pages of every kind, and on random text drawn from all of Unicode."""

from __future__ import annotations

import random
import re
import time
import unicodedata

import pytest

from conftest import CONTRACTS, SAMPLES

from contractlens.ingest import quality
from contractlens.ingest.quality import GARBLED, MAX_BAD_SHARE, MIN_CHARACTERS, MIN_ENGLISH_SHARE, \
    MIN_WORDS_TO_JUDGE, NO_TEXT, text_layer_problem
from contractlens.lexicon import english_words

_WORD = re.compile(r"[A-Za-z]{3,}")


def reference(text: str) -> str | None:
    """The check as it was before issue 12, character by character."""
    visible = [c for c in text if not c.isspace()]
    if sum(c.isalnum() for c in visible) < MIN_CHARACTERS:
        return NO_TEXT
    bad = sum(1 for c in visible if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cc", "Cn"))
    if bad / len(visible) > MAX_BAD_SHARE:
        return GARBLED
    words = _WORD.findall(text)
    if len(words) >= MIN_WORDS_TO_JUDGE:
        known = english_words()
        share = sum(1 for w in words if w.lower() in known) / len(words) if known else 1.0
        if share < MIN_ENGLISH_SHARE:
            return GARBLED
    return None


def pdf_pages(path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def shared_pdfs():
    if not CONTRACTS.is_dir():
        return []
    return sorted(p for p in CONTRACTS.rglob("*.pdf"))


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.pdf")), ids=lambda p: p.name)
def test_same_decisions_on_sample_pdfs(path):
    pages = pdf_pages(path)
    assert [text_layer_problem(t) for t in pages] == [reference(t) for t in pages]


@pytest.mark.skipif(not shared_pdfs(), reason=f"the real contracts are not here ({CONTRACTS})")
def test_same_decisions_on_every_shared_pdf():
    decided = {None: 0, NO_TEXT: 0, GARBLED: 0}
    for path in shared_pdfs():  # the text-layer contracts, the scans and the non-contracts
        pages = pdf_pages(path)
        new = [text_layer_problem(t) for t in pages]
        assert new == [reference(t) for t in pages], path.name
        for d in new:
            decided[d] += 1
    assert decided[None] > 1000 and decided[NO_TEXT] > 0  # the comparison covered both outcomes


HAND_MADE = [
    "", "   \n\t ", "Page 7", "a" * 19, "a" * 20, "1 2 3 4 5 6 7 8 9 10 11 12",
    "\ufffd" * 5 + "x" * 40,  # 5/45 bad: 11% -> garbled
    "\ufffd" * 4 + "x" * 40,  # 9% -> fine
    "\ue000\ue001\uf8ff" + "word " * 10, "\x01\x02\x03\x04\x05" + "abcd" * 10, "\u0378" * 6 + "z" * 30,
    "xqzt " * 30, "the teacher shall " * 10, "Théâtre école ñandú " * 10, "文字化け" * 20, "\u00ad-" * 30,
    "K\u212a\u0130 " * 30, "_" * 40 + "abc", "a_" * 19, "a_" * 20, " ".join("x" * 20), "\u2003".join("7" * 19), "٣٤٥" * 10, "\x1c\x1d\x1e\x1f" * 10 + "word" * 10,
]


@pytest.mark.parametrize("text", HAND_MADE)
def test_same_decisions_on_hand_made_pages(text):
    assert text_layer_problem(text) == reference(text)


def test_same_decisions_on_random_unicode():
    rng = random.Random(12)
    words = sorted(english_words())[:5000]
    for _ in range(3000):
        parts = []
        for _ in range(rng.randrange(0, 80)):
            r = rng.random()
            if r < 0.4:
                parts.append(rng.choice(words))
            elif r < 0.6:
                parts.append("".join(chr(rng.randrange(0x20, 0x7f)) for _ in range(rng.randrange(1, 8))))
            elif r < 0.8:
                parts.append("".join(chr(rng.randrange(0, 0x110000)) for _ in range(rng.randrange(1, 5))))
            else:
                parts.append(rng.choice([" ", "\n", "\t", "\u2003", "\x85", "\ufffd", "\ue123", "\x07"]))
        text = " ".join(parts)
        assert text_layer_problem(text) == reference(text), repr(text)


def test_faster_than_the_reference():
    pages = pdf_pages(SAMPLES / "traditional.pdf") * 20
    english_words()

    def best(fn):
        out = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            for p in pages:
                fn(p)
            out = min(out, time.perf_counter() - t)
        return out

    assert best(quality.text_layer_problem) < best(reference)
