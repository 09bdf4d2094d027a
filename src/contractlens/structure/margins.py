"""Margin line numbers (court-style numbered lines), in text files and PDFs alike.

A page is line-numbered when most of its lines open with a small number and
those numbers count up by one down the page. Only the numbers of that count are
removed: a heading printed without a margin number ("ARTICLE 1" above line 1)
stays, and so does a number that is part of the text.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^\s{0,6}(\d{1,2})(?=\s|$)")
MIN_RUN = 8  # numbers counting up on a page before it counts as line-numbered


def _run(page: list[str]) -> list[int]:
    """Indexes of the lines whose leading numbers count 1, 2, 3... down the page.

    A "1" before the count starts (a page number drawn first, say) is left out:
    the count restarts at a later "1" while it is still short.
    """
    run: list[int] = []
    last = 0
    for k, line in enumerate(page):
        m = _NUMBER.match(line)
        if not m:
            continue
        n = int(m.group(1))
        if n == 1 and len(run) < 3:
            run, last = [k], 1
        elif run and last < n <= last + 2:  # every fifth number is sometimes drawn apart
            run.append(k)
            last = n
    return run


def _apart(page: list[str], run: list[int]) -> list[int]:
    """Lone numbers the count skipped ("5", "10", "15" drawn apart from their lines)."""
    counted = {int(_NUMBER.match(page[k]).group(1)) for k in run}
    top = max(counted) if counted else 0
    out = []
    for k, line in enumerate(page):
        s = line.strip()
        if s.isdigit() and len(s) <= 2 and int(s) <= top and int(s) not in counted:
            out.append(k)
    return out


def numbered_pages(pages: list[list[str]]) -> list[list[int]]:
    """For each page, the lines carrying a margin number ([] when the page has none).

    The document must be line-numbered on many pages: a salary table whose rows
    count 1 to 30 on one page is not a numbered page.
    """
    runs, loose = [], []
    for page in pages:
        lines = [line for line in page if line.strip()]
        run = _run(page)
        loose.append(_top_run(page))
        runs.append(run if len(run) >= MIN_RUN and len(run) >= 0.5 * len(lines) else [])
    if sum(1 for r in runs if r) < max(2, 0.3 * len(pages)):
        return [[] for _ in pages]
    # In a line-numbered document a page of tables or forms numbers only its few text lines
    # ("1 APPENDIX C: ...", "2", "3"): a short count from 1 is margin numbering there too.
    # A count from the top of the page that a table's own "1, 2, 3" restarted (a salary
    # schedule's steps) is the margin count; the table keeps its numbers.
    return [lr if lr and (not r or (len(lr) >= 2 and r[0] > lr[0])) else r for r, lr in zip(runs, loose)]


def _top_run(page: list[str]) -> list[int]:
    """A count 1, 2, 3... that starts in the first lines of the page, up to its first break."""
    run: list[int] = []
    for k, line in enumerate(page):
        m = _NUMBER.match(line)
        n = int(m.group(1)) if m else None
        if not run:
            if n == 1:
                run = [k]
            elif k >= 2:
                return []
            continue
        if n != len(run) + 1:
            break
        run.append(k)
    return run


def strip_numbers(page: list[str], run: list[int]) -> list[str]:
    out = list(page)
    for k in _apart(page, run) if run else ():
        out[k] = ""
    for k in run:
        m = _NUMBER.match(out[k])
        out[k] = out[k][m.end():]
    return out


def repeated_heads(pages: list[list[str]], runs: list[list[int]]) -> list[set[int]]:
    """On numbered pages, the unnumbered lines above the count (at most two) that recur the same
    above the count of another page: the running head ("§210 Teacher Evaluation", left on odd
    pages and right on even ones). A heading above line 1 ("ARTICLE 1") is printed once and stays."""
    above: list[list[int]] = []
    for page, run in zip(pages, runs):
        above.append([k for k in range(run[0]) if page[k].strip()][-2:] if len(run) >= MIN_RUN else [])
    seen: dict[str, int] = {}
    for page, ks in zip(pages, above):
        for k in ks:
            key = " ".join(page[k].split()).casefold()
            seen[key] = seen.get(key, 0) + 1
    return [{k for k in ks if seen[" ".join(page[k].split()).casefold()] >= 2} for page, ks in zip(pages, above)]
