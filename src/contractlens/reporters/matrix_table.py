"""`contractlens compare` (default): the district x practice matrix in the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import PRESENT, WEAK, Matrix
from ._text import column_code as short

MARK = {PRESENT: ("●", "bold green"), WEAK: ("◐", "yellow"), "not_found": ("·", "dim")}


def render(m: Matrix, console: Console) -> None:
    from . import matrix_narrow
    if console.width < matrix_narrow.width_needed(m):
        matrix_narrow.render(m, console, MARK)
        _notes(m, console)
        return
    table = Table(title=f"{len(m.rows)} contracts × {len(m.practices)} practices · {m.pack_title}",
                  title_justify="left", show_lines=False)
    table.add_column("District", no_wrap=True)
    codes = {}
    area = None
    for pid, name, a, area_name in m.practices:
        code = short(pid)
        codes[pid] = code
        sep = a != area
        area = a
        table.add_column(("│" if sep else "") + code, justify="center", no_wrap=True)
    table.add_column("Total", justify="right")
    for r in m.rows:
        cells = []
        for pid, *_ in m.practices:
            p = r.result.practice(pid)
            mark, style = MARK[p.status]
            cells.append(Text(mark, style=style))
        table.add_row(r.district + (f" ({r.state})" if r.state else ""), *cells, str(r.present))
    totals = m.column_totals()
    table.add_row(Text("districts with it", style="bold"), *[str(totals[pid]) for pid, *_ in m.practices], "")
    console.print(table)
    console.print("● present  ◐ weak  · not found    columns: "
                  + ", ".join(f"{codes[pid]} {name}" for pid, name, *_ in m.practices), highlight=False)
    _notes(m, console)


def _notes(m: Matrix, console: Console) -> None:
    for r in m.rows:
        if r.similar:
            console.print(f"{r.district}: most like " + ", ".join(f"{d} ({s:.2f})" for d, s in r.similar),
                          highlight=False)
    for f in m.failures:
        console.print(f"[red]not read:[/] {f}", highlight=False)
    if m.reviews is not None:
        changed = [(r, p) for r in m.rows for p in r.result.practices if p.review]
        stale = sum(len(r.result.reviews.stale) for r in m.rows if r.result.reviews is not None)
        console.print(f"reviews applied from {m.reviews}: "
                      + (", ".join(f"{r.district} {p.id} {p.review}" for r, p in changed) or "no finding changed")
                      + (f"; {stale} stale (see the warnings)" if stale else ""), highlight=False)
