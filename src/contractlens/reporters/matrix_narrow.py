"""The matrix for a terminal too narrow for a column per practice (80 or 120 columns, or a pipe):
one character per practice, areas set apart by a space, columns numbered in a two-line
header, and a key below with each practice's name and how many districts have it.
Every row keeps its total and every column its total (in the key)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..model import Matrix


def width_needed(m: Matrix) -> int:
    """Columns the full table takes: each cell is its code (a bar before a new area), padding and a
    border; the district and total columns likewise. Narrower than this, rich would cut headers to "I…"."""
    from ._text import column_code as short

    name = max([len(r.district) + (len(r.state) + 3 if r.state else 0) for r in m.rows] + [len("districts with it")])
    cells, area = 0, None
    for pid, _, a, _ in m.practices:
        cells += len(short(pid)) + (a != area) + 3
        area = a
    return (name + 3) + cells + (len("Total") + 3) + 1


def render(m: Matrix, console: Console, marks: dict) -> None:
    groups: list[list[int]] = []
    area = None
    for n, (_, _, a, _) in enumerate(m.practices, start=1):
        if a != area:
            groups.append([])
            area = a
        groups[-1].append(n)
    room = max(12, console.width - (sum(len(g) for g in groups) + len(groups)) - 7)
    labels = [r.district + (f" ({r.state})" if r.state else "") for r in m.rows]
    name_w = min(room, max((len(s) for s in labels), default=8))

    def strip(cells: list[str]) -> str:
        return " ".join("".join(cells[n - 1] for n in g) for g in groups)

    console.print(f"{len(m.rows)} contracts × {len(m.practices)} practices · {m.pack_title}", highlight=False)
    tens = [str(n // 10) if n >= 10 else " " for n in range(1, len(m.practices) + 1)]
    units = [str(n % 10) for n in range(1, len(m.practices) + 1)]
    console.print(" " * name_w + "  " + strip(tens), highlight=False)
    console.print("District".ljust(name_w) + "  " + strip(units) + "  Total", highlight=False)
    for label, r in zip(labels, m.rows):
        line = Text(_fit(label, name_w).ljust(name_w) + "  ")
        cells = [marks[r.result.practice(pid).status] for pid, *_ in m.practices]
        for gi, g in enumerate(groups):
            if gi:
                line.append(" ")
            for n in g:
                mark, style = cells[n - 1]
                line.append(mark, style=style)
        line.append(f"  {r.present:>5}")
        console.print(line, no_wrap=True, overflow="ignore")
    totals = m.column_totals()
    console.print("● present  ◐ weak  · not found    key: column, practice, districts with it", highlight=False)
    for n, (pid, name, *_) in enumerate(m.practices, start=1):
        console.print(f"{n:>3} {_fit(name, console.width - 12)}  {totals[pid]}", highlight=False)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(1, width - 1)] + "…"
