"""`contractlens segment --format table`: the outline a reader scans."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Contract, Unit


def pages(u: Unit) -> str:
    printed = u.printed_page_start
    span = str(u.page_start) if u.page_end == u.page_start else f"{u.page_start}-{u.page_end}"
    return span + (f" ({printed})" if printed and printed != str(u.page_start) else "")


def render(contract: Contract, console: Console, depth: int | None = None) -> None:
    s = contract.source
    table = Table(title=f"{s.path} — {s.pages} pages, {s.format} via {s.engine}", title_justify="left",
                  show_lines=False, expand=False)
    table.add_column("Unit", no_wrap=True)
    table.add_column("Heading", overflow="fold", max_width=70)
    table.add_column("PDF page (printed)", justify="right", no_wrap=True)
    table.add_column("Words", justify="right")
    hidden = 0
    for u in contract.units:
        if depth is not None and u.level > depth:
            hidden += 1
            continue
        words = len(contract.text[u.start:u.end].split())
        label = Text("  " * (u.level - 1) + (u.label or u.kind.replace("_", " ")),
                     style="bold" if u.level == 1 else "")
        table.add_row(label, u.heading, pages(u), str(words))
    console.print(table)
    top = sum(1 for u in contract.units if u.level == 1)
    summary = f"{len(contract.units)} units, {top} at the top level; {contract.coverage:.1%} of the text is inside a unit"
    if hidden:
        summary += f"; {hidden} deeper units not shown (--depth)"
    console.print(summary)
    r = contract.structure
    if r is not None and r.toc_listed:
        console.print(f"table of contents: {r.toc_found} of {r.toc_listed} listed articles, sections and appendices "
                      f"found, {r.toc_in_order} in order on their pages")
    if r is not None:
        console.print(f"structure: {r.top_units} top-level units; the largest holds {r.largest_share:.0%} of the text; "
                      f"{r.unplaced:.1%} is outside every unit (scanned and cited by page)"
                      + ("; the outline looks doubtful" if r.doubtful else ""))
    for w in contract.warnings:
        console.print(f"[yellow]warning:[/] {w}", highlight=False)
