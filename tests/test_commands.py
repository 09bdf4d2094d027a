"""Each command's library function, called directly (no CLI): results, failures, exit status."""

from __future__ import annotations

import json
import shutil

import pytest

from contractlens import commands
from contractlens.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, EXIT_PARTIAL, ConfigError, InputError
from contractlens.model import FAILED, PASSED, Failure
from conftest import REPO, SAMPLES

DRAFTS = REPO / "tests" / "data" / "drafts"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    d = tmp_path_factory.mktemp("cmd-drafts")
    for n in (1, 2):
        shutil.copy(DRAFTS / f"riverbend_2026_draft{n}.md", d / f"draft{n}.md")
    shutil.copy(DRAFTS / "policy.yaml", d / "policy.yaml")
    (d / "each.yaml").write_text("pack: handbook\nrequire:\n  - peer_review_assistance\n")
    return d


def test_segment_returns_the_outline():
    run = commands.segment(SAMPLES / "reform.txt")
    assert run.exit_code == EXIT_OK and any(u.kind == "article" for u in run.contract.units)


def test_scan_keeps_the_evidence_asked_for_and_reports_failures_as_objects(tmp_path):
    one = commands.scan([SAMPLES / "reform.txt"], evidence=1)
    two = commands.scan([SAMPLES / "reform.txt"], evidence=2)
    assert max(len(p.evidence) for p in one.results[0].practices) == 1
    assert max(len(p.evidence) for p in two.results[0].practices) == 2
    assert [p.evidence[0] for p in one.results[0].practices if p.evidence] == \
        [p.evidence[0] for p in two.results[0].practices if p.evidence]
    partial = commands.scan([SAMPLES / "thin.txt", tmp_path / "gone.txt"])
    assert len(partial.results) == 1 and partial.exit_code == EXIT_PARTIAL
    assert partial.failures == (Failure(str(tmp_path / "gone.txt"), "no such file"),)
    assert commands.to_data(partial)["errors"] == [f"{tmp_path / 'gone.txt'}: no such file"]
    with pytest.raises(InputError):
        commands.scan([tmp_path / "gone.txt"])


def test_check_outcomes_have_names_and_exit_codes(drafts, tmp_path):
    run = commands.check([drafts / "draft2.md"], drafts / "policy.yaml", against=drafts / "draft1.md")
    outcomes = {o.name: o for o in run.results[0].outcomes}
    assert outcomes["keep peer_review_assistance"].status == FAILED
    assert outcomes["require waivers_overrides"].status == PASSED
    assert run.exit_code == EXIT_FINDINGS and not run.passed
    assert {r.id for r in run.rules} >= {"peer_review_assistance", "waivers_overrides"}
    ok = commands.check([drafts / "draft1.md"], drafts / "policy.yaml")
    assert ok.exit_code == EXIT_OK and ok.passed
    partial = commands.check([drafts / "draft1.md", tmp_path / "gone.md"], drafts / "policy.yaml")
    assert partial.exit_code == EXIT_PARTIAL and partial.failures[0].path == str(tmp_path / "gone.md")


def test_check_writes_a_baseline_for_every_draft(drafts, tmp_path):
    baseline = tmp_path / "baseline.json"
    run = commands.check([drafts / "draft1.md", drafts / "draft2.md"], drafts / "each.yaml",
                         write_baseline=baseline)
    entries = json.loads(baseline.read_text())["entries"]
    assert run.baseline_entries == 1 and [e["practice"] for e in entries] == ["peer_review_assistance"]
    assert run.exit_code == EXIT_OK  # writing a baseline accepts what it records
    again = commands.check([drafts / "draft2.md"], drafts / "each.yaml", baseline=baseline)
    assert again.passed and again.results[0].outcomes[0].status == "suppressed"


def test_check_refuses_to_overwrite_an_input(drafts):
    with pytest.raises(ConfigError, match="one of the inputs"):
        commands.check([drafts / "draft1.md"], drafts / "policy.yaml", output=drafts / "policy.yaml")


def test_diff_finds_the_lost_practice(drafts):
    run = commands.diff(drafts / "draft1.md", drafts / "draft2.md")
    assert [(p.practice, p.change) for p in run.result.practices] == [("peer_review_assistance", "lost")]
    assert commands.to_data(run)["practices"][0]["practice"] == "peer_review_assistance"


def test_compare_keeps_failures_as_objects_and_rerenders_from_the_db(tmp_path):
    db = tmp_path / "r.db"
    run = commands.compare([str(SAMPLES / "thin.txt"), str(tmp_path / "nowhere-*.pdf")], db=db, jobs=1)
    assert run.exit_code == EXIT_PARTIAL and len(run.matrix.rows) == 1
    (f,) = run.failures
    assert (f.path, f.reason) == (str(tmp_path / "nowhere-*.pdf"), "no files match")
    failed = [r for r in commands.to_data(run) if r["status"] == "failed"]
    assert [r["reason"] for r in failed] == ["no files match"]
    again = commands.compare(db=db)
    assert again.exit_code == EXIT_OK and again.matrix.scanned == 0 and len(again.matrix.rows) == 1
    with pytest.raises(ConfigError, match="one of the inputs"):
        commands.compare([str(SAMPLES / "thin.txt")], db=db, output=db)
    with pytest.raises(ConfigError):
        commands.compare()
    only_missing = commands.compare([str(tmp_path / "none.txt")], db=tmp_path / "other.db")
    assert only_missing.exit_code == EXIT_INPUT


def test_evaluate_groups_by_district_and_guards_the_gold_file(tmp_path):
    gold = REPO / "tests" / "data" / "validation.jsonl"
    run = commands.evaluate([gold], by="district")
    assert run.exit_code == EXIT_OK and len(run.groups) > 1 and run.pack == "handbook"
    assert sum(g.clauses for g in run.groups.values()) == run.result.clauses
    assert not commands.evaluate([gold]).groups
    with pytest.raises(ConfigError, match="district"):
        commands.evaluate([gold], by="state")
    with pytest.raises(ConfigError, match="overwrite the gold"):
        commands.evaluate([gold], predictions_out=gold)
    out = tmp_path / "pred.jsonl"
    commands.evaluate([gold], predictions_out=out)
    assert len(out.read_text().splitlines()) == run.result.clauses


MINI = REPO / "tests" / "data" / "mini_pack"


def test_rules_commands_return_frozen_results():
    import dataclasses

    listing = commands.rules_list(MINI)
    assert listing.exit_code == EXIT_OK and listing.name == "mini_pack"
    assert sorted(r.id for r in listing.rules) == ["peer_review_assistance", "waivers_overrides"]
    assert all(r.signals > 0 and 0 < r.threshold <= 1 for r in listing.rules)
    with pytest.raises(dataclasses.FrozenInstanceError):
        listing.name = "other"  # type: ignore[misc]
    assert sorted(p.rsplit("/", 1)[-1] for p in commands.rules_validate(MINI).files) == [
        "peer_review_assistance.yaml", "waivers_overrides.yaml"]
    shown = commands.rules_show("peer_review_assistance", MINI)
    assert shown.rule.fire and shown.rule.no_fire and shown.rule.signals[0].kind
    with pytest.raises(ConfigError, match="no rule 'nope'"):
        commands.rules_show("nope", MINI)
    tested = commands.rules_test(MINI)
    assert tested.exit_code == EXIT_OK and len(tested.results) == 16 and not tested.failures


def test_rules_test_fails_on_a_broken_example(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(MINI, pack)
    path = pack / "peer_review_assistance.yaml"
    path.write_text(path.read_text().replace("    - A buddy teacher may be assigned informally.",
                                             "    - A consulting teacher helps each new hire."))
    run = commands.rules_test(pack)
    assert run.exit_code == EXIT_FINDINGS
    (failure,) = run.failures
    assert failure.rule == "peer_review_assistance" and not failure.expected and failure.fired
