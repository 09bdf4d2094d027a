"""`contractlens scan` (default): a coverage table a negotiator reads in a minute."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import PRESENT, WEAK, Evidence, ScanResult
from .wording import LEGEND, confidence_cell, modifier_label

STATUS = {PRESENT: ("present", "bold green"), WEAK: ("weak", "yellow"), "not_found": ("not found", "dim")}


def where(e: Evidence) -> str:
    if e.unit_id is None:
        return e.citation
    page = f"p. {e.page}" + (f" (printed {e.printed_page})" if e.printed_page and e.printed_page != str(e.page) else "")
    ocr = f" · OCR {e.ocr.confidence:.0%}" if e.ocr else ""  # the quote is the engine's reading of a scan
    return f"{e.citation}, {page}{ocr}"


def reading(e: Evidence) -> str:
    """ "obligation · joint body · only proposed, not adopted (shall study)" """
    parts = [x.replace("_", " ") for x in (e.force, e.actor) if x]
    parts += [modifier_label(m) for m in e.modifiers if m.applies]
    return " · ".join(parts)


def short(quote: str, limit: int = 150) -> str:
    return quote if len(quote) <= limit else quote[: limit - 1].rsplit(" ", 1)[0] + "…"


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
        table.add_row(p.name, Text(label, style=style), str(p.units) if p.units else "", cell,
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
    for w in result.warnings:
        console.print(f"[yellow]warning:[/] {w}", highlight=False)
