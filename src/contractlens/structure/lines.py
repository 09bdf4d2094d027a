"""The line cursor: the contract's clean lines with their pages, and how to step over them.

Every later part of the structure stage reads lines through a ``Lines``: the
text of line ``i``, its PDF page and printed page, whether it is kept out of the
outline (contents, index, listings) and whether the source marked it as a
heading (a Markdown ``#`` line, a Word heading style).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .headings import is_titleish

_TERMINAL = tuple('.:;!?)"”’]')


@dataclass
class Lines:
    text: list[str]
    page: list[int]  # PDF page of each line (1-based)
    printed: list[str | None]  # printed page number of each line's page
    start: list[int]  # offset of each line in the contract's text
    trusted: dict[int, int] = field(default_factory=dict)  # line -> heading level the source gave it
    skip: set[int] = field(default_factory=set)  # lines kept out of the outline

    def __len__(self) -> int:
        return len(self.text)

    def next(self, i: int) -> int | None:
        """The next line after ``i`` that is not skipped."""
        j = i + 1
        while j < len(self.text) and j in self.skip:
            j += 1
        return j if j < len(self.text) else None

    def prev(self, i: int) -> int | None:
        j = i - 1
        while j >= 0 and j in self.skip:
            j -= 1
        return j if j >= 0 else None

    def after(self, i: int, n: int) -> list[int]:
        """Up to ``n`` lines after ``i``, skipped ones left out."""
        out: list[int] = []
        j: int | None = i
        while len(out) < n:
            j = self.next(j)
            if j is None:
                break
            out.append(j)
        return out

    def first_on_page(self, i: int) -> bool:
        j = self.prev(i)
        return j is None or self.page[j] != self.page[i]

    def prev_open(self, i: int) -> bool:
        """The line before ``i`` stops mid-sentence: a label on ``i`` is likely a wrapped reference
        ("... as provided in" / "Article 4. The recognition continues")."""
        j = self.prev(i)
        if j is None:
            return False
        prev = self.text[j]
        if len(prev) < 45 or prev.endswith(_TERMINAL):
            return False
        if not (prev[-1].isalpha() or prev[-1] == ","):
            return False  # a table row, a date, a form line: not a sentence running on
        last_word = prev.rsplit(" ", 1)[-1]
        return last_word[:1].islower() or prev[-1] == "," or not is_titleish(prev)


def build_lines(pages, trusted_text: dict[int, dict[str, int]] | None = None) -> tuple[Lines, str]:
    """Join clean pages into one text; return the cursor and the text.

    ``trusted_text`` maps a page number to the heading lines the source marked on it
    (text -> level); they are found again among that page's clean lines.
    """
    text_lines: list[str] = []
    page_of: list[int] = []
    printed: list[str | None] = []
    starts: list[int] = []
    trusted: dict[int, int] = {}
    pos = 0
    for p in pages:
        marks = _normalised(trusted_text.get(p.number, {})) if trusted_text else {}
        for line in p.lines:
            if marks:
                level = marks.get(_norm(line))
                if level is not None:
                    trusted[len(text_lines)] = level
            text_lines.append(line)
            page_of.append(p.number)
            printed.append(p.printed)
            starts.append(pos)
            pos += len(line) + 1
    return Lines(text_lines, page_of, printed, starts, trusted), "\n".join(text_lines)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _normalised(marks: dict[str, int]) -> dict[str, int]:
    return {_norm(k): v for k, v in marks.items()}


# Every ASCII byte but 0-9 and a-z: what _letters deletes after dropping all non-ASCII.
_NOT_ALNUM = bytes(b for b in range(128) if not (48 <= b <= 57 or 97 <= b <= 122))


def _letters(line: str) -> str:
    """The line's ASCII letters and digits, lower-cased: ``re.sub("[^0-9a-z]+", "", line.lower())``,
    at a quarter of its cost (this runs on every raw and every clean line)."""
    return line.lower().encode("ascii", "ignore").translate(None, _NOT_ALNUM).decode("ascii")


def raw_line_numbers(raw_pages, clean_pages) -> list[int]:
    """The line of the text as read (``RawPage.first_line`` on) of every clean line, in the
    order ``build_lines`` puts them: found again in the page's raw lines, in order. Cleaning
    only drops lines and characters and joins a word broken across lines, so a clean line's
    first letters are on its raw line (or, for a broken word, begin with that line's letters)."""
    out: list[int] = []
    for raw, clean in zip(raw_pages, clean_pages):
        split = raw.text.split("\n")
        rows = [_letters(r) for r in split]
        broken = [r.rstrip().endswith(("-", "\u00ad", "\ufffe")) for r in split]
        at = 0
        for line in clean.lines:
            key = _letters(line)[:24]
            found = None
            if key:
                for j in range(at, len(rows)):
                    if rows[j] and (key in rows[j] or (broken[j] and key.startswith(rows[j]))):
                        found = j
                        break
            if found is None:  # nothing to go by (a line of punctuation): the next raw line
                found = min(at, max(len(rows) - 1, 0))
            out.append(raw.first_line + found)
            at = found + 1 if found + 1 < len(rows) else found
    return out
