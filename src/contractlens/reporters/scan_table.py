"""`contractlens scan` (default): a coverage table a negotiator reads in a minute."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import PRESENT, WEAK, ScanResult
from ._text import STATUS, reading, review_lines, review_status, short
from ._text import evidence_where as where
from .wording import LEGEND, confidence_cell


def render(result: ScanResult, console: Console, evidence: int = 1) -> None:
    s = result.source
    table = Table(title=f"{s.path} — {s.pages} pages · {result.pack_title}", title_justify="left",
                  show_lines=True, expand=False)
    table.add_column("Practice", max_width=34)
    table.add_column("Status", no_wrap=True)
    table.add_column("Units", justify="right")
    table.add_column("Best evidence", overflow="fold", max_width=90)
    table.add_column("Conf.", justify="right", no_wrap=True)
    area = None
    for p in result.practices:
        if p.area != area:
            area = p.area
            table.add_row(Text(p.area_name.upper(), style="bold cyan"), "", "", "", "")
        label, style = STATUS[p.status]
        cell = Text()
        for n, e in enumerate(p.evidence[:evidence]):
            if n:
                cell.append("\n")
            cell.append(where(e), style="bold")
            if e.unit_id is not None:
                cell.append(f'\n"{short(e.quote)}"')
                if reading(e):
                    cell.append(f"\n{reading(e)}", style="italic")
            else:
                cell.append(f"\n{e.quote}")
        status = Text(label, style=style)
        if p.review:
            status.append(f"\n{review_status(p)}", style="italic")
        table.add_row(p.name, status, str(p.units) if p.units else "", cell,
                      confidence_cell(p))
    console.print(table)
    present = [p for p in result.practices if p.status == PRESENT]
    weak = [p for p in result.practices if p.status == WEAK]
    areas: dict[str, list[int]] = {}
    for p in result.practices:
        counts = areas.setdefault(p.area_name, [0, 0])
        counts[0] += p.status == PRESENT
        counts[1] += 1
    console.print(f"[bold]{len(present)} of {len(result.practices)} practices found[/]"
                  + (f", {len(weak)} more weak" if weak else "") + ". "
                  + " · ".join(f"{name}: {a}/{b}" for name, (a, b) in areas.items()), highlight=False)
    console.print(LEGEND, style="dim", highlight=False)
    for line in review_lines(result):
        console.print(line, highlight=False)
    for w in result.warnings:
        console.print(f"[yellow]warning:[/] {w}", highlight=False)
