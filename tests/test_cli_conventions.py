"""Command-line conventions users expect from linters (issue 15): `scan -`, `-o FILE` on every
report, `-q`/`-v`, `diff --exit-code`, one JSON shape for `scan`, a policy found by itself, and
usage errors on one line. In-process through the `cli` fixture, except where only a real process
shows the behaviour (stdin, what click prints on its own)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO, SAMPLES

MINI = REPO / "tests" / "data" / "mini_pack"


def _process(*args, stdin: bytes | None = None, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "contractlens", *map(str, args)], input=stdin, cwd=cwd,
                          env=env, capture_output=True, timeout=120)


# -- 7. usage errors: one line, exit 2 ---------------------------------------------------------

USAGE = {
    "unknown option": (["scan", "--foo", "x.txt"], "contractlens scan: error: no such option: --foo"),
    "missing argument": (["scan"], "contractlens scan: error: missing argument"),
    "bad choice": (["scan", "x.txt", "-f", "xml"], "contractlens scan: error: invalid value for '--format'"),
    "out of range": (["scan", "x.txt", "--evidence", "0"], "contractlens scan: error: invalid value for '--evidence'"),
    "unknown command": (["bogus"], "contractlens: error: no such command 'bogus'"),
    "subcommand option": (["rules", "list", "--x"], "contractlens rules list: error: no such option: --x"),
    "option without its value": (["scan", "x.txt", "--evidence"],
                                 "contractlens scan: error: option '--evidence' requires an argument"),
}


@pytest.mark.parametrize("case", sorted(USAGE))
def test_usage_error_is_one_line_exit_2(case):
    args, start = USAGE[case]
    proc = _process(*args)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith(start) and err.rstrip().endswith("(try --help)"), err
    assert "╭" not in err and "Usage:" not in err and proc.stdout == b""


def test_ctrl_c_inside_a_command_is_one_line_exit_130(cli, monkeypatch):
    """typer turns a KeyboardInterrupt inside a command into Exit(130); the CLI still says so."""
    from contractlens import commands

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(commands, "scan", interrupted)
    result = cli("scan", SAMPLES / "thin.txt")
    assert result.code == 130 and result.err == "contractlens: interrupted\n" and result.out == ""


def test_a_closed_pipe_is_not_a_traceback():
    """`contractlens scan x | head -1`: the reader has gone away; no traceback, no internal error."""
    read, write = os.pipe()
    os.close(read)  # every write to stdout now fails with EPIPE
    try:
        proc = subprocess.run([sys.executable, "-m", "contractlens", "scan", SAMPLES / "thin.txt", "--rules", MINI],
                              env={**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "120"},
                              stdout=write, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write)
    err = proc.stderr.decode()
    assert proc.returncode in (0, 1) and "Traceback" not in err and "internal error" not in err, err


# -- 5. scan -f json: one shape for one file and for several -----------------------------------

def test_scan_json_has_one_shape_for_one_file_and_for_several(cli, tmp_path):
    import json

    one = json.loads(cli("scan", SAMPLES / "thin.txt", "--rules", MINI, "-f", "json").out)
    two = json.loads(cli("scan", SAMPLES / "thin.txt", SAMPLES / "mou.txt", "--rules", MINI, "-f", "json").out)
    failed = cli("scan", SAMPLES / "thin.txt", tmp_path / "gone.txt", "--rules", MINI, "-f", "json")
    partial = json.loads(failed.out)
    for data in (one, two, partial):
        assert set(data) == {"schema_version", "tool", "results", "errors"}
        assert data["schema_version"] == "2.0" and data["tool"]["name"] == "contractlens"
        assert all(set(r) == set(one["results"][0]) for r in data["results"])
    assert [r["source"]["path"] for r in one["results"]] == [str(SAMPLES / "thin.txt")]
    assert len(two["results"]) == 2 and one["errors"] == two["errors"] == []
    assert failed.code == 4 and len(partial["results"]) == 1 and "gone.txt" in partial["errors"][0]
    assert "schema_version" not in one["results"][0]  # said once, at the top


# -- 2. -o/--output FILE on every command that prints a report ---------------------------------

DRAFTS = REPO / "tests" / "data" / "drafts"
GOLD = REPO / "tests" / "data" / "validation.jsonl"

# command -> (arguments, the input file among them that -o must never overwrite)
REPORTS = {
    "segment": (["segment", "{a}"], "{a}"),
    "segment-json": (["segment", "{a}", "-f", "json"], "{a}"),
    "scan": (["scan", "{a}", "--rules", MINI], "{a}"),
    "scan-json": (["scan", "{a}", "--rules", MINI, "-f", "json"], "{a}"),
    "scan-markdown": (["scan", "{a}", "--rules", MINI, "-f", "markdown"], "{a}"),
    "check": (["check", "{draft}", "--policy", "{policy}", "-f", "json"], "{policy}"),
    "diff": (["diff", "{b}", "{a}", "--pack", MINI], "{b}"),
    "diff-json": (["diff", "{b}", "{a}", "--pack", MINI, "-f", "json"], "{a}"),
    "compare": (["compare", "{a}", "--db", "{db}", "-j", "1", "-f", "csv", "--pack", MINI], "{a}"),
    "eval": (["eval", "{gold}", "--rules", MINI], "{gold}"),
    "eval-json": (["eval", "{gold}", "--rules", MINI, "-f", "json"], "{gold}"),
}


@pytest.fixture
def inputs(tmp_path):
    import shutil

    names = {"a": SAMPLES / "reform.txt", "b": SAMPLES / "traditional.txt", "draft": DRAFTS / "riverbend_2026_draft1.md",
             "policy": DRAFTS / "policy.yaml", "gold": GOLD}
    paths = {k: tmp_path / v.name for k, v in names.items()}
    for k, v in names.items():
        shutil.copy(v, paths[k])
    paths["db"] = tmp_path / "results.db"
    return paths


def _args(spec, paths):
    return [str(a).format(**{k: str(v) for k, v in paths.items()}) for a in spec]


@pytest.mark.parametrize("case", sorted(REPORTS))
def test_output_file_holds_what_stdout_would(cli, inputs, tmp_path, case):
    args = _args(REPORTS[case][0], inputs)
    printed = cli(*args)
    assert printed.code in (0, 1), printed
    out = tmp_path / "report.out"
    written = cli(*args, "-o", out)
    assert written.code == printed.code, written
    assert written.out == ""
    text = out.read_text(encoding="utf-8")
    assert text == (printed.out if printed.out.endswith("\n") else printed.out + "\n")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report.out")], "a temporary file was left"


@pytest.mark.parametrize("case", sorted(REPORTS))
def test_output_equal_to_an_input_is_refused_before_any_work(cli, inputs, case):
    spec, victim = REPORTS[case]
    args = _args(spec, inputs)
    target = _args([victim], inputs)[0]
    before = open(target, "rb").read()
    result = cli(*args, "--output", target)
    assert result.code == 2, result
    assert "is one of the inputs" in result.err or "would overwrite" in result.err, result.err
    assert len(result.err.strip().splitlines()) == 1 and result.out == ""
    assert open(target, "rb").read() == before


def test_every_report_command_has_output():
    from typer.main import get_command

    from contractlens.cli import app

    group = get_command(app)
    for name in ("segment", "scan", "check", "diff", "compare", "eval"):
        opts = {o for p in group.commands[name].params for o in p.opts}
        assert {"-o", "--output"} <= opts, name


# -- 3. -q/--quiet and -v/--verbose on every command -------------------------------------------

def _all_commands():
    from typer.main import get_command

    from contractlens.cli import app

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, [*path, name])
        else:
            yield " ".join(path), cmd
    return list(walk(get_command(app), []))


def test_every_command_has_quiet_and_verbose():
    commands = dict(_all_commands())
    assert {"scan", "segment", "check", "diff", "compare", "eval", "rules list", "rules test"} <= set(commands)
    for name, cmd in commands.items():
        opts = {o for p in cmd.params for o in p.opts}
        assert {"-q", "--quiet", "-v", "--verbose"} <= opts, name


def test_quiet_leaves_only_errors_on_stderr(cli, tmp_path):
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "README.md").write_text("# What this folder holds\n")  # skipped, with a note
    (folder / "reform.txt").write_bytes((SAMPLES / "reform.txt").read_bytes())
    args = ("compare", folder, tmp_path / "missing.txt", "--db", tmp_path / "r.db", "-j", "1", "--pack", MINI,
            "-f", "csv", "-o", tmp_path / "m.csv")
    loud = cli(*args)
    assert "note:" in loud.err and "wrote" in loud.err, loud
    quiet = cli(*args, "-q")
    assert quiet.code == loud.code == 4
    assert [line for line in quiet.err.splitlines()] == [line for line in loud.err.splitlines() if "error:" in line]
    assert "missing.txt" in quiet.err  # errors stay


def test_quiet_hides_the_baseline_note(cli, tmp_path):
    args = ("check", DRAFTS / "riverbend_2026_draft1.md", "--policy", DRAFTS / "policy.yaml", "--write-baseline")
    assert "accepted violation" in cli(*args, tmp_path / "a.json").err
    assert cli(*args, tmp_path / "b.json", "--quiet").err == ""


def test_quiet_turns_off_progress_bars(monkeypatch):
    from contractlens import cli

    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(cli._voice, "quiet", False)
    assert cli._progress_wanted()
    monkeypatch.setattr(cli._voice, "quiet", True)
    assert not cli._progress_wanted()


def test_verbose_says_what_each_file_took(cli):
    quiet = cli("scan", SAMPLES / "thin.txt", SAMPLES / "mou.txt", "--rules", MINI, "-f", "json")
    loud = cli("scan", SAMPLES / "thin.txt", SAMPLES / "mou.txt", "--rules", MINI, "-f", "json", "-v")
    assert quiet.err == "" and loud.out.replace("\n", "") and loud.code == 0
    lines = loud.err.splitlines()
    assert [line.split(": ")[1] for line in lines] == [str(SAMPLES / "thin.txt"), str(SAMPLES / "mou.txt")]
    assert all(line.endswith(" s") and "scanned in" in line for line in lines)
    seg = cli("segment", SAMPLES / "thin.txt", "-v")
    assert "unit(s), read in" in seg.err


def test_verbose_names_the_policy_used(cli):
    result = cli("check", DRAFTS / "riverbend_2026_draft1.md", "--policy", DRAFTS / "policy.yaml", "-v")
    assert f"policy {DRAFTS / 'policy.yaml'}" in result.err and "checked in" in result.err


def test_quiet_and_verbose_together_is_a_usage_error(cli):
    result = cli("scan", SAMPLES / "thin.txt", "-q", "-v")
    assert result.code == 2 and "contradict" in result.err and result.out == ""


# -- 1. scan - reads a contract from stdin ------------------------------------------------------

def test_scan_reads_text_from_stdin_in_a_real_process():
    import json

    proc = _process("scan", "-", "--rules", MINI, "-f", "json", stdin=(SAMPLES / "reform.txt").read_bytes())
    assert proc.returncode == 0, proc.stderr
    (result,) = json.loads(proc.stdout)["results"]
    assert result["source"]["path"] == "<stdin>" and result["source"]["format"] == "text"
    from_file = json.loads(_process("scan", SAMPLES / "reform.txt", "--rules", MINI, "-f", "json").stdout)
    assert result["practices"] == from_file["results"][0]["practices"]


def test_scan_reads_pdf_bytes_from_stdin():
    proc = _process("scan", "-", "--rules", MINI, stdin=(SAMPLES / "reform.pdf").read_bytes())
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr
    assert out.startswith("<stdin> — 28 pages") and "present" in out


def test_stdin_among_files_and_its_errors():
    from contractlens import commands
    from contractlens.errors import ConfigError, InputError

    run = commands.scan([SAMPLES / "thin.txt", "-"], rules=MINI, stdin=(SAMPLES / "reform.pdf").read_bytes())
    assert [r.source.path for r in run.results] == [str(SAMPLES / "thin.txt"), "<stdin>"]
    assert run.results[1].source.format == "pdf" and run.results[1].source.pages > 1
    with pytest.raises(InputError, match="<stdin>: is empty"):
        commands.scan(["-"], rules=MINI, stdin=b"")
    with pytest.raises(ConfigError, match="more than once"):
        commands.scan(["-", "-"], rules=MINI, stdin=b"x")
    partial = commands.scan([SAMPLES / "thin.txt", "-"], rules=MINI, stdin=b"   ")
    assert partial.exit_code == 4 and partial.failures[0].path == "<stdin>"


# -- 4. diff --exit-code ------------------------------------------------------------------------

def test_diff_exit_code_is_1_when_a_practice_is_lost(cli):
    import json

    old, new = DRAFTS / "riverbend_2026_draft1.md", DRAFTS / "riverbend_2026_draft2.md"
    plain = cli("diff", old, new, "--pack", MINI, "-f", "json")
    assert plain.code == 0 and [p["change"] for p in json.loads(plain.out)["practices"]] == ["lost"]
    lost = cli("diff", old, new, "--pack", MINI, "-f", "json", "--exit-code")
    assert lost.code == 1 and lost.out == plain.out and lost.err == ""
    gained = cli("diff", new, old, "--pack", MINI, "--exit-code")
    assert gained.code == 0 and "+ " in gained.out  # gaining a practice is no finding
    same = cli("diff", old, old, "--pack", MINI, "--exit-code")
    assert same.code == 0


# -- 6. check finds its policy by itself --------------------------------------------------------

@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with a draft two folders down; the test runs from that folder."""
    root = tmp_path / "outside" / "repo"
    (root / ".git").mkdir(parents=True)
    work = root / "drafts" / "2026"
    work.mkdir(parents=True)
    (work / "draft.md").write_bytes((DRAFTS / "riverbend_2026_draft1.md").read_bytes())
    monkeypatch.chdir(work)
    return root


PASSES = "pack: handbook\nrequire: [waivers_overrides]\n"
FAILS = "pack: handbook\nrequire: [salary_benchmarking]\n"


def test_policy_found_in_a_parent_directory(cli, repo):
    (repo / "contractlens-policy.yaml").write_text(FAILS)
    result = cli("check", "draft.md", "-v")
    assert result.code == 1, result  # the policy found was applied: salary benchmarking is missing
    assert f"policy {repo / 'contractlens-policy.yaml'}" in result.err


def test_nearest_policy_wins_and_yaml_before_pyproject(cli, repo):
    (repo / "contractlens-policy.yaml").write_text(FAILS)
    (repo / "drafts" / "pyproject.toml").write_text('[tool.contractlens]\npack = "handbook"\n'
                                                    'require = ["waivers_overrides"]\n')
    result = cli("check", "draft.md", "-v")
    assert result.code == 0 and f"policy {repo / 'drafts' / 'pyproject.toml'}" in result.err, result
    (repo / "drafts" / "contractlens-policy.yaml").write_text(FAILS)
    again = cli("check", "draft.md", "-v")
    assert again.code == 1 and f"policy {repo / 'drafts' / 'contractlens-policy.yaml'}" in again.err, again


def test_pyproject_without_the_table_is_passed_over(cli, repo):
    (repo / "drafts" / "pyproject.toml").write_text('[project]\nname = "agreements"\n')
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.contractlens]\nrequire = ["salary_benchmarking"]\n')
    result = cli("check", "draft.md", "-v")
    assert result.code == 1 and f"policy {repo / 'pyproject.toml'}" in result.err, result


def test_search_stops_at_the_git_root(cli, repo):
    (repo.parent / "contractlens-policy.yaml").write_text(PASSES)  # above the repository: not used
    result = cli("check", "draft.md")
    assert result.code == 2 and result.out == "", result
    assert "no --policy given" in result.err and len(result.err.splitlines()) == 1


def test_pyproject_errors_name_file_and_line(cli, repo):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.contractlens]\npack = "handbook"\n'
                                         'require = ["waivers_overrides", "nope"]\n\n'
                                         '[tool.contractlens.min_per_area]\ndevolution = 1\n')
    bad_id = cli("check", "draft.md")
    assert bad_id.code == 2 and f"{repo / 'pyproject.toml'}:6: field 'require[1]'" in bad_id.err, bad_id
    (repo / "pyproject.toml").write_text('[tool.contractlens]\nrequire = ["waivers_overrides"]\n\n'
                                         '[tool.contractlens.min_per_area]\ndevolution = 1\nnowhere = 2\n')
    bad_area = cli("check", "draft.md")
    assert bad_area.code == 2 and f"pyproject.toml:6: field 'min_per_area.nowhere'" in bad_area.err, bad_area
    (repo / "pyproject.toml").write_text('[tool.contractlens]\nrequire = "waivers_overrides\n')
    broken = cli("check", "draft.md")
    assert broken.code == 2 and "pyproject.toml:2: is not valid TOML" in broken.err, broken


def test_explicit_policy_still_wins(cli, repo):
    (repo / "contractlens-policy.yaml").write_text(FAILS)
    (repo / "mine.yaml").write_text(PASSES)
    assert cli("check", "draft.md", "--policy", repo / "mine.yaml").code == 0
