"""`contractlens scan --format markdown`: for reports, issues and pull requests."""

from __future__ import annotations

from ..model import PRESENT, WEAK, Failure, ScanResult
from ._text import STATUS, reading, review_lines, review_status, short
from ._text import evidence_where as where
from .wording import LEGEND, confidence_cell


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_one(result: ScanResult, evidence: int = 1) -> str:
    s = result.source
    present = sum(1 for p in result.practices if p.status == PRESENT)
    weak = sum(1 for p in result.practices if p.status == WEAK)
    lines = [f"## {s.path}", "",
             f"{s.pages} pages · {result.pack_title} · **{present} of {len(result.practices)} practices found**"
             + (f", {weak} weak" if weak else ""), ""]
    area = None
    for p in result.practices:
        if p.area != area:
            area = p.area
            lines += ["", f"### {p.area_name}", "", "| Practice | Status | Units | Evidence | Confidence |",
                      "|---|---|---:|---|---:|"]
        ev = "<br>".join(f"**{_cell(where(e))}**: {_cell(short(e.quote, 220))}"
                         + (f" _({_cell(reading(e))})_" if reading(e) else "") for e in p.evidence[:evidence])
        status = STATUS[p.status][0] + (f" _({review_status(p)})_" if p.review else "")
        lines.append(f"| {_cell(p.name)} | {status} | {p.units or ''} | {ev} | "
                     f"{confidence_cell(p)} |")
    lines += ["", f"_{LEGEND}_"]
    if result.reviews is not None:
        lines += [""] + [f"- {_cell(x)}" if n else f"**{_cell(x)}**" for n, x in enumerate(review_lines(result))]
    if result.warnings:
        lines += ["", "Warnings:", ""] + [f"- {w}" for w in result.warnings]
    return "\n".join(lines) + "\n"


def render(results: list[ScanResult], errors: list[Failure], evidence: int = 1) -> str:
    parts = [render_one(r, evidence) for r in results]
    if errors:
        parts.append("## Files not read\n\n" + "\n".join(f"- {e}" for e in errors) + "\n")
    return "\n".join(parts)
