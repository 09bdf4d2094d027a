"""Title gathering: the words that name a heading, on its line or on the lines below it.

"ARTICLE 7" / "GRIEVANCE" / "PROCEDURE" is one heading over three lines. Where
the contents lists the heading, its title there says how many of the following
lines belong to it; otherwise title lines are gathered while they stay short,
in one case, and are not labels or sentences.
"""

from __future__ import annotations

import re

from .chain import norm
from .headings import is_titleish, parse_item, parse_numbered, parse_section, parse_top
from .lines import Lines

MAX_LINES = 3


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
        return rest
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
    heading = " ".join(parts).strip(" .:-–—")
    if not heading and len(listed) == 1:
        heading = listed[0]
    return heading


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
