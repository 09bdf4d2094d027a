"""`contractlens compare --format html`: one self-contained file, the matrix as a heatmap.

Sortable columns, filters (area, state, status), a quote search, a page per
district (an in-file anchor, ``#district-N``), a chart of how common each
practice is, and a print stylesheet. No network assets. Every piece of
contract text and every file name is escaped: it reaches the page only as
HTML-escaped text or inside a JSON block whose "<", ">" and "&" are
\\u-escaped, and the script puts it on screen with textContent, never as markup.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Mapping
from urllib.parse import quote

from .._version import __version__
from ..model import PRESENT, WEAK, Matrix, Row
from ._html_assets import CSS, SCRIPT

esc = html.escape
# score.WEAK_FRACTION, restated: importing score would load spaCy into a reporter (a test keeps them equal)
WEAK_SHARE = 0.6
STATUS_WORDS = {PRESENT: "present", WEAK: "weak", "not_found": "not found"}


def definitions_from(pack) -> dict[str, str]:
    """Practice id -> the rule's plain-words description, from a loaded rule pack."""
    return {r.id: r.description for r in getattr(pack, "rules", ())}


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


def file_href(path: str, base: str | Path | None) -> str:
    """A link to the contract file: relative to ``base`` (the report's folder) when given; else the
    path as given when relative, a file: URI when absolute. Percent-encoded, so a name cannot
    become a scheme ("javascript:") or break out of the attribute."""
    if base is not None:
        try:
            rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
        except ValueError:  # another drive on Windows
            return Path(os.path.abspath(path)).as_uri()
        return quote(Path(rel).as_posix())
    p = Path(path)
    return p.as_uri() if p.is_absolute() else quote(p.as_posix())


def _page_href(row: Row, page: int, base) -> str:
    """``file.pdf#page=N`` (PDF viewers open that page); other formats have no page to open."""
    if row.result.source.format != "pdf" or not page:
        return ""
    return f"{file_href(row.result.source.path, base)}#page={page}"


def _areas(m: Matrix) -> list[tuple[str, str, int]]:
    """(area id, area name, number of practices) in report order."""
    out: list[tuple[str, str, int]] = []
    for _, _, area, area_name in m.practices:
        if out and out[-1][0] == area:
            out[-1] = (area, area_name, out[-1][2] + 1)
        else:
            out.append((area, area_name, 1))
    return out


def _who(r: Row) -> str:
    extra = ", ".join(esc(x) for x in (r.state, r.term) if x)
    return esc(r.district) + (f" <small>({extra})</small>" if extra else "")


def _table(m: Matrix, defs: Mapping[str, str]) -> str:
    head_areas = "".join(f'<th class="area" colspan="{n}" data-area="{esc(a)}" title="{esc(name)}">{esc(name)}</th>'
                         for a, name, n in _areas(m))
    head_practices = "".join(
        f'<th class="practice" scope="col" data-col="{j}" data-sort="{j}" aria-sort="none" '
        f'title="{esc(name + (": " + defs[pid] if defs.get(pid) else ""))}">'
        f'<button type="button">{esc(name)}</button><span class="mark"></span></th>'
        for j, (pid, name, _, _) in enumerate(m.practices))
    body = []
    for i, r in enumerate(m.rows):
        cells = []
        for j, (pid, name, _, _) in enumerate(m.practices):
            p = r.result.practice(pid)
            label = f"{name}: {STATUS_WORDS.get(p.status, p.status)}" + (f" {p.confidence:.2f}" if p.confidence else "")
            shown = f"{p.confidence:.2f}" if p.status in (PRESENT, WEAK) else ""
            cells.append(f'<td class="cell {esc(p.status)}" data-row="{i}" data-col="{j}" tabindex="0" '
                         f'style="background:{_colour(p.status, p.confidence)};color:{_text_colour(p.status, p.confidence)}" '
                         f'aria-label="{esc(label)}" title="{esc(label)}">{shown}</td>')
        body.append(f'<tr data-row="{i}"><th scope="row" title="{esc(r.result.source.path)}">'
                    f'<a href="#district-{i}">{_who(r)}</a></th>{"".join(cells)}'
                    f'<td class="total">{r.present}</td></tr>')
    totals = m.column_totals()
    foot = "".join(f'<td data-col="{j}">{totals[pid]}</td>' for j, (pid, *_) in enumerate(m.practices))
    return f"""<div class="tablerow"><div class="wrap">
<table id="matrix">
<thead>
<tr><th rowspan="2" class="name" scope="col" data-sort="district" aria-sort="none"><button type="button">District</button><span class="mark"></span></th>{head_areas}<th rowspan="2" class="total" scope="col" data-sort="total" aria-sort="none" title="practices present, of {len(m.practices)}"><button type="button">Total</button><span class="mark"></span></th></tr>
<tr>{head_practices}</tr>
</thead>
<tbody>
{chr(10).join(body)}
</tbody>
<tfoot><tr><th>Districts with it</th>{foot}<td></td></tr></tfoot>
</table>
</div></div>"""


def _controls(m: Matrix) -> str:
    areas = "".join(f'<option value="{esc(a)}">{esc(name)}</option>' for a, name, _ in _areas(m))
    states = sorted({r.state for r in m.rows if r.state})
    state = ("<label>State <select id=\"f-state\"><option value=\"\">all</option>"
             + "".join(f'<option value="{esc(s)}">{esc(s)}</option>' for s in states) + "</select></label>") if states else ""
    practices = "".join(f'<option value="{j}">{esc(name)}</option>' for j, (_, name, _, _) in enumerate(m.practices))
    return f"""<form class="controls" role="search" onsubmit="return false">
<label>Area <select id="f-area"><option value="">all</option>{areas}</select></label>
{state}
<label>Status <select id="f-status"><option value="">any</option><option value="present">present</option>
<option value="weak">weak</option><option value="not_found">not found</option></select></label>
<label>of <select id="f-practice"><option value="">any practice shown</option>{practices}</select></label>
<label>Search quotes <input type="search" id="f-search" placeholder="words in the evidence or a district"></label>
<output id="f-shown" aria-live="polite">{len(m.rows)} of {len(m.rows)} districts shown</output>
</form>"""


def _legend() -> str:
    steps = "".join(f'<span class="swatch" style="background:{_colour(PRESENT, c)};color:{_text_colour(PRESENT, c)}">'
                    f'{c:.2f}</span>' for c in (0.5, 0.6, 0.7, 0.8, 0.9, 1.0))
    return f"""<div class="legend" id="legend">
<b>Confidence</b> (0&ndash;1, the strength of the best evidence):
present {steps}
<span class="swatch" style="background:{_colour(WEAK, 0.4)}">weak</span> below the rule&rsquo;s threshold but at least
{WEAK_SHARE:.0%} of it
<span class="swatch" style="background:{_colour('not_found', 0)}">&nbsp;</span> not found.
Click a cell for its evidence, a district for its page, a header to sort.
</div>"""


def _prevalence(m: Matrix, defs: Mapping[str, str]) -> str:
    n = len(m.rows) or 1
    items = []
    for pid, name, _, area_name in m.practices:
        present = sum(1 for r in m.rows if r.result.practice(pid).status == PRESENT)
        weak = sum(1 for r in m.rows if r.result.practice(pid).status == WEAK)
        definition = defs.get(pid, "")
        items.append(
            f'<li data-practice="{esc(pid)}"><span class="pname">{esc(name)}<span class="parea">{esc(area_name)}</span></span>'
            f'<span class="bar" role="img" aria-label="{present} of {len(m.rows)} present, {weak} weak">'
            f'<span class="b-present" style="width:{100 * present / n:.1f}%"></span>'
            f'<span class="b-weak" style="width:{100 * weak / n:.1f}%"></span></span>'
            f'<span class="count">{present} of {len(m.rows)}{f" (+{weak} weak)" if weak else ""}</span>'
            f'<span class="pdef">{esc(definition)}</span></li>')
    note = "" if defs else "<p>Definitions are not included in this report: see the rule pack's files.</p>"
    return f"""<section class="box" id="practices">
<h2>How common each practice is, and what it means</h2>
{note}<ul class="prevalence">{"".join(items)}</ul>
</section>"""


def _district_page(i: int, r: Row, m: Matrix, defs: Mapping[str, str], base) -> str:
    source = r.result.source
    href = file_href(source.path, base)
    named = ""
    if r.name_source:
        sure = f", confidence {r.name_confidence:.2f}" if r.name_confidence is not None else ""
        named = f" · name from the {esc(r.name_source)}{sure}"
    found, absent = [], []
    for pid, name, _, area_name in m.practices:
        p = r.result.practice(pid)
        if p.status not in (PRESENT, WEAK):
            absent.append(f"<li>{esc(name)}</li>")
            continue
        evidence = []
        for e in p.evidence:
            page = f", p. {e.page}" if e.page else ""
            printed = f" (printed {esc(e.printed_page)})" if e.printed_page and e.printed_page != str(e.page) else ""
            link = _page_href(r, e.page, base)
            opener = f' <a class="open" href="{esc(link)}">open page {e.page}</a>' if link else ""
            ocr = (f' <span class="reading">read by OCR ({esc(e.ocr.engine)}, {e.ocr.confidence:.2f})</span>'
                   if e.ocr else "")
            reading = f'<span class="reading">{esc(_reading(e))}</span>' if _reading(e) else ""
            evidence.append(f'<li><span class="where">{esc(e.citation)}{page}{printed} · {e.confidence:.2f}</span>'
                            f"<blockquote>{esc(e.quote)}</blockquote>{reading}{opener}{ocr}</li>")
        definition = f'<p class="definition">{esc(defs[pid])}</p>' if defs.get(pid) else ""
        units = f", {p.units} unit(s)" if p.units else ""
        found.append(f'<h3>{esc(name)} <span class="status" style="background:{_colour(p.status, p.confidence)};'
                     f'color:{_text_colour(p.status, p.confidence)}">{STATUS_WORDS[p.status]} {p.confidence:.2f}</span>'
                     f' <small class="meta">{esc(area_name)}{units}</small></h3>{definition}'
                     f'<ol class="evidence">{"".join(evidence)}</ol>')
    similar = ", ".join(f"{esc(d)} ({s:.2f})" for d, s in r.similar)
    return f"""<section class="district-page" id="district-{i}" aria-label="{esc(r.district)}">
<p class="noprint"><a href="#top">&larr; all districts</a></p>
<h2>{_who(r)}</h2>
<p class="meta"><a href="{esc(href)}">{esc(source.path)}</a> · {esc(source.format)}, {source.pages} page(s){named}<br>
{r.present} of {len(m.practices)} practices present{f" · most alike: {similar}" if similar else ""}</p>
{"".join(found) or "<p>No practice found in this contract.</p>"}
<h3>Not found</h3>
<ul class="absent">{"".join(absent) or "<li>none</li>"}</ul>
</section>"""


def _data(m: Matrix, defs: Mapping[str, str], base) -> dict:
    rows = []
    for r in m.rows:
        cells = []
        for pid, *_ in m.practices:
            p = r.result.practice(pid)
            cells.append({"status": p.status, "confidence": p.confidence, "units": p.units,
                          "evidence": [{"citation": e.citation, "page": e.page, "printed": e.printed_page,
                                        "quote": e.quote, "confidence": e.confidence, "reading": _reading(e),
                                        "href": _page_href(r, e.page, base)} for e in p.evidence]})
        rows.append({"district": r.district, "state": r.state, "term": r.term, "path": r.result.source.path,
                     "total": r.present, "cells": cells})
    practices = [{"id": pid, "name": name, "area": area, "definition": defs.get(pid, "")}
                 for pid, name, area, _ in m.practices]
    return {"practices": practices, "rows": rows}


def _reviews_note(m: Matrix) -> str:
    if m.reviews is None:
        return ""
    applied = sum(len(r.result.reviews.applied) for r in m.rows if r.result.reviews is not None)
    stale = sum(len(r.result.reviews.stale) for r in m.rows if r.result.reviews is not None)
    return (f'\n<p class="reviews">Reviews applied from {esc(m.reviews)}: {applied} review(s)'
            + (f", {stale} stale" if stale else "") + "</p>")


def render(m: Matrix, *, definitions: Mapping[str, str] | None = None, base: str | Path | None = None) -> str:
    """The report as one HTML file. ``definitions``: practice id -> description (see
    ``definitions_from``); ``base``: the folder the report is written to, for links to the files."""
    defs = dict(definitions or {})
    similar = "".join(
        f"<li><b>{esc(r.district)}</b>: " + ", ".join(f"{esc(d)} ({s:.2f})" for d, s in r.similar) + "</li>"
        for r in m.rows if r.similar)
    failures = "".join(f"<li>{esc(str(f))}</li>" for f in m.failures)
    duplicates = "".join(f"<li>{esc(d)}</li>" for d in m.duplicates)
    pages = "\n".join(_district_page(i, r, m, defs, base) for i, r in enumerate(m.rows))
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
<header class="top" id="top">
<h1>Practices in {len(m.rows)} contract(s)</h1>
<p>{esc(m.pack_title)} · rules version {esc(m.pack_version)} · contractlens {esc(__version__)}</p>{_reviews_note(m)}
</header>
<div id="matrix-view">
{_controls(m)}
{_legend()}
<main>
{_table(m, defs)}
{_prevalence(m, defs)}
<section class="box similar">
<h2>Most alike districts</h2>
<ul>{similar}</ul>
{f'<h2 class="failures">Files not read</h2><ul class="failures">{failures}</ul>' if failures else ''}
{f'<h2>Counted once</h2><ul>{duplicates}</ul>' if duplicates else ''}
</section>
</main>
</div>
{pages}
<aside id="panel" hidden aria-live="polite">
<button type="button" class="close" id="panel-close" aria-label="Close">&times;</button>
<h2 id="panel-title"></h2>
<p id="panel-meta" class="meta"></p>
<p id="panel-definition" class="definition" hidden></p>
<p class="meta"><a id="panel-page" href="#top">the district&rsquo;s page</a></p>
<ol id="panel-evidence" class="evidence"></ol>
</aside>
<script id="matrix-data" type="application/json">{_json_for_script(_data(m, defs, base))}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
