"""Title gathering: the words that name a heading, on its line or on the lines below it.

"ARTICLE 7" / "GRIEVANCE" / "PROCEDURE" is one heading over three lines. Where
the contents lists the heading, its title there says how many of the following
lines belong to it; otherwise title lines are gathered while they stay short,
in one case, and are not labels or sentences.
"""

from __future__ import annotations

import re

from .chain import norm
from .headings import is_titleish, is_upper, parse_item, parse_numbered, parse_section, parse_top
from .lines import Lines

MAX_LINES = 3
_JOINS = {"and", "or", "of", "the", "for", "to", "in", "on", "at", "by", "a", "an", "&"}


def _is_label(text: str) -> bool:
    return parse_top(text) is not None or parse_item(text) is not None or parse_section(text) is not None or \
        parse_numbered(text) is not None


def gather(lines: Lines, i: int, rest: str, listed: list[str], consumed: set[int], *,
           memo_titles: bool = False) -> str:
    """The heading of the label on line ``i`` (``rest`` is what follows the label there).

    Lines used as title are added to ``consumed``. ``listed`` are the contents' titles for
    this heading; ``memo_titles`` lets an appendix take a "MEMORANDUM OF ..." line as its title.
    """
    rest = re.sub(r"^[\s\-–—:.,]+", "", rest).strip()
    expected = [norm(h) for h in listed if norm(h)]
    parts = [rest] if rest else []
    if rest and not rest.isupper() and not expected:
        return _margin_marks(_closing(lines, i, rest, consumed))
    from_contents = False
    j: int | None = i
    for _ in range(5):
        j = lines.next(j)
        if j is None:
            break
        nxt = lines.text[j]
        combined = norm(" ".join(parts + [nxt]))
        if expected and any(e.startswith(combined) for e in expected) and len(combined) > len(norm(" ".join(parts))):
            parts.append(nxt)
            consumed.add(j)
            from_contents = True
            if combined in expected:
                break
            continue
        if from_contents:
            break
        top = parse_top(nxt)
        if memo_titles and top is not None and top.style in ("memorandum", "side_letter") and len(parts) < 4:
            parts.append(nxt)
            consumed.add(j)
            continue
        if _is_label(nxt) or len(nxt) > 90 or not is_titleish(" ".join(parts + [nxt]), max_words=20):
            break
        if parts and not (nxt.isupper() or nxt[:1].islower()) and not parts[-1].isupper():
            break
        if parts and parts[-1].isupper() != nxt.isupper():
            break
        parts.append(nxt)
        consumed.add(j)
        if len(parts) >= MAX_LINES:
            break
    heading = _margin_marks(" ".join(parts).strip(" .:-–—"))
    if not heading and len(listed) == 1:
        heading = listed[0]
    return heading


def _margin_marks(heading: str) -> str:
    """ "TRANSFERS yu VS": initials or a stamp in the margin, read by OCR onto the heading's line,
    trail a title in capitals as a few short tokens that start in lower case: cut them off."""
    tokens = heading.split()
    for k in range(1, len(tokens)):
        tail = tokens[k:]
        if len(tail) <= 3 and tail[0][:1].islower() and tail[0] not in _JOINS and all(len(t) <= 3 for t in tail) and \
                is_upper(" ".join(tokens[:k])) and not is_upper(" ".join(tail)):
            return " ".join(tokens[:k])
    return heading


def _closing(lines: Lines, i: int, rest: str, consumed: set[int]) -> str:
    """ "Title (Formal Evaluation of" / "Staff Members)": a title whose bracket is still open
    goes on to the next line when that line is short and still a title."""
    if rest.count("(") <= rest.count(")"):
        return rest
    j = lines.next(i)
    if j is None or lines.page[j] != lines.page[i]:
        return rest
    nxt = lines.text[j]
    if len(nxt) > 60 or _is_label(nxt) or nxt.endswith((".", ";", ",")) or \
            not is_titleish(f"{rest} {nxt}", max_words=24):
        return rest
    consumed.add(j)
    return f"{rest} {nxt}".strip(" .:-–—")


def consume_to(lines: Lines, i: int, heading: str, consumed: set[int]) -> None:
    """Mark the lines after ``i`` that complete ``heading`` (wrapped over several lines)."""
    target = norm(heading)
    got = norm(lines.text[i])
    j: int | None = i
    while got != target and target.startswith(got):
        j = lines.next(j)
        if j is None:
            return
        got += norm(lines.text[j])
        consumed.add(j)


def whole_title(rest: str) -> bool:
    """An item whose whole line is its title ("A. Recognition and Duration"), not a list
    entry ("(b) Juniper Street School; and") or a one-line sentence ("(f) Westhaven Schools.")."""
    text = rest.strip()
    if not text or text.endswith((".", ";", ",")) or ";" in text or re.search(r"\s(?:and|or)$", text):
        return False
    return is_titleish(text, max_words=12)
