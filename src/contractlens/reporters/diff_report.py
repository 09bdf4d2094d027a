"""`contractlens diff`: text and JSON."""

from __future__ import annotations

import dataclasses
import json

from ..model import DiffResult, UnitRef


def _at(ref: UnitRef | None) -> str:
    if ref is None:
        return "-"
    printed = f" (printed {ref.printed_page})" if ref.printed_page and ref.printed_page != str(ref.page) else ""
    return f"{ref.citation}{' ' + ref.heading if ref.heading else ''}, p. {ref.page}{printed}"


def render_text(d: DiffResult) -> str:
    out = [f"contractlens diff: {d.old.path} -> {d.new.path}",
           f"{d.matched} units in both versions ({d.renumbered} only renumbered or moved); "
           f"{sum(c.change == 'removed' for c in d.units)} removed, {sum(c.change == 'changed' for c in d.units)} "
           f"changed, {sum(c.change == 'added' for c in d.units)} added"]
    for p in d.practices:
        sign = "-" if p.change == "lost" else "+"
        ev = p.old if p.change == "lost" else p.new
        at = f" ({ev.citation}, p. {ev.page})" if ev and ev.unit_id else ""
        out.append(f"{sign} practice {p.change}: {p.name}{at}")
    for c in d.units:
        if c.change == "removed":
            out.append(f"- removed  {_at(c.old)}" + (f" [{c.detail}]" if c.detail else ""))
        elif c.change == "added":
            out.append(f"+ added    {_at(c.new)}" + (f" [{c.detail}]" if c.detail else ""))
        else:
            out.append(f"~ changed  {_at(c.old)}  ->  {_at(c.new)}: {c.detail}")
    return "\n".join(out) + "\n"


def render_json(d: DiffResult) -> str:
    def ev(e):
        return None if e is None else {"unit": e.unit_id, "citation": e.citation, "page": e.page,
                                       "printed_page": e.printed_page, "quote": e.quote}
    return json.dumps({
        "schema_version": "1.0", "old": dataclasses.asdict(d.old), "new": dataclasses.asdict(d.new),
        "matched": d.matched, "renumbered": d.renumbered,
        "practices": [{"practice": p.practice, "name": p.name, "change": p.change, "old": ev(p.old),
                       "new": ev(p.new)} for p in d.practices],
        "units": [{"change": c.change, "old": dataclasses.asdict(c.old) if c.old else None,
                   "new": dataclasses.asdict(c.new) if c.new else None, "detail": c.detail} for c in d.units],
    }, indent=2, ensure_ascii=False)
