"""The HTML report's stylesheet and script, inlined into the page (no network, no CDN).

The script reads the page's JSON block and puts contract text on screen with
textContent only, never as markup.
"""

CSS = """
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2530; }
* { box-sizing: border-box; }
body { margin: 0; background: #f7f8fa; }
a { color: #1f4f8f; }
header.top { padding: .45rem 1rem; background: #1f3a5f; color: #fff; }
header.top h1 { margin: 0; font-size: 1.05rem; display: inline; }
header.top p { margin: 0 0 0 .6rem; opacity: .85; font-size: .78rem; display: inline; }
.controls { display: flex; flex-wrap: wrap; gap: .3rem .8rem; align-items: center; padding: .35rem 1rem;
  font-size: .78rem; background: #fff; border-bottom: 1px solid #d8dde5; }
.controls label { display: inline-flex; gap: .3rem; align-items: center; }
.controls select, .controls input { font: inherit; padding: .1rem .25rem; }
.controls input[type=search] { width: 14rem; }
.controls select { max-width: 16rem; }
.controls output { color: #56606e; }
.legend { display: flex; flex-wrap: wrap; gap: .2rem .5rem; align-items: center; padding: .3rem 1rem;
  font-size: .72rem; color: #3a4452; }
.legend .swatch { display: inline-block; min-width: 2rem; padding: 0 .2rem; text-align: center;
  border: 1px solid #d8dde5; font-variant-numeric: tabular-nums; }
main { padding: .3rem 1rem 1rem; }
/* room for the evidence panel: the page scrolls sideways so no column stays under it */
.tablerow { display: flex; width: max-content; }
.tablerow::after { content: ""; flex: 0 0 auto; width: 0; }
body.panel-open .tablerow::after { width: calc(min(27rem, 45vw) + 1rem); }
.wrap { background: #fff; border: 1px solid #d8dde5; border-radius: 6px; width: max-content; }
table#matrix { border-collapse: separate; border-spacing: 0; font-size: .74rem; }
#matrix th, #matrix td { border-right: 1px solid #e3e7ee; border-bottom: 1px solid #e3e7ee; padding: 0; }
#matrix thead { position: sticky; top: 0; z-index: 3; }
#matrix thead th { background: #eef1f6; }
#matrix th.area { padding: .15rem .2rem; text-align: center; font-weight: 600; font-size: .66rem; line-height: 1.1; }
#matrix th.practice { vertical-align: bottom; width: 2.3rem; min-width: 2.3rem; }
#matrix th.practice button { writing-mode: vertical-rl; transform: rotate(180deg); white-space: normal;
  max-height: 8.2rem; line-height: 1.05; font: inherit; font-size: .68rem; font-weight: 500; text-align: start;
  background: none; border: 0; padding: .25rem .1rem; cursor: pointer; color: inherit; }
#matrix th.name, #matrix th.total { vertical-align: bottom; }
#matrix th.name button, #matrix th.total button { font: inherit; font-weight: 600; background: none; border: 0;
  padding: .3rem .4rem; cursor: pointer; color: inherit; }
#matrix th[aria-sort=ascending] .mark::after { content: " \\25B2"; }
#matrix th[aria-sort=descending] .mark::after { content: " \\25BC"; }
#matrix th.practice .mark { display: block; text-align: center; font-size: .6rem; }
#matrix thead th.name, #matrix tbody th, #matrix tfoot th { position: sticky; left: 0; z-index: 2; }
#matrix tbody th { text-align: left; padding: .2rem .45rem; white-space: nowrap; background: #fafbfc; font-weight: 500;
  max-width: 22rem; overflow: hidden; text-overflow: ellipsis; }
#matrix tbody th small { color: #56606e; }
#matrix td.cell { width: 2.3rem; height: 1.55rem; text-align: center; cursor: pointer; font-variant-numeric: tabular-nums; }
#matrix td.cell:focus, #matrix td.cell.selected { outline: 3px solid #1f3a5f; outline-offset: -3px; }
#matrix td.cell.hit { box-shadow: inset 0 0 0 2px #c2410c; }
#matrix td.total, #matrix tfoot td { text-align: center; font-weight: 600; padding: .2rem .3rem; }
#matrix tfoot th { text-align: left; padding: .2rem .45rem; background: #fafbfc; }
#matrix .off { display: none; }
aside#panel { position: fixed; top: 0; right: 0; bottom: 0; width: min(27rem, 45vw); background: #fff;
  border-left: 1px solid #c9d2df; box-shadow: -4px 0 12px rgba(0,0,0,.08); padding: .8rem 1rem; overflow: auto; z-index: 10; }
aside#panel[hidden] { display: none; }
aside#panel .close { float: right; font: inherit; cursor: pointer; }
aside h2 { font-size: 1rem; margin: 0 0 .3rem; }
.meta { color: #56606e; font-size: .85rem; margin: 0 0 .5rem; }
.definition { font-size: .82rem; margin: 0 0 .6rem; padding: .3rem .5rem; background: #f2f5f9; border-radius: 4px; }
ol.evidence { padding-left: 1.2rem; margin: 0; }
ol.evidence li { margin-bottom: .8rem; font-size: .85rem; }
.where { font-weight: 600; display: block; }
blockquote { margin: .2rem 0; padding-left: .6rem; border-left: 3px solid #c9d2df; white-space: pre-wrap; }
.reading { color: #56606e; font-style: italic; }
a.open { margin-left: .6rem; }
section.box { background: #fff; border: 1px solid #d8dde5; border-radius: 6px; padding: .5rem 1rem; margin-top: .8rem;
  font-size: .85rem; }
section.box h2 { font-size: 1rem; margin: .3rem 0; }
.prevalence { list-style: none; padding: 0; margin: 0; }
.prevalence li { display: grid; grid-template-columns: minmax(10rem, 18rem) 12rem 6rem minmax(0, 1fr); gap: .6rem;
  align-items: start; padding: .25rem 0; border-bottom: 1px solid #eef1f6; }
.prevalence .pname { font-weight: 600; }
.prevalence .parea { display: block; font-weight: 400; color: #56606e; font-size: .75rem; }
.bar { display: flex; height: .9rem; background: #f4f5f7; border: 1px solid #d8dde5; margin-top: .15rem; }
.bar span { display: block; height: 100%; }
.bar .b-present { background: #3b8a4a; }
.bar .b-weak { background: #f6dd8f; }
.count { font-variant-numeric: tabular-nums; }
.failures { color: #9b1c1c; }
.district-page { display: none; padding: .5rem 1rem 2rem; max-width: 60rem; }
.district-page:target { display: block; }
body:has(.district-page:target) #matrix-view { display: none; }
.district-page h2 { margin: .5rem 0 .2rem; }
.district-page h3 { font-size: .95rem; margin: 1rem 0 .3rem; }
.district-page .status { font-weight: 400; font-size: .8rem; padding: .05rem .35rem; border-radius: 3px; }
.district-page ul.absent { columns: 2; font-size: .85rem; }
@media print {
  @page { size: landscape; margin: 8mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  html { font-size: 9px; }
  body { background: #fff; }
  .controls, aside#panel, .noprint { display: none !important; }
  body.panel-open .tablerow::after { width: 0; }
  main { padding: 0; }
  .wrap { border: 0; width: auto; max-width: none; }
  #matrix thead { position: static; display: table-header-group; }
  #matrix thead th.name, #matrix tbody th, #matrix tfoot th { position: static; }
  #matrix tbody th { max-width: none; white-space: normal; }
  #matrix th.practice button { max-height: 12rem; }
  #matrix tr, .prevalence li, ol.evidence li { break-inside: avoid; }
  section.box { border: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("matrix-data").textContent);
  var table = document.getElementById("matrix");
  var tbody = table.tBodies[0];
  var panel = document.getElementById("panel");
  var byId = function (id) { return document.getElementById(id); };
  var RANK = { present: 2, weak: 1, not_found: 0 };
  var selected = null;

  function fmt(x) { return (typeof x === "number") ? x.toFixed(2) : ""; }
  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }
  function text(tag, cls, value) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    el.textContent = value;
    return el;
  }
  function link(href, value) {
    var a = document.createElement("a");
    a.setAttribute("href", href);
    a.textContent = value;
    return a;
  }

  // -- the evidence panel --
  function show(cell) {
    var i = Number(cell.dataset.row), j = Number(cell.dataset.col);
    var row = data.rows[i], practice = data.practices[j], finding = row.cells[j];
    if (selected) { selected.classList.remove("selected"); }
    selected = cell;
    cell.classList.add("selected");
    byId("panel-title").textContent = practice.name + " \\u2014 " + row.district;
    byId("panel-meta").textContent = finding.status.replace("_", " ") +
      (finding.confidence ? ", confidence " + fmt(finding.confidence) : "") +
      (finding.units ? ", " + finding.units + " unit(s)" : "") + " \\u00b7 " + row.path;
    var def = byId("panel-definition");
    def.textContent = practice.definition || "";
    def.hidden = !practice.definition;
    var page = byId("panel-page");
    page.setAttribute("href", "#district-" + i);
    var list = byId("panel-evidence");
    clear(list);
    if (!finding.evidence.length) { list.appendChild(text("li", "", "No evidence in this contract.")); }
    finding.evidence.forEach(function (e) {
      var li = document.createElement("li");
      var where = text("span", "where", e.citation + (e.page ? ", p. " + e.page : "") +
        (e.printed && e.printed !== String(e.page) ? " (printed " + e.printed + ")" : "") +
        " \\u00b7 " + fmt(e.confidence));
      li.appendChild(where);
      li.appendChild(text("blockquote", "", e.quote));
      if (e.reading) { li.appendChild(text("span", "reading", e.reading)); }
      if (e.href) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(link(e.href, "open page " + e.page));
      }
      list.appendChild(li);
    });
    panel.hidden = false;
    document.body.classList.add("panel-open");
    var under = cell.getBoundingClientRect().right - panel.getBoundingClientRect().left;
    if (under > 0) { window.scrollBy(under + 16, 0); }
  }
  function hide() {
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    if (selected) { selected.classList.remove("selected"); selected = null; }
  }
  tbody.addEventListener("click", function (ev) {
    var cell = ev.target.closest("td.cell");
    if (cell) { show(cell); }
  });
  tbody.addEventListener("keydown", function (ev) {
    var cell = ev.target.closest("td.cell");
    if (cell && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); show(cell); }
  });
  byId("panel-close").addEventListener("click", hide);
  // a district's page replaces the matrix: the panel about a cell goes with it
  window.addEventListener("hashchange", function () { if (location.hash.indexOf("#district-") === 0) { hide(); } });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && !panel.hidden) { hide(); } });

  // -- sorting: click a header; again reverses --
  var sortKey = null, sortDir = 1;
  function keyOf(i, key) {
    var row = data.rows[i];
    if (key === "district") { return row.district.toLowerCase(); }
    if (key === "total") { return row.total; }
    var c = row.cells[Number(key)];
    return RANK[c.status] * 10 + (c.confidence || 0);
  }
  function sortBy(key) {
    sortDir = (key === sortKey) ? -sortDir : (key === "district" ? 1 : -1);
    sortKey = key;
    var trs = Array.prototype.slice.call(tbody.rows);
    trs.sort(function (a, b) {
      var i = Number(a.dataset.row), j = Number(b.dataset.row);
      var x = keyOf(i, key), y = keyOf(j, key);
      var c = (x < y) ? -1 : (x > y) ? 1 : 0;
      if (c === 0) { return data.rows[i].district.localeCompare(data.rows[j].district); }
      return c * sortDir;
    });
    trs.forEach(function (tr) { tbody.appendChild(tr); });
    table.querySelectorAll("thead th[data-sort]").forEach(function (th) {
      th.setAttribute("aria-sort", th.dataset.sort === key ? (sortDir > 0 ? "ascending" : "descending") : "none");
    });
  }
  table.querySelectorAll("thead th[data-sort] button").forEach(function (b) {
    b.addEventListener("click", function () { sortBy(b.parentNode.dataset.sort); });
  });

  // -- filters and search --
  var area = byId("f-area"), state = byId("f-state"), status = byId("f-status"),
      practiceSel = byId("f-practice"), query = byId("f-search"), shown = byId("f-shown");
  function matches(e, q) {
    return e.quote.toLowerCase().indexOf(q) >= 0 || e.citation.toLowerCase().indexOf(q) >= 0;
  }
  function apply() {
    var a = area.value, s = state ? state.value : "", st = status.value, pj = practiceSel.value;
    var q = query.value.trim().toLowerCase();
    var cols = data.practices.map(function (p) { return !a || p.area === a; });
    table.querySelectorAll("[data-col]").forEach(function (el) {
      el.classList.toggle("off", !cols[Number(el.dataset.col)]);
    });
    table.querySelectorAll("th.area").forEach(function (th) { th.classList.toggle("off", !!a && th.dataset.area !== a); });
    var n = 0, totals = data.practices.map(function () { return 0; });
    Array.prototype.forEach.call(tbody.rows, function (tr) {
      var i = Number(tr.dataset.row), row = data.rows[i], ok = true;
      if (s && row.state !== s) { ok = false; }
      if (ok && st) {
        ok = pj !== "" ? row.cells[Number(pj)].status === st
          : row.cells.some(function (c, j) { return cols[j] && c.status === st; });
      }
      var hits = 0;
      Array.prototype.forEach.call(tr.querySelectorAll("td.cell"), function (td) {
        var j = Number(td.dataset.col);
        var hit = !!q && cols[j] && row.cells[j].evidence.some(function (e) { return matches(e, q); });
        td.classList.toggle("hit", hit);
        if (hit) { hits += 1; }
      });
      if (ok && q) {
        var own = (row.district + " " + row.path + " " + row.state + " " + row.term).toLowerCase();
        ok = hits > 0 || own.indexOf(q) >= 0;
      }
      tr.hidden = !ok;
      if (ok) {
        n += 1;
        row.cells.forEach(function (c, j) { if (c.status === "present") { totals[j] += 1; } });
      }
    });
    table.querySelectorAll("tfoot td[data-col]").forEach(function (td) { td.textContent = totals[Number(td.dataset.col)]; });
    shown.textContent = n + " of " + data.rows.length + " districts shown";
  }
  [area, state, status, practiceSel].forEach(function (el) { if (el) { el.addEventListener("change", apply); } });
  query.addEventListener("input", apply);
  apply();
})();
"""
