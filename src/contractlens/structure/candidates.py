"""Lines that could open a top-level unit, with what a reader would notice about each.

A candidate is only a possibility: "Article 4" opening a line may be a heading
or a wrapped cross-reference. What is recorded here is the evidence the
acceptance step (``chain``) weighs: does a title follow, does the line before
run on into it, is it printed like the other headings of its kind (its shape),
did the source mark it as a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .headings import (Label, is_titleish, is_upper, parse_item, parse_numbered, parse_numbered_title,
                       parse_section, parse_top)
from .lines import Lines

BACK_FAMILIES = ("appendix", "exhibit")
_YEARS = re.compile(r"^(?:(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?|SY\s*\d{4}.*)$")


@dataclass(frozen=True)
class Candidate:
    line: int
    family: str  # article | section | paragraph | numbered | decimal | part | appendix | exhibit | memorandum ...
    label: Label
    value: int | None
    shape: tuple  # how it is printed: keyword, number form, separator, title case
    titled: bool  # a title follows, on the line or the next
    open_prose: bool  # the line before runs on into this one
    trusted: int | None  # heading level the source gave the line (Markdown, Word), if any
    first_on_page: bool


def number_form(number: str) -> str:
    if number.isdigit():
        return "arabic"
    if re.fullmatch(r"\d+(?:\.\d+)+[A-Z]?", number):
        return "decimal"
    if re.fullmatch(r"[IVXLCivxlc]+", number):
        return "roman-upper" if number.isupper() else "roman-lower"
    if re.fullmatch(r"[A-Za-z]{1,2}(?:[-.]\d+)?", number):
        return "letter"
    return "word-upper" if number.isupper() else "word"


def _separator(rest: str) -> str:
    s = rest.lstrip(" ")
    if not s:
        return ""
    if s[0] in "–—":
        return "-"  # the dashes are one mark to a reader, and OCR reads one as another
    return s[0] if s[0] in "-:,.)" else " "


def _title_case(rest: str) -> str:
    t = re.sub(r"^[\s\-–—:,.)]+", "", rest)
    if not t:
        return "none"
    return "upper" if is_upper(t) else "title"


def shape(label: Label) -> tuple:
    keyword = label.label.split()[0] if label.label and not label.label[0].isdigit() else ""
    if keyword.startswith("§"):
        keyword = "§"
    kw_case = "upper" if keyword.isupper() else "title" if keyword else ""
    form = number_form(label.number) if label.number else ""
    if label.style in BACK_FAMILIES and re.fullmatch(r"[A-Za-z]{1,2}(?:[-.]\d+)?", label.number or ""):
        form = "letter"  # "Appendix L" is the twelfth letter, not fifty
    return (label.style, kw_case, form, _separator(label.rest),
            _title_case(label.rest))


def title_follows(lines: Lines, i: int, label: Label) -> bool:
    """ "ARTICLE 7" must be followed by its title (on its line or the next), not by prose."""
    rest = re.sub(r"^[\s\-–—:.,]+", "", label.rest)
    if rest:
        return True
    j = lines.next(i)
    if j is not None and _YEARS.match(lines.text[j]):
        j = lines.next(j)  # "APPENDIX B" / "2017-2018" / "CLASS SIZE REQUIREMENTS"
    if j is None:
        return False
    nxt = lines.text[j]
    return is_titleish(nxt, max_words=20) or parse_item(nxt) is not None or \
        parse_section(nxt) is not None or parse_numbered(nxt) is not None


def _make(lines: Lines, i: int, family: str, label: Label, value: int | None) -> Candidate:
    return Candidate(i, family, label, value, shape(label), title_follows(lines, i, label), lines.prev_open(i),
                     lines.trusted.get(i), lines.first_on_page(i))


def find_candidates(lines: Lines) -> list[Candidate]:
    """Every line that could open a top-level unit, in document order."""
    out: list[Candidate] = []
    for i, text in enumerate(lines.text):
        if i in lines.skip:
            continue
        top = parse_top(text)
        if top is not None:
            out.append(_make(lines, i, top.style if top.style != "part" else "part", top, top.value))
            continue
        sec = parse_section(text)
        if sec is not None:
            if len(sec.path) == 1:
                out.append(_make(lines, i, sec.style, sec, sec.path[0]))
            continue
        numbered = parse_numbered_title(text)
        if numbered is not None:
            out.append(_make(lines, i, "numbered", numbered, numbered.value))
            continue
        dec = parse_numbered(text)
        if dec is not None and len(dec.path) == 2:
            out.append(_make(lines, i, "decimal", dec, dec.path[0]))
    return out
