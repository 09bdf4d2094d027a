"""Output files: never destroy a user's file, never leave half a file, one line when it fails."""

from __future__ import annotations

import pytest

from .conftest import POLICY, REPO, SAMPLES, assert_clean_error, run_cli, snapshot

# Each command that writes a report with -o, as (arguments before -o).
WRITERS = {
    "check": lambda: ["check", "good.txt", "--policy", str(POLICY)],
    "compare": lambda: ["compare", "good.txt", "--db", "r.db", "-j", "1", "-f", "csv"],
    "segment": lambda: ["segment", "good.txt"],
    "scan": lambda: ["scan", "good.txt", "-f", "json"],
    "diff": lambda: ["diff", str(SAMPLES / "traditional.txt"), "good.txt"],
    "eval": lambda: ["eval", str(REPO / "tests" / "data" / "validation.jsonl"), "-f", "json"],
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_output_keeps_a_users_file_named_like_the_temporary(work, command):
    (work / "out.txt.tmp").write_text("the user's own notes\n")
    run = run_cli(*WRITERS[command](), "-o", "out.txt", cwd=work)
    assert run.code in (0, 1), run
    assert (work / "out.txt.tmp").read_text() == "the user's own notes\n"
    assert (work / "out.txt").stat().st_size > 0
    assert not list(work.glob(".out.txt.*")), "a temporary file was left behind"


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_output_into_a_missing_directory(work, command):
    before = snapshot(work)
    run = run_cli(*WRITERS[command](), "-o", "nowhere/out.txt", cwd=work)
    assert_clean_error(run, 2, "nowhere/out.txt")
    assert {k: v for k, v in snapshot(work).items() if k != "r.db"} == before


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_output_onto_a_directory(work, command):
    (work / "reports").mkdir()
    run = run_cli(*WRITERS[command](), "-o", "reports", cwd=work)
    assert_clean_error(run, 2, "reports")


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_output_on_a_full_disk(work, command):
    full = work / "full"
    full.mkdir()
    (full / "out.txt").write_text("last week's report\n")
    run = run_cli(*WRITERS[command](), "-o", "full/out.txt", cwd=work, env={"HOSTILE_FULL_DIR": str(full)})
    assert_clean_error(run, 2, "full/out.txt")
    assert (full / "out.txt").read_text() == "last week's report\n"
    assert sorted(p.name for p in full.iterdir()) == ["out.txt"], "a temporary file was left behind"


def test_write_baseline_into_a_missing_directory(work):
    run = run_cli("check", "good.txt", "--policy", str(POLICY), "--write-baseline", "no/such/base.json", cwd=work)
    assert_clean_error(run, 2, "no/such/base.json")
