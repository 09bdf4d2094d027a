"""The ``rules`` commands' output: a pack's table, one rule in full, validation and example runs."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..model import ExamplesRun, PackRun, RuleRun


def render_list(run: PackRun, console: Console) -> None:
    table = Table(title=f"{run.title} ({run.name}, version {run.version})", title_justify="left")
    for col in ("Id", "Practice", "Area", "Signals", "Exclusions", "Threshold"):
        table.add_column(col)
    for r in run.rules:
        table.add_row(r.id, r.name, r.area_name, str(r.signals), str(r.exclusions), f"{r.threshold:.2f}")
    console.print(table)


def render_show(run: RuleRun, console: Console) -> None:
    r = run.rule
    console.print(f"[bold]{r.name}[/] ({r.id}) — {r.area_name}\n{r.description}\n"
                  f"file: {r.path}; scope: {r.scope}; present at confidence >= {r.threshold}", highlight=False)
    for title, specs in (("Signals", r.signals), ("Exclusions", r.exclusions)):
        if specs:
            console.print(f"\n[bold]{title}[/]")
        for s in specs:
            flag = "" if s.anchor or title == "Exclusions" else " (adds to an anchor)"
            console.print(f"  {s.id}: {s.kind}, weight {s.weight}{flag}: {s.value}", highlight=False)
    console.print("\n[bold]Must fire[/]", highlight=False)
    for t in r.fire:
        console.print(f"  + {t}", highlight=False)
    console.print("[bold]Must not fire[/]", highlight=False)
    for t in r.no_fire:
        console.print(f"  - {t}", highlight=False)


def render_validate(run: PackRun) -> str:
    return f"ok: {len(run.rules)} rules in {run.path} (pack {run.name}, version {run.version})"


def render_test(run: ExamplesRun) -> str:
    lines = []
    for f in run.failures:
        want = "should fire" if f.expected else "should not fire"
        got = f"fired at {f.confidence:.2f} via {', '.join(f.signals)}" if f.fired else (
            f"confidence {f.confidence:.2f}" + (f" via {', '.join(f.signals)}" if f.signals else ", no signal"))
        lines.append(f"FAIL {f.rule}: {want}, {got}\n     {f.text}")
    lines.append(f"{len(run.results) - len(run.failures)} of {len(run.results)} examples pass ({run.rules} rules)")
    return "\n".join(lines)
