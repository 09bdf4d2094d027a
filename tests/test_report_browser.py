"""The HTML report in headless Chromium: the matrix renders, a click shows evidence, no console errors.

Needs Debian's chromium (/usr/bin/chromium) and the playwright package; .ci/run installs both.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import SAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
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


def test_matrix_renders_and_click_shows_evidence(report):
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian package 'chromium'; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
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
        browser.close()
    assert errors == []
