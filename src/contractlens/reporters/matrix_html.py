"""`contractlens compare --format html`: one self-contained file, the matrix as a heatmap.

No network assets. Every piece of contract text is escaped: it reaches the page
only as HTML-escaped text or inside a JSON block whose "<", ">" and "&" are
\\u-escaped, and the script puts it on screen with textContent, never as markup.
"""

from __future__ import annotations

import html
import json

from .._version import __version__
from ..model import PRESENT, WEAK, Matrix

CSS = """
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2530; }
body { margin: 0; background: #f7f8fa; }
header { padding: 1rem 1.5rem; background: #1f3a5f; color: #fff; }
header h1 { margin: 0 0 .25rem; font-size: 1.3rem; }
header p { margin: 0; opacity: .85; font-size: .9rem; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 26rem; gap: 1rem; padding: 1rem 1.5rem; }
.wrap { overflow: auto; background: #fff; border: 1px solid #d8dde5; border-radius: 6px; }
table { border-collapse: collapse; font-size: .8rem; }
th, td { border: 1px solid #e3e7ee; padding: 0; }
thead th { background: #eef1f6; position: sticky; top: 0; }
th.area { padding: .3rem; text-align: center; font-weight: 600; }
th.practice { height: 9.5rem; vertical-align: bottom; width: 2.1rem; }
th.practice span { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block; padding: .3rem 0;
  white-space: nowrap; font-weight: 500; }
tbody th { text-align: left; padding: .3rem .5rem; white-space: nowrap; background: #fafbfc; font-weight: 500; }
td.cell { width: 2.1rem; height: 1.7rem; text-align: center; cursor: pointer; font-variant-numeric: tabular-nums; }
td.cell:focus, td.cell.selected { outline: 3px solid #1f3a5f; outline-offset: -3px; }
td.total, tfoot td { text-align: center; font-weight: 600; padding: .3rem; }
tfoot th { text-align: left; padding: .3rem .5rem; }
aside { background: #fff; border: 1px solid #d8dde5; border-radius: 6px; padding: 1rem; align-self: start;
  position: sticky; top: 1rem; max-height: calc(100vh - 2rem); overflow: auto; }
aside h2 { font-size: 1rem; margin: 0 0 .3rem; }
aside .meta { color: #56606e; font-size: .85rem; margin: 0 0 .8rem; }
aside ol { padding-left: 1.2rem; margin: 0; }
aside li { margin-bottom: .8rem; font-size: .85rem; }
aside .where { font-weight: 600; display: block; }
aside blockquote { margin: .2rem 0; padding-left: .6rem; border-left: 3px solid #c9d2df; white-space: pre-wrap; }
aside .reading { color: #56606e; font-style: italic; }
section.similar { grid-column: 1 / -1; background: #fff; border: 1px solid #d8dde5; border-radius: 6px;
  padding: .5rem 1rem; font-size: .85rem; }
.legend span { display: inline-block; width: 1rem; height: .8rem; vertical-align: middle; margin: 0 .2rem 0 .8rem; }
.failures { color: #9b1c1c; }
"""

SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById("matrix-data").textContent);
  var panel = document.getElementById("panel");
  var title = document.getElementById("panel-title");
  var meta = document.getElementById("panel-meta");
  var list = document.getElementById("panel-evidence");
  var selected = null;
  function show(cell) {
    var row = data.rows[Number(cell.dataset.row)];
    var practice = data.practices[Number(cell.dataset.col)];
    var finding = row.cells[Number(cell.dataset.col)];
    if (selected) { selected.classList.remove("selected"); }
    selected = cell;
    cell.classList.add("selected");
    title.textContent = practice.name + " \\u2014 " + row.district;
    meta.textContent = finding.status.replace("_", " ") + (finding.confidence ? ", confidence " +
      finding.confidence.toFixed(2) : "") + (finding.units ? ", " + finding.units + " unit(s)" : "") +
      " \\u00b7 " + row.path;
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!finding.evidence.length) {
      var none = document.createElement("li");
      none.textContent = "No evidence in this contract.";
      list.appendChild(none);
    }
    finding.evidence.forEach(function (e) {
      var li = document.createElement("li");
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = e.citation + (e.page ? ", p. " + e.page : "") +
        (e.printed && e.printed !== String(e.page) ? " (printed " + e.printed + ")" : "") +
        " \\u00b7 " + e.confidence.toFixed(2);
      var quote = document.createElement("blockquote");
      quote.textContent = e.quote;
      li.appendChild(where);
      li.appendChild(quote);
      if (e.reading) {
        var reading = document.createElement("span");
        reading.className = "reading";
        reading.textContent = e.reading;
        li.appendChild(reading);
      }
      list.appendChild(li);
    });
    panel.hidden = false;
  }
  document.querySelectorAll("td.cell").forEach(function (cell) {
    cell.addEventListener("click", function () { show(cell); });
    cell.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); show(cell); }
    });
  });
})();
"""


def _colour(status: str, confidence: float) -> str:
    if status == PRESENT:
        # from light to deep green as confidence rises
        t = max(0.0, min(1.0, (confidence - 0.5) / 0.5))
        r, g, b = int(186 - 150 * t), int(228 - 100 * t), int(190 - 130 * t)
        return f"#{r:02x}{g:02x}{b:02x}"
    if status == WEAK:
        return "#f6dd8f"
    return "#f4f5f7"


def _text_colour(status: str, confidence: float) -> str:
    return "#ffffff" if status == PRESENT and confidence >= 0.8 else "#1d2530"


def _json_for_script(data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _reading(e) -> str:
    parts = [x.replace("_", " ") for x in (e.force, e.actor) if x]
    parts += [f"{m.type} ({m.trigger})" for m in e.modifiers if m.applies]
    return " · ".join(parts)


def render(m: Matrix) -> str:
    esc = html.escape
    areas: list[tuple[str, int]] = []
    for _, _, area, area_name in m.practices:
        if areas and areas[-1][0] == area_name:
            areas[-1] = (area_name, areas[-1][1] + 1)
        else:
            areas.append((area_name, 1))
    head_areas = "".join(f'<th class="area" colspan="{n}">{esc(name)}</th>' for name, n in areas)
    head_practices = "".join(f'<th class="practice" title="{esc(name)}"><span>{esc(name)}</span></th>'
                             for _, name, _, _ in m.practices)
    body = []
    data_rows = []
    for i, r in enumerate(m.rows):
        cells = []
        data_cells = []
        for j, (pid, name, _, _) in enumerate(m.practices):
            p = r.result.practice(pid)
            label = f"{name}: {p.status.replace('_', ' ')}" + (f" {p.confidence:.2f}" if p.confidence else "")
            shown = f"{p.confidence:.2f}" if p.status in (PRESENT, WEAK) else ""
            cells.append(f'<td class="cell {p.status}" data-row="{i}" data-col="{j}" tabindex="0" '
                         f'style="background:{_colour(p.status, p.confidence)};color:{_text_colour(p.status, p.confidence)}" '
                         f'aria-label="{esc(label)}" title="{esc(label)}">{shown}</td>')
            data_cells.append({"status": p.status, "confidence": p.confidence, "units": p.units,
                               "evidence": [{"citation": e.citation, "page": e.page, "printed": e.printed_page,
                                             "quote": e.quote, "confidence": e.confidence, "reading": _reading(e)}
                                            for e in p.evidence]})
        who = esc(r.district) + (f" <small>({esc(r.state)}{', ' + esc(r.term) if r.term else ''})</small>"
                                 if r.state or r.term else "")
        body.append(f'<tr><th scope="row" title="{esc(r.result.source.path)}">{who}</th>{"".join(cells)}'
                    f'<td class="total">{r.present}</td></tr>')
        data_rows.append({"district": r.district, "path": r.result.source.path, "cells": data_cells})
    totals = m.column_totals()
    foot = "".join(f"<td>{totals[pid]}</td>" for pid, *_ in m.practices)
    similar = "".join(
        f"<li><b>{esc(r.district)}</b>: " + ", ".join(f"{esc(d)} ({s:.2f})" for d, s in r.similar) + "</li>"
        for r in m.rows if r.similar)
    failures = "".join(f"<li>{esc(str(f))}</li>" for f in m.failures)
    data = {"practices": [{"id": pid, "name": name} for pid, name, _, _ in m.practices], "rows": data_rows}
    title = f"contractlens: {len(m.rows)} contracts × {len(m.practices)} practices"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>Practices in {len(m.rows)} contract(s)</h1>
<p>{esc(m.pack_title)} · rules version {esc(m.pack_version)} · contractlens {esc(__version__)} ·
click a cell to see the evidence
<span class="legend"><span style="background:{_colour(PRESENT, 1.0)}"></span>present
<span style="background:{_colour(WEAK, 0.4)}"></span>weak
<span style="background:{_colour('not_found', 0)}"></span>not found</span></p>
</header>
<main>
<div class="wrap">
<table id="matrix">
<thead>
<tr><th rowspan="2">District</th>{head_areas}<th rowspan="2">Total</th></tr>
<tr>{head_practices}</tr>
</thead>
<tbody>
{chr(10).join(body)}
</tbody>
<tfoot><tr><th>Districts with it</th>{foot}<td></td></tr></tfoot>
</table>
</div>
<aside id="panel" hidden aria-live="polite">
<h2 id="panel-title"></h2>
<p id="panel-meta" class="meta"></p>
<ol id="panel-evidence"></ol>
</aside>
<section class="similar">
<h2>Most alike districts</h2>
<ul>{similar}</ul>
{f'<h2 class="failures">Files not read</h2><ul class="failures">{failures}</ul>' if failures else ''}
</section>
</main>
<script id="matrix-data" type="application/json">{_json_for_script(data)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
