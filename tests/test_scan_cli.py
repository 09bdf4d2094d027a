"""`contractlens scan`: table, JSON and Markdown; several files; bad files in a batch."""

from __future__ import annotations

import json

from conftest import REPO, SAMPLES

MINI = REPO / "tests" / "data" / "mini_pack"


def test_json_result(cli):
    result = cli("scan", SAMPLES / "reform.pdf", "--rules", MINI, "--format", "json", "--evidence", "2")
    assert result.code == 0, result
    envelope = json.loads(result.out)
    assert envelope["schema_version"] == "2.0" and envelope["errors"] == []
    (data,) = envelope["results"]
    assert data["pack"]["name"] == "mini_pack" and len(data["pack"]["version"]) == 12
    assert data["source"]["format"] == "pdf" and data["document"]["units"] > 200
    assert data["summary"]["total"] == 2
    par = next(p for p in data["practices"] if p["id"] == "peer_review_assistance")
    assert par["status"] == "present" and par["units"] >= 1
    best = par["evidence"][0]
    assert best["citation"].startswith("Article XIII") and best["page"] >= 14
    assert best["printed_page"] == str(best["page"] - 2)
    assert "onsulting" in best["quote"] or "eer" in best["quote"]
    assert {"force", "actor", "modifiers", "signals", "start", "end", "unit"} <= set(best)


def test_quote_is_the_contracts_own_text():
    import contractlens

    contract = contractlens.segment(SAMPLES / "reform.pdf")
    from contractlens.rules import load_pack
    from contractlens.scanner import scan_contract

    result = scan_contract(contract, load_pack(MINI))
    for p in result.practices:
        for e in p.evidence:
            if e.unit_id:
                assert " ".join(contract.text[e.start:e.end].split()) == e.quote
                unit = contract.unit(e.unit_id)
                assert unit.start <= e.start < e.end <= unit.end
                assert contract.page_at(e.start).number == e.page


def test_table_and_markdown(cli):
    table = cli("scan", SAMPLES / "reform.pdf", "--rules", MINI)
    assert table.code == 0 and "Peer assistance and review" in table.out and "present" in table.out
    assert "practices found" in table.out
    md = cli("scan", SAMPLES / "reform.pdf", "--rules", MINI, "--format", "markdown")
    assert md.code == 0 and md.out.startswith("## ") and "| Practice | Status |" in md.out


def test_min_confidence_hides_weaker_evidence(cli):
    # 0.5 sits between the confidences this pack gives reform.pdf's quotes (0.34 for one
    # waiver quote, 0.8 and more for the rest), so the filter must drop some and keep some.
    args = ("scan", SAMPLES / "reform.pdf", "--rules", MINI, "-f", "json", "--evidence", "10")
    (full,) = json.loads(cli(*args).out)["results"]
    (high,) = json.loads(cli(*args, "--min-confidence", "0.5").out)["results"]
    kept = dropped = 0
    for p_full, p_high in zip(full["practices"], high["practices"], strict=True):
        assert p_high["id"] == p_full["id"]
        want = [e["quote"] for e in p_full["evidence"] if e["confidence"] >= 0.5]
        assert [e["quote"] for e in p_high["evidence"]] == want
        kept += len(want)
        dropped += len(p_full["evidence"]) - len(want)
    assert kept > 0 and dropped > 0, (kept, dropped)


def test_several_files_one_bad(cli, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    result = cli("scan", SAMPLES / "thin.pdf", bad, SAMPLES / "mou.txt", "--rules", MINI, "-f", "json")
    assert result.code == 4, result
    data = json.loads(result.out)
    assert [r["source"]["path"] for r in data["results"]] == [str(SAMPLES / "thin.pdf"), str(SAMPLES / "mou.txt")]
    assert len(data["errors"]) == 1 and str(bad) in data["errors"][0]
    assert f"{bad}: is not a readable PDF" in result.err


def test_all_files_bad(cli, tmp_path):
    result = cli("scan", tmp_path / "a.pdf", tmp_path / "b.pdf", "--rules", MINI)
    assert result.code == 3


def test_single_bad_file(cli, tmp_path):
    result = cli("scan", tmp_path / "a.pdf", "--rules", MINI)
    assert result.code == 3 and "no such file" in result.err


def test_rules_commands(cli):
    listing = cli("rules", "list", MINI)
    assert listing.code == 0 and "waivers_overrides" in listing.out
    show = cli("rules", "show", "peer_review_assistance", "--pack", MINI)
    assert show.code == 0 and "consulting teacher" in show.out and "Must not fire" in show.out
    missing = cli("rules", "show", "nope", "--pack", MINI)
    assert missing.code == 2 and "no rule 'nope'" in missing.err
    tested = cli("rules", "test", MINI)
    assert tested.code == 0 and "16 of 16 examples pass" in tested.out


def test_rules_test_reports_failures(cli, tmp_path):
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    path = pack / "peer_review_assistance.yaml"
    path.write_text(path.read_text().replace("    - A buddy teacher may be assigned informally.",
                                             "    - A consulting teacher helps each new hire."))
    result = cli("rules", "test", pack)
    assert result.code == 1
    assert "FAIL peer_review_assistance: should not fire, fired at 0.90 via par" in result.out
    assert "A consulting teacher helps each new hire." in result.out
