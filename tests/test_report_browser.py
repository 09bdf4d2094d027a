"""The HTML report in headless Chromium: it renders, a click shows evidence, and what a researcher or
a board member does with it works: sort, filter, search, a district's page, printing, a laptop screen.

Needs Debian's chromium (/usr/bin/chromium) and the playwright package; .ci/run installs both.
No browser is downloaded: playwright drives the system Chromium.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import SAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


# -- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The real pipeline: three contracts through `compare -f html`."""
    from contractlens.cli import main

    d = tmp_path_factory.mktemp("report")
    escapes = d / "escapes.txt"
    escapes.write_text(
        "AGREEMENT between the Testville Unified School District and the Testville Teachers Association\n\n"
        "ARTICLE 1 – WAIVERS\n\n"
        "A. A school may request a waiver of any provision of this Agreement upon a two-thirds vote of its staff "
        "and approval of the joint waiver panel <script>window.__owned = 1</script>.\n\n"
        "B. Waivers granted under this article last two years.\n")
    out = d / "report.html"
    try:
        main(["compare", str(SAMPLES / "reform.pdf"), str(SAMPLES / "traditional.pdf"), str(escapes),
              "--db", str(d / "db.sqlite"), "-f", "html", "-o", str(out), "-j", "2"])
    except SystemExit as exc:
        assert not exc.code
    return out


NAMES = ["Alder Creek", "Birch Hollow", "Cedar Point", "Dunmore Valley", "Elm Ridge", "Fox Run", "Glenwood",
         "Harbor Falls", "Iron Springs", "Juniper Flats", "Kestrel Bay", "Larch Mountain", "Maple Glen",
         "North Fork", "Oak Harbor", "Pine Bluff", "Quarry Hill", "Red Cedar", "Silver Lake", "Tamarack"]
STATES = ["CA", "OR", "WA"]
HOSTILE_FILE = 'odd & "name" <img src=x onerror=window.__owned=1>.pdf'
NEEDLE = "lighthouse mentoring cohort"
HOSTILE_ROW, HOSTILE_COL = 5, 3


def fake_matrix(folder: Path, n: int = 20):
    """Twenty fictional districts over the handbook's practices: the first has every practice, the
    second none, one has a file name and a quote that try to become markup. Text in our own words."""
    from contractlens.compare import Matrix, Row
    from contractlens.models import NOT_FOUND, PRESENT, WEAK, Evidence, PracticeResult, ScanResult, Source
    from contractlens.rules import load_pack

    pack = load_pack("handbook")
    rng = random.Random(14)
    rows = []
    for i in range(n):
        practices = []
        for k, rule in enumerate(pack.rules):
            if i in (0, 1):
                status = PRESENT if i == 0 else NOT_FOUND
            else:
                roll = rng.random()
                status = PRESENT if roll < 0.4 else WEAK if roll < 0.55 else NOT_FOUND
            if (i, k) == (HOSTILE_ROW, HOSTILE_COL):
                status = PRESENT
            conf = {PRESENT: round(rng.uniform(0.62, 0.99), 2), WEAK: round(rng.uniform(0.3, 0.5), 2)}.get(status, 0.0)
            quote = f"The board and the association set up panel {k} for school {i} as this article says."
            if (i, k) == (HOSTILE_ROW, HOSTILE_COL):
                quote = f"Each new teacher joins a {NEEDLE} led by a consulting teacher <script>window.__owned = 1</script>."
            ev = (Evidence("u1", f"Article {k + 1}, Section {i + 1}", "Heading", k + 2, str(k + 1), quote, 0, 1, conf, ()),
                  ) if status != NOT_FOUND else ()
            practices.append(PracticeResult(rule.id, rule.name, rule.area, pack.area_name(rule.area), status, conf,
                                            1 if status == PRESENT else 0, ev))
        name = HOSTILE_FILE if i == HOSTILE_ROW else f"{NAMES[i].lower().replace(' ', '_')}.pdf"
        source = Source(str(folder / "contracts" / name), f"{i:064x}", "pdf", 40, "pdfium")
        result = ScanResult(source, pack.name, pack.title, pack.version, 40, 100, 0.95, tuple(practices))
        rows.append(Row(f"{NAMES[i]} School District", STATES[i % 3], "2021-2024", result,
                        similar=((f"{NAMES[(i + 1) % n]} School District", 0.9),), name_source="title page",
                        name_confidence=0.9))
    practices = tuple((p.id, p.name, p.area, p.area_name) for p in rows[0].result.practices)
    matrix = Matrix(pack.name, pack.title, pack.version, practices, tuple(rows), ("gone.pdf: no such file",), 0)
    return matrix, {r.id: r.description for r in pack.rules}


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    from contractlens.reporters import matrix_html

    d = tmp_path_factory.mktemp("big")
    m, defs = fake_matrix(d)
    out = d / "report.html"
    out.write_text(matrix_html.render(m, definitions=defs, base=d), encoding="utf-8")
    return out, m, defs


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium'; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page at 1280x720 whose console and script errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == []


def order(pg) -> list[int]:
    """The rows' indexes into the matrix, in the order shown, visible rows only."""
    return pg.eval_on_selector_all("#matrix tbody tr", "trs => trs.filter(t => !t.hidden).map(t => Number(t.dataset.row))")


RANK = {"present": 2, "weak": 1, "not_found": 0}


# -- the real pipeline --------------------------------------------------------------------------

def test_matrix_renders_and_click_shows_evidence(report, page):
    page.goto(report.as_uri())
    rows = page.locator("#matrix tbody tr")
    assert rows.count() == 3
    assert page.locator("#matrix td.cell").count() == 3 * 21
    assert page.locator("#panel").is_hidden()

    # Crescent Bay's peer assistance and review cell
    row = page.locator("#matrix tbody tr", has_text="Crescent Bay")
    cell = row.locator("td.cell.present").first
    cell.click()
    assert page.locator("#panel").is_visible()
    assert "Crescent Bay" in page.locator("#panel-title").inner_text()
    items = page.locator("#panel-evidence li")
    assert items.count() >= 1 and ", p. " in items.first.inner_text()

    # The <script> text of a clause is shown as text and never run.
    tv = page.locator("#matrix tbody tr", has_text="Testville")
    tv.locator("td.cell.present").first.click()
    quote = page.locator("#panel-evidence blockquote").first.inner_text()
    assert "<script>window.__owned = 1</script>" in quote
    assert page.evaluate("window.__owned") is None

    # the district's page, from the real results
    page.locator("#matrix tbody tr", has_text="Crescent Bay").locator("th a").click()
    district = page.locator(".district-page:target")
    assert district.is_visible() and page.locator("#matrix").is_hidden()
    assert "Crescent Bay" in district.locator("h2").inner_text()
    assert district.locator("blockquote").count() >= 1


# -- sort -----------------------------------------------------------------------------------------

def test_sort_by_district_total_and_each_practice(big, page):
    out, m, _ = big
    page.goto(out.as_uri())
    names = [r.district for r in m.rows]
    page.locator("#matrix thead th.name button").click()
    assert [names[i] for i in order(page)] == sorted(names, key=str.lower)
    assert page.locator("#matrix thead th.name").get_attribute("aria-sort") == "ascending"
    page.locator("#matrix thead th.name button").click()
    assert [names[i] for i in order(page)] == sorted(names, key=str.lower, reverse=True)

    page.locator("#matrix thead th.total button").click()
    totals = [m.rows[i].present for i in order(page)]
    assert totals == sorted(totals, reverse=True) and totals[0] == 21 and totals[-1] == 0
    assert page.locator("#matrix thead th.total").get_attribute("aria-sort") == "descending"
    assert page.locator("#matrix thead th.name").get_attribute("aria-sort") == "none"

    for j in (0, 7, len(m.practices) - 1):
        page.locator(f'#matrix thead th.practice[data-col="{j}"] button').click()
        pid = m.practices[j][0]
        shown = [m.rows[i].result.practice(pid) for i in order(page)]
        keys = [RANK[p.status] * 10 + p.confidence for p in shown]
        assert keys == sorted(keys, reverse=True), f"column {j} not sorted by status then confidence"
        assert shown[0].status == "present" and shown[-1].status == "not_found"
        # the cells move with their rows: the first row's cell in this column shows the best confidence
        first = page.locator(f'#matrix tbody tr >> nth=0 >> td.cell[data-col="{j}"]')
        assert first.inner_text() == f"{shown[0].confidence:.2f}"
    # clicking a cell after sorting still shows that row's evidence
    page.locator('#matrix tbody tr >> nth=0 >> td.cell.present').first.click()
    assert m.rows[order(page)[0]].district in page.locator("#panel-title").inner_text()


# -- filter ---------------------------------------------------------------------------------------

def test_filter_by_area_state_and_status(big, page):
    out, m, _ = big
    page.goto(out.as_uri())
    visible_cols = "#matrix thead th.practice:visible"
    assert page.locator(visible_cols).count() == len(m.practices)

    partnering = [j for j, p in enumerate(m.practices) if p[2] == "partnering"]
    page.select_option("#f-area", "partnering")
    assert page.locator(visible_cols).count() == len(partnering)
    assert page.locator("#matrix thead th.area:visible").count() == 1
    cols = page.eval_on_selector_all("#matrix tbody tr >> nth=0 >> td.cell",
                                     "tds => tds.filter(t => t.offsetParent !== null).map(t => Number(t.dataset.col))")
    assert cols == partnering
    page.select_option("#f-area", "")
    assert page.locator(visible_cols).count() == len(m.practices)

    page.select_option("#f-state", "OR")
    assert sorted(order(page)) == [i for i, r in enumerate(m.rows) if r.state == "OR"]
    assert page.locator("#f-shown").inner_text().startswith(f"{len(order(page))} of 20")
    # the footer counts the districts shown
    pid = m.practices[0][0]
    expected = sum(1 for i in order(page) if m.rows[i].result.practice(pid).status == "present")
    assert page.locator('#matrix tfoot td[data-col="0"]').inner_text() == str(expected)

    page.select_option("#f-state", "")
    page.select_option("#f-practice", "4")
    page.select_option("#f-status", "weak")
    pid = m.practices[4][0]
    assert sorted(order(page)) == [i for i, r in enumerate(m.rows) if r.result.practice(pid).status == "weak"]
    page.select_option("#f-status", "not_found")
    assert sorted(order(page)) == [i for i, r in enumerate(m.rows) if r.result.practice(pid).status == "not_found"]

    # status of any practice shown, within an area and a state
    page.select_option("#f-practice", "")
    page.select_option("#f-status", "present")
    page.select_option("#f-area", "low_performing")
    page.select_option("#f-state", "WA")
    low = {p[0] for p in m.practices if p[2] == "low_performing"}
    assert sorted(order(page)) == [i for i, r in enumerate(m.rows) if r.state == "WA" and any(
        p.status == "present" for p in r.result.practices if p.id in low)]
    assert 0 < len(order(page)) < 20


# -- search ---------------------------------------------------------------------------------------

def test_search_filters_districts_by_quote_and_name(big, page):
    out, m, _ = big
    page.goto(out.as_uri())
    page.fill("#f-search", NEEDLE.upper())
    assert order(page) == [HOSTILE_ROW]
    hits = page.locator("#matrix td.cell.hit")
    assert hits.count() == 1 and hits.get_attribute("data-col") == str(HOSTILE_COL)
    assert page.locator("#f-shown").inner_text().startswith("1 of 20")
    hits.click()
    assert NEEDLE in page.locator("#panel-evidence blockquote").first.inner_text()

    page.fill("#f-search", "glenwood")
    assert [m.rows[i].district for i in order(page)] == ["Glenwood School District"]
    assert page.locator("#matrix td.cell.hit").count() == 0
    page.fill("#f-search", "Article 3, Section 9")  # a citation
    assert order(page) == [8]
    page.fill("#f-search", "no contract says this")
    assert order(page) == []
    page.fill("#f-search", "")
    assert len(order(page)) == 20


# -- a district's page -----------------------------------------------------------------------------

def test_district_page_shows_findings_quotes_and_page_links(big, page):
    out, m, defs = big
    page.goto(out.as_uri())
    row = m.rows[HOSTILE_ROW]
    page.locator(f'#matrix tbody tr[data-row="{HOSTILE_ROW}"] th a').click()
    assert page.url.endswith(f"#district-{HOSTILE_ROW}")
    section = page.locator(f"#district-{HOSTILE_ROW}")
    assert section.is_visible() and page.locator("#matrix").is_hidden()
    assert row.district in section.locator("h2").inner_text()
    found = [p for p in row.result.practices if p.status in ("present", "weak")]
    assert section.locator("h3").count() == len(found) + 1  # each finding, and "Not found"
    assert section.locator("ul.absent li").count() == len(row.result.practices) - len(found)
    assert section.locator("blockquote").count() == sum(len(p.evidence) for p in found)
    # the quote and the file name are text, never markup
    assert "<script>window.__owned = 1</script>" in section.inner_text()
    assert HOSTILE_FILE in section.inner_text()
    assert page.locator("img").count() == 0 and page.evaluate("window.__owned") is None
    # the practice's definition is on its page
    assert defs[m.practices[HOSTILE_COL][0]] in section.inner_text()

    # links open the PDF at the quote's page, relative to the report
    links = section.locator("a", has_text="open page")
    assert links.count() == sum(len(p.evidence) for p in found)
    first = found[0].evidence[0]
    href = links.first.get_attribute("href")
    assert not href.startswith(("/", "file:")) and href.endswith(f"#page={first.page}")
    target = urlparse(links.first.evaluate("a => a.href"))
    assert Path(unquote(target.path)) == Path(row.result.source.path) and target.fragment == f"page={first.page}"

    # back to the matrix; another district's page from the evidence panel
    section.locator("a", has_text="all districts").click()
    assert page.locator("#matrix").is_visible() and section.is_hidden()
    page.locator('#matrix tbody tr[data-row="2"] td.cell.present').first.click()
    page.locator("#panel-page").click()
    assert page.locator("#district-2").is_visible() and page.locator("#panel").is_hidden()


# -- a laptop screen, a wide screen ---------------------------------------------------------------

def test_laptop_screen_shows_five_districts_and_headers_stick(big, page):
    out, _, _ = big
    page.goto(out.as_uri())
    tops = page.eval_on_selector_all("#matrix tbody tr", "trs => trs.map(t => t.getBoundingClientRect().bottom)")
    # the bar is five; the compact headers give about fifteen, and ten catches them growing back
    # to one line of vertical text per practice (the old report showed two districts)
    assert sum(1 for b in tops if b <= 720) >= 10
    # every column fits: nothing clipped, no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    right = page.locator("#matrix thead th.total").bounding_box()
    assert right["x"] + right["width"] <= 1280
    # scrolled down, the practice headers stay on screen above the rows
    page.mouse.wheel(0, 500)
    page.wait_for_function("window.scrollY >= 400")
    head = page.locator("#matrix thead th.practice").first.bounding_box()
    assert 0 <= head["y"] < 200
    assert page.locator("#matrix thead th.practice").first.is_visible()


def test_wide_screen_does_not_clip_the_last_columns(big, browser):
    out, m, _ = big
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.goto(out.as_uri())
    last = pg.locator(f'#matrix thead th.practice[data-col="{len(m.practices) - 1}"]')
    box = last.bounding_box()
    assert box["x"] + box["width"] <= 1400 and pg.evaluate("document.documentElement.scrollWidth") <= 1400
    # with the evidence panel open, the page scrolls sideways far enough to bring the last column out
    pg.locator(f'#matrix tbody tr[data-row="0"] td.cell[data-col="{len(m.practices) - 1}"]').click()
    panel = pg.locator("#panel").bounding_box()
    box = last.bounding_box()
    assert box["x"] + box["width"] <= panel["x"], "the clicked column is under the panel"
    pg.evaluate("window.scrollTo(document.documentElement.scrollWidth, 0)")
    box = pg.locator("#matrix thead th.total").bounding_box()
    assert box["x"] + box["width"] <= panel["x"]
    context.close()


# -- print -----------------------------------------------------------------------------------------

PRINT_WIDTH = 990  # landscape Letter less 8 mm margins, in CSS pixels (11 in x 96 - 2 x 30)


def test_print_keeps_colours_and_every_column(big, browser, tmp_path):
    out, m, _ = big
    context = browser.new_context(viewport={"width": PRINT_WIDTH, "height": 700})
    pg = context.new_page()
    pg.goto(out.as_uri())
    pg.emulate_media(media="print")
    assert pg.locator(".controls").is_hidden()
    heads = pg.eval_on_selector_all("#matrix thead th.practice, #matrix thead th.total",
                                    "ths => ths.map(t => [t.offsetParent !== null, t.getBoundingClientRect().right])")
    assert len(heads) == len(m.practices) + 1
    assert all(shown and right <= PRINT_WIDTH for shown, right in heads), heads
    assert pg.evaluate("document.documentElement.scrollWidth") <= PRINT_WIDTH
    cell = pg.locator("#matrix td.cell.present").first
    assert cell.evaluate("c => getComputedStyle(c).printColorAdjust") == "exact"
    assert cell.evaluate("c => getComputedStyle(c).backgroundColor") not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")

    # the printed file: backgrounds off (the browser's default), the heatmap's greens still there
    pdfium = pytest.importorskip("pypdfium2")
    pdf_path = tmp_path / "printed.pdf"
    pg.pdf(path=str(pdf_path), landscape=True, format="Letter", print_background=False)
    context.close()
    doc = pdfium.PdfDocument(str(pdf_path))
    try:
        first = doc[0]
        image = first.render(scale=1).to_pil().convert("RGB")
        text = first.get_textpage().get_text_range()
    finally:
        doc.close()
    raw = image.tobytes()
    greens = sum(1 for k in range(0, len(raw), 3) if raw[k + 1] > raw[k] + 40 and raw[k + 1] > raw[k + 2] + 30)
    assert greens > 5000, f"only {greens} green pixels: the colours were dropped"
    assert "Districts with it" in text and "Total" in text


# -- escaping and the pieces that need no browser -------------------------------------------------

def test_user_text_is_escaped_in_the_file(big):
    out, _, _ = big
    page_text = out.read_text(encoding="utf-8")
    assert "<img" not in page_text and "<script>window" not in page_text
    assert page_text.count("<script") == 2  # the data block and the report's own script
    assert "odd &amp; &quot;name&quot; &lt;img" in page_text
    assert "http://" not in page_text.replace("http://www.w3.org/2000/svg", "") and "https://" not in page_text


def test_chart_and_legend_match_the_matrix(big, page):
    out, m, defs = big
    page.goto(out.as_uri())
    assert page.locator("#legend").is_visible() and "weak" in page.locator("#legend").inner_text()
    items = page.locator("#practices li")
    assert items.count() == len(m.practices)
    for j in (0, 5, len(m.practices) - 1):
        pid = m.practices[j][0]
        present = sum(1 for r in m.rows if r.result.practice(pid).status == "present")
        item = items.nth(j)
        bar = item.locator(".bar").bounding_box()["width"] - 2  # inside its border
        green = item.locator(".b-present").bounding_box()["width"]
        assert green == pytest.approx(bar * present / len(m.rows), abs=1.5)
        assert item.locator(".count").inner_text().startswith(f"{present} of {len(m.rows)}")
        assert item.locator(".pdef").inner_text() == defs[pid]
    # the header's tooltip and the evidence panel carry the definition too
    assert defs[m.practices[2][0]] in page.locator('#matrix th.practice[data-col="2"]').get_attribute("title")
    page.locator('#matrix tbody tr[data-row="0"] td.cell[data-col="2"]').click()
    assert page.locator("#panel-definition").inner_text() == defs[m.practices[2][0]]


def test_weak_share_is_the_scorers():
    from contractlens.reporters.matrix_html import WEAK_SHARE
    from contractlens.score import WEAK_FRACTION

    assert WEAK_SHARE == WEAK_FRACTION


def test_file_links():
    from contractlens.reporters.matrix_html import file_href

    assert file_href("/data/run/contracts/a b#1.pdf", "/data/run") == "contracts/a%20b%231.pdf"
    assert file_href("/data/contracts/x.pdf", "/data/run/out") == "../../contracts/x.pdf"
    assert file_href("javascript:alert(1).pdf", None) == "javascript%3Aalert%281%29.pdf"
    assert file_href("/abs/x.pdf", None) == "file:///abs/x.pdf"


def test_without_definitions_it_says_so(big):
    from contractlens.reporters import matrix_html

    _, m, _ = big
    text = matrix_html.render(m)
    assert "Definitions are not included in this report" in text
    assert "Definitions are not included" not in big[0].read_text(encoding="utf-8")
