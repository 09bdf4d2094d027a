"""The same agreement in two files (PDF, .txt and .docx of one text): counted once.

Byte-identical files share a content hash. Copies in other formats differ by page
furniture (a footer, page numbers), so text is compared by a bottom-k sketch of its
word 5-grams: two documents whose estimated resemblance is at least SAME are one."""

from __future__ import annotations

import hashlib
import re

K = 128
SAME = 0.9
_RICH = {"pdf": 0, "docx": 1}  # a PDF keeps pages to cite; Word keeps numbering; text keeps neither


def fingerprint(text: str) -> tuple[int, ...]:
    words = re.findall(r"[a-z]+", text.lower())
    shingles = {" ".join(words[i:i + 5]) for i in range(max(1, len(words) - 4))}
    hashes = {int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big") for s in shingles if s}
    return tuple(sorted(hashes)[:K])


def resemblance(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:K]
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


def richness(fmt: str, pages: int) -> tuple:
    """Which copy to keep: a PDF with pages, then Word, then text; more pages first."""
    return (_RICH.get(fmt, 2), -pages)


def groups(items: list[tuple[str, tuple[int, ...]]]) -> list[list[int]]:
    """Indices of items that are one document, each group in input order (single items too)."""
    out: list[list[int]] = []
    for i, (sha, fp) in enumerate(items):
        for g in out:
            osha, ofp = items[g[0]]
            if sha == osha or resemblance(fp, ofp) >= SAME:
                g.append(i)
                break
        else:
            out.append([i])
    return out
