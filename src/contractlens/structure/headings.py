"""Recognise the numbering labels that open a line: ARTICLE 12, Section 12.3, (a)...

``parse_labels`` only says what a line *could* be; ``outline`` decides, from
sequence and context, which candidates are real headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import WORD_NUMBER, letter_value, number_value, roman_to_int

# "Article 19.02.1: Title" (an amendment naming the section it changes) is an article too: its
# first number places it, the rest of the path orders it.
_ARTICLE = re.compile(
    rf"^(?P<kw>(?:ARTICLES?|Articles?)(?=\s)|ART\.)\s*(?P<num>\d{{1,3}}(?:[.:]\d{{1,3}}){{0,3}}[A-Z]?(?![\d.-]\d)|"
    rf"[IVXLC]{{1,7}}(?![a-z])|"
    rf"(?i:{WORD_NUMBER}))(?![\w’']|-\d)(?P<rest>.*)$")
_PART = re.compile(rf"^(?P<kw>PART|Part|CHAPTER|Chapter)\s+(?P<num>\d{{1,2}}|[IVX]{{1,5}}|(?i:{WORD_NUMBER}))"
                   r"(?![\w’']|-\d)(?P<rest>.*)$")
_SECTION = re.compile(r"^(?P<kw>SECTION|Section|SEC\.|Sec\.)\s+(?P<num>\d{1,3}(?:[.:]\d{1,3}){0,3}[A-Za-z]?)"
                      r"(?![\w-])\.?(?P<rest>.*)$")
_PARAGRAPH = re.compile(r"^(?P<kw>§{1,2})\s*(?P<num>\d{1,4}(?:\.\d{1,3}){0,3})(?![\w-])\.?(?P<rest>.*)$")
# OCR reads "1.1" as "1:1" now and then.
_DECIMAL = re.compile(r"^(?P<num>\d{1,3}(?:[.:]\d{1,3}){1,4})\.?(?=\s|$)(?P<rest>.*)$")
# "1 NEGOTIATIONS PROCEDURE", "12. SALARIES": a bare number, then a title in capitals.
_NUMBERED_TITLE = re.compile(r"^(?P<num>\d{1,3})\.?\s+(?P<rest>[A-Z][^a-z]*)$")
_DASH = re.compile(r"^(?P<num>\d{1,2}(?:-\d{1,3}){1,3})(?=\s)(?P<rest>.*)$")
_APPENDIX = re.compile(
    r"^(?P<kw>APPENDIX|Appendix|EXHIBIT|Exhibit|ATTACHMENT|Attachment|ADDENDUM|Addendum)"
    r"\s+(?P<num>[A-Z]{1,2}(?:[-.]\d{1,2}(?!\d))?|\d{1,3}(?:-\d{1,2})?)(?![\w’'])(?P<rest>.*)$")
_BARE_APPENDIX = re.compile(r"^(?P<kw>APPENDIX|Appendix|EXHIBIT|Exhibit|ATTACHMENT|Attachment)\s*(?P<rest>:.*)?$")
_MEMO = re.compile(
    r"^(?P<kw>MEMORANDUM OF (?:UNDERSTANDING|AGREEMENT)|MEMORANDUM|SIDE LETTER(?: OF AGREEMENT| AGREEMENT)?|"
    r"LETTER OF (?:UNDERSTANDING|AGREEMENT|INTENT)|Memorandum of (?:Understanding|Agreement)|"
    r"Side Letter(?: of Agreement| Agreement)?|Letter of (?:Understanding|Agreement|Intent))"
    r"(?:\s*(?:(?:No\.|NO\.|#|Number|NUMBER)\s*(?P<num>[A-Z0-9][\w-]{0,12})|(?P<num2>\d{1,3}|[A-Z]))(?![\w’']))?"
    r"(?P<rest>.*)$")
_PREAMBLE = re.compile(r"^(?P<kw>PREAMBLE|Preamble)(?![\w])(?P<rest>.*)$")

# Items: (pattern, style). Order matters: "(i)" is tried as a letter and a roman.
_ITEMS = [
    (re.compile(r"^\((?P<num>[a-z]{1,2})\)"), "paren_lower"),
    (re.compile(r"^\((?P<num>\d{1,3})\)"), "paren_arabic"),
    (re.compile(r"^\((?P<num>[A-Z])\)"), "paren_upper"),
    (re.compile(r"^(?P<num>[A-Z]{1,2})\.(?=\s|$)"), "upper_alpha"),
    (re.compile(r"^(?P<num>\d{1,3})\.(?=\s|$)"), "arabic"),
    (re.compile(r"^(?P<num>\d{1,3})\)(?=\s|$)"), "arabic_rp"),
    (re.compile(r"^(?P<num>[a-z])\.(?=\s|$)"), "lower_alpha"),
    (re.compile(r"^(?P<num>[a-z])\)(?=\s|$)"), "lower_rp"),
    (re.compile(r"^(?P<num>[ivx]{2,6})[.)](?=\s|$)"), "lower_roman"),
]
# What every one of _ITEMS starts with: a cheap test that turns most lines away.
_ANY_ITEM = re.compile(r"^(?:\(|[A-Za-z\d]{1,6}[.)])")
# The first characters of every keyword parse_top knows (ARTICLE, PART, CHAPTER, APPENDIX,
# EXHIBIT, ATTACHMENT, ADDENDUM, MEMORANDUM, SIDE LETTER, LETTER, PREAMBLE, in either case).
_TOP_STARTS = frozenset("APCEMSL")
# Single letters that are also roman numerals: style -> roman alternative.
_ROMAN_ALT = {"lower_alpha": "lower_roman", "paren_lower": "paren_roman", "upper_alpha": "upper_roman",
              "lower_rp": "lower_roman"}

_STOP = {"a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "by", "with", "at", "from", "as",
         "into", "per", "vs", "between", "under", "within", "without", "upon", "its", "their", "not", "nor",
         "non", "other", "than", "after", "before", "during", "about", "over", "via"}
_VERBS = {"shall", "will", "may", "must", "is", "are", "be", "was", "were", "has", "have", "should", "can",
          "means", "includes", "refers", "mean", "include"}
_WORDS = re.compile(r"[A-Za-z][A-Za-z’'\-]*")
_SEPARATOR = re.compile(r"^\s*(?:[-–—:.)]|\s)\s*")


@dataclass(frozen=True)
class Label:
    style: str  # article, section, paragraph, decimal, dash, appendix, upper_alpha, paren_lower...
    kind: str  # the unit kind it would open
    label: str  # as printed, e.g. "ARTICLE TWELVE", "(a)", "§210"
    number: str  # bare number, e.g. "TWELVE", "a", "210"
    value: int | None  # position in its sequence (TWELVE -> 12, c -> 3)
    path: tuple[int, ...] = ()  # for 12.3.1-style numbers
    rest: str = ""  # what follows the label on the line
    alt_style: str | None = None  # "i." may be a letter or a roman numeral
    alt_value: int | None = None


def is_titleish(text: str, max_words: int = 14) -> bool:
    """A heading rather than a sentence: short, capitalised, no verb of obligation."""
    s = text.strip().rstrip(":.").strip()
    if not s or len(s) > 140:
        return False
    words = _WORDS.findall(s)
    if not words or len(words) > max_words:
        return False
    letters = [c for c in s if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return True
    if s[0].islower() or s.endswith((",", ";")):
        return False
    if any(w in _VERBS for w in words):  # lower-case "shall", "are": a sentence, not a title
        return False
    significant = [w for w in words if w.lower() not in _STOP]
    if not significant:
        return False
    lower = sum(1 for w in significant if w[0].islower())
    if len(significant) <= 4:
        return lower <= 1 and (lower == 0 or len(significant) >= 2)
    return lower <= len(significant) // 4


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def split_heading(rest: str) -> tuple[str, str]:
    """Split "Class Size. No class shall..." into ("Class Size", "No class shall...")."""
    body = rest.strip()
    m = re.match(r"^(?P<t>(?:[^.:]|\.(?=\d)){1,90}?)[.:]\s+(?P<b>[A-Z(“\"‘'0-9].*)$", body)
    if m and is_titleish(m.group("t"), max_words=10):
        return m.group("t").strip(), m.group("b")
    return "", body


def _rest_ok(rest: str, *, strict: bool) -> bool:
    """After a keyword heading, the line must end, or go on with a title."""
    if not rest.strip():
        return True
    if rest[:1] == ",":  # "Article 1, GENERAL PROVISIONS" but not "Article 12, Section B shall apply"
        tail = rest[1:].strip()
        return bool(tail) and is_upper(tail) and is_titleish(tail, max_words=20)
    if rest[:1] not in " \t-–—:.)":
        return False
    tail = _SEPARATOR.sub("", rest, count=1).strip()
    if not tail:
        return True
    if tail[:1] in "(,;" or tail[:1].islower():
        return False
    return is_titleish(tail) if strict else True


def _printed(line: str, m: re.Match) -> str:
    """The label as printed, spaces tidied: "ARTICLE 12", "ART.10"."""
    return " ".join(line[: m.end("num")].split())


def parse_top(line: str, *, loose: bool = False) -> Label | None:
    """A keyword heading: ARTICLE, PART, APPENDIX, MEMORANDUM, PREAMBLE.

    ``loose`` accepts any text after the number (a contents line's title may
    be cut short or carry punctuation a heading would not).
    """
    if line[:1] not in _TOP_STARTS:  # most lines: no keyword can open them
        return None
    strict = not loose
    m = _ARTICLE.match(line)
    if m and (loose or _rest_ok(m.group("rest"), strict=True)):
        num = m.group("num").replace(":", ".")
        if re.match(r"\d+\.\d", num):
            path = tuple(int(x) for x in re.findall(r"\d+", num))
            return Label("article", "article", _printed(line, m).replace(":", "."), num, path[0], path=path,
                         rest=m.group("rest"))
        return Label("article", "article", _printed(line, m), num, number_value(num), rest=m.group("rest"))
    m = _PART.match(line)
    if m and (loose or _rest_ok(m.group("rest"), strict=True)):
        num = m.group("num")
        return Label("part", "part", f"{m.group('kw')} {num}", num, number_value(num), rest=m.group("rest"))
    m = _APPENDIX.match(line)
    if m and (loose or _rest_ok(m.group("rest"), strict=strict)):
        kw, num = m.group("kw"), m.group("num")
        kind = "exhibit" if kw.upper() in ("EXHIBIT", "ATTACHMENT") else "appendix"
        head, sub = (re.split(r"[-.]", num, maxsplit=1) + [""])[:2]
        value = int(head) if head.isdigit() else letter_value(head) or number_value(head)
        path = (value, int(sub)) if value is not None and sub.isdigit() else ()
        return Label(kind, kind, f"{kw} {num}", num, value, path=path, rest=m.group("rest"))
    m = _BARE_APPENDIX.match(line)
    if m and line.strip().upper() == line.strip() if not loose else m:
        kw = m.group("kw")
        kind = "exhibit" if kw.upper() in ("EXHIBIT", "ATTACHMENT") else "appendix"
        return Label(kind, kind, kw, "", None, rest=m.group("rest") or "")
    m = _MEMO.match(line)
    if m and (loose or (line.isupper() or is_titleish(line)) and _rest_ok(m.group("rest"), strict=False)):
        kw = m.group("kw")
        num = m.group("num") or m.group("num2") or ""
        kind = "side_letter" if "LETTER" in kw.upper() else "memorandum"
        label = f"{kw} {num}".strip()
        return Label(kind, kind, label, num, None, rest=m.group("rest"))
    m = _PREAMBLE.match(line)
    if m and _rest_ok(m.group("rest"), strict=False):
        return Label("preamble", "preamble", m.group("kw"), "", None, rest=m.group("rest"))
    return None


def parse_section(line: str) -> Label | None:
    """``Section 12.3`` / ``SECTION 4`` / ``§210``: sections, by keyword."""
    if line[:1] not in "S§":
        return None
    for rx, style, prefix in ((_SECTION, "section", None), (_PARAGRAPH, "paragraph", "§")):
        m = rx.match(line)
        if not m:
            continue
        rest = m.group("rest")
        if rest.strip() and not _rest_ok(" " + rest.lstrip(" .:-–—"), strict=False):
            return None
        num = m.group("num").replace(":", ".")
        path = tuple(int(x) for x in re.findall(r"\d+", num))
        label = f"§{num}" if prefix else f"{m.group('kw')} {num}"
        return Label(style, "section", label, num, path[-1], path=path, rest=rest)
    return None


def parse_numbered(line: str, *, dash: bool = False) -> Label | None:
    """Bare decimal numbers, ``12.3`` and ``12.3.1`` (or ``12-3-1`` where the contract uses dashes)."""
    if not line[:1].isdigit():  # every character \d matches is a digit to str.isdigit
        return None
    m = (_DASH if dash else _DECIMAL).match(line)
    if not m:
        return None
    num = m.group("num")
    rest = m.group("rest")
    if rest.strip()[:1] in ("%", "$") or re.match(r"^\s*(?:percent|hours?|days?|minutes?|years?|[ap]\.?m\b|[AP]\.?M\b)", rest):
        return None
    if ":" in num and not dash and re.match(r"^\d{1,2}:\d{2}$", num) and not rest.strip()[:1].isupper():
        return None  # a time of day, not an OCR'd "1:1"
    num = num.replace(":", ".")
    path = tuple(int(x) for x in re.findall(r"\d+", num))
    return Label("dash" if dash else "decimal", "section", num, num, path[-1], path=path, rest=rest)


def parse_numbered_title(line: str) -> Label | None:
    """ "1 NEGOTIATIONS PROCEDURE", "12. SALARIES": a bare number opening a title in capitals."""
    m = _NUMBERED_TITLE.match(line)
    if not m:
        return None
    rest = m.group("rest").strip()
    words = re.findall(r"[A-Z]{2,}", rest)
    if not words or rest.endswith((".", ",", ";")) or not is_titleish(rest, max_words=16):
        return None
    if re.match(r"^(?:PERCENT|HOURS?|DAYS?|MINUTES?|YEARS?|A\.M|P\.M)\b", rest):
        return None
    num = m.group("num")
    return Label("numbered", "section", line[: m.start("rest")].strip(), num, int(num), path=(int(num),),
                 rest=" " + rest)


def parse_item(line: str) -> Label | None:
    if not _ANY_ITEM.match(line):
        return None
    for rx, style in _ITEMS:
        m = rx.match(line)
        if not m:
            continue
        num = m.group("num")
        rest = line[m.end():]
        printed = line[: m.end()]
        if style in ("arabic", "paren_arabic", "arabic_rp"):
            return Label(style, "item", printed, num, int(num), rest=rest)
        if style == "lower_roman":
            value = roman_to_int(num)
            return Label(style, "item", printed, num, value, rest=rest) if value else None
        if style == "paren_lower" and len(num) == 2:
            value = roman_to_int(num)
            return Label("paren_roman", "item", printed, num, value, rest=rest) if value else None
        value = letter_value(num)
        if value is None:
            value = roman_to_int(num)
            return Label("upper_roman", "item", printed, num, value, rest=rest) if value else None
        alt = _ROMAN_ALT.get(style) if roman_to_int(num) else None
        return Label(style, "item", printed, num, value, rest=rest,
                     alt_style=alt, alt_value=roman_to_int(num) if alt else None)
    return None
