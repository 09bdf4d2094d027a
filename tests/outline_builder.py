"""Hand-built outlines (Contract objects) for tests of diff and check: no ingest, no structure
detection, so the expected units, pages and offsets are known exactly."""

from __future__ import annotations

from dataclasses import replace

from contractlens.models import Contract, Page, Source, Unit


def outline(articles, name="draft.pdf", first_page=1, fmt="pdf"):
    """A Contract from [(number, heading, [(section number, section heading, body), ...]), ...].
    Article k starts on page first_page + k; its section j is on that page plus j."""
    units, text = [], ""
    for k, (num, heading, sections) in enumerate(articles):
        page = first_page + k
        start = len(text)
        own = f"ARTICLE {num} {heading}\n"
        text += own
        children = []
        for j, (snum, sheading, body) in enumerate(sections):
            s_text = f"{snum} {sheading}. {body}\n" if sheading else f"{snum} {body}\n"
            children.append(Unit(f"{num}/{snum}", "section", snum, snum, sheading, 2, num, page + j, page + j,
                                 None, None, len(text), len(text) + len(s_text), s_text))
            text += s_text
        last = max([page] + [c.page_end for c in children])
        units.append(Unit(num, "article", f"ARTICLE {num}", num, heading, 1, None, page, last, str(page), str(last),
                          start, len(text), own))
        units.extend(children)
    pages_n = max([u.page_end for u in units] + [1])
    per = max(1, len(text) // pages_n)
    pages = tuple(Page(n, str(n), (n - 1) * per, n * per if n < pages_n else len(text)) for n in range(1, pages_n + 1))
    return Contract(Source(str(name), str(name) * 2, fmt, pages_n, "pdfium"), text, pages, tuple(units))


__all__ = ["outline", "replace"]
