"""Plain text and Markdown. A form feed starts a new page."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..models import RawPage

_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_MD_RULE = re.compile(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$", re.M)


def decode(path: Path, data: bytes, encoding: str | None) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(path, f"unknown text encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(path, f"is not valid {encoding} text (byte 0x{data[exc.start]:02x} "
                                   f"at offset {exc.start})") from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                               "re-save it as UTF-8 or pass --encoding (e.g. --encoding cp1252)") from None


def strip_markdown(text: str) -> str:
    """Drop Markdown markup a reader does not see, keeping the words."""
    text = _MD_RULE.sub("", text)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return _MD_ESCAPE.sub(r"\1", text)


def read(path: Path, data: bytes, *, encoding: str | None = None,
         markdown: bool = False) -> tuple[list[RawPage], list[str]]:
    text = decode(path, data, encoding).replace("\r\n", "\n").replace("\r", "\n")
    raw_chunks = text.split("\f")
    if markdown:
        text = strip_markdown(text)
    if not text.strip():
        raise InputError(path, "has no text (only whitespace)")
    chunks = text.split("\f")
    # Markdown "#" lines are headings by the author's own word: the outline trusts them.
    marks = [_md_headings(c) if markdown else () for c in raw_chunks]
    pages = [RawPage(number=i + 1, text=chunk, headings=marks[i] if i < len(marks) else ())
             for i, chunk in enumerate(chunks)]
    return pages, []


_MD_LEVEL = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M)


def _md_headings(chunk: str) -> tuple[tuple[str, int], ...]:
    out = []
    for m in _MD_LEVEL.finditer(chunk):
        words = _MD_ESCAPE.sub(r"\1", _MD_EMPHASIS.sub(r"\2", m.group(2))).strip()
        if words:
            out.append((words, len(m.group(1))))
    return tuple(out)
