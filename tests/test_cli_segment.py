"""`contractlens segment` output: the JSON contract and the table a reader scans."""

from __future__ import annotations

import hashlib
import json

from conftest import SAMPLES


def test_json_has_the_documented_fields(cli):
    path = SAMPLES / "reform.pdf"
    result = cli("segment", path, "--format", "json")
    assert result.code == 0, result
    data = json.loads(result.out)
    assert data["schema_version"]
    assert data["source"] == {"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                              "format": "pdf", "pages": 28, "engine": "pdfium"}
    assert 0.95 <= data["coverage"] <= 1
    unit = data["units"][0]
    for key in ("id", "number", "heading", "level", "parent", "page_start", "page_end", "printed_page_start",
                "text"):
        assert key in unit
    assert isinstance(data["warnings"], list)
    article = next(u for u in data["units"] if u["number"] == "XIII")
    assert article["heading"] == "PEER ASSISTANCE AND REVIEW" and article["level"] == 1
    child = next(u for u in data["units"] if u["parent"] == article["id"])
    assert child["number"] == "13.1"


def test_pdf_engine_is_recorded(cli):
    result = cli("segment", SAMPLES / "mou.pdf", "--format", "json", "--pdf-engine", "pdfminer")
    assert json.loads(result.out)["source"]["engine"] == "pdfminer"


def test_table_shows_outline_with_pages(cli):
    result = cli("segment", SAMPLES / "traditional.pdf", "--depth", "1")
    assert result.code == 0, result
    assert "ARTICLE 7" in result.out and "JOINT LABOR-MANAGEMENT COMMITTEE" in result.out
    assert "deeper units not shown" in result.out
    assert "table of contents: 39 of 39 listed" in result.out  # 35 articles, 4 appendices


def test_markdown_and_docx_inputs(cli, tmp_path):
    md = tmp_path / "draft.md"
    md.write_text("# ARTICLE 1 – RECOGNITION\n\n**A.** The Board recognizes the Association.\n\n"
                  "## ARTICLE 2 – DUES\n\nA. Dues are deducted monthly.\n")
    data = json.loads(cli("segment", md, "--format", "json").out)
    assert data["source"]["format"] == "markdown"
    assert [(u["number"], u["heading"]) for u in data["units"] if u["level"] == 1] == [
        ("1", "RECOGNITION"), ("2", "DUES")]
    docx = json.loads(cli("segment", SAMPLES / "reform.docx", "--format", "json").out)
    assert docx["source"]["format"] == "docx"


def test_segment_reports_the_structure_score(cli):
    result = cli("segment", SAMPLES / "traditional.pdf", "--format", "json")
    s = json.loads(result.out)["structure"]
    assert s["toc_listed"] >= 10 and s["toc_found"] == s["toc_listed"] == s["toc_in_order"]
    assert s["doubtful"] is False and s["doubts"] == [] and 0 < s["largest_share"] < 0.3
    table = cli("segment", SAMPLES / "traditional.pdf", "--depth", "1").out
    assert f"{s['toc_found']} of {s['toc_listed']} listed" in table and "in order on their pages" in table


def test_segment_warns_when_the_outline_looks_wrong(cli, tmp_path):
    """A long memo of pages with no headings: one unit per page, and a warning saying so."""
    path = tmp_path / "memo.txt"
    path.write_text("\f".join(f"The committee met again on day {k} and talked about the budget at length." * 20
                              for k in range(12)), encoding="utf-8")
    result = cli("segment", path, "--format", "json")
    data = json.loads(result.out)
    assert data["structure"]["doubtful"]
    assert any(w.startswith("the outline looks wrong") for w in data["warnings"])
