"""Ctrl-C (and SIGTERM) on the real CLI, mid-work (issues 14 and 15).

Each case starts `contractlens` as a child process in its own process group, waits until
it is working (a progress line on stderr, or, for commands without progress, its signal
handlers in place), and signals the whole group as a terminal's Ctrl-C does. Then: exit
130, one line saying so after the progress lines, no traceback and no word from a pool
worker; for compare, what was saved stays, the store is consistent and a re-run (in this
process: it needs no signal) scans only the rest. The batch is built here from the fictional samples: copies that differ in their
district and their wording, so none is a duplicate of another.
"""

from __future__ import annotations

import csv
import io
import re
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES
from spawn import Child, cli_command

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and process groups")

PROGRESS = re.compile(r"\[(\d+)/(\d+)\] \S+")
COMPARE_STOPPED = re.compile(r"contractlens: interrupted: (\d+) of (\d+) done, run again to resume")
BATCH = 12  # documents of about a second each: a run is still busy when its first one is reported


def _letters(i: int) -> str:
    return "v" + "abcdefghijklmnopqrstuvwxyz"[i // 26] + "abcdefghijklmnopqrstuvwxyz"[i % 26] + "x"


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """BATCH agreements from reform.txt and traditional.txt, each of its own district and with a
    word of its own after every "the", so that no two are the same text (duplicates.py)."""
    from contractlens.duplicates import SAME, fingerprint, resemblance

    folder = tmp_path_factory.mktemp("batch")
    bases = [(SAMPLES / f"{n}.txt").read_text(encoding="utf-8") for n in ("reform", "traditional")]
    sketches = []
    for i in range(BATCH):
        tag = _letters(i)
        text = bases[i % 2]
        for old in ("Riverbend", "Maplewood", "Lakeshore Heights", "Crescent Bay"):
            text = text.replace(old, f"{tag.capitalize()} Falls").replace(old.upper(), f"{tag.upper()} FALLS")
        text = re.sub(r"\bthe\b", f"the {tag}", text)
        (folder / f"district_{i:02d}.txt").write_text(text, encoding="utf-8")
        sketches.append(fingerprint(text))
    assert all(resemblance(a, b) < SAME for n, a in enumerate(sketches) for b in sketches[n + 1:])
    return folder


def _split(lines: list[str]) -> tuple[list[re.Match], list[str]]:
    """The leading progress lines, and every line after them."""
    n = 0
    while n < len(lines) and PROGRESS.fullmatch(lines[n]):
        n += 1
    return [PROGRESS.fullmatch(line) for line in lines[:n]], lines[n:]


def _clean(lines: list[str]) -> None:
    err = "\n".join(lines)
    assert "Traceback" not in err, err
    assert "ForkPoolWorker" not in err and "Process " not in err, err
    assert "KeyboardInterrupt" not in err, err


def _store_is_consistent(db: Path) -> int:
    """Every document whole: its name, fingerprint and findings saved with it. Its count."""
    with sqlite3.connect(db) as con:
        docs = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        for table, key in (("names", "sha256"), ("fingerprints", "sha256")):
            missing = con.execute(f"SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "  # noqa: S608
                                  f"(SELECT 1 FROM {table} t WHERE t.{key} = d.sha256)").fetchone()[0]
            assert missing == 0, f"{missing} document(s) saved without their {table} row"
        partial = con.execute("SELECT COUNT(*) FROM documents d WHERE (SELECT COUNT(*) FROM findings f "
                              "WHERE f.doc = d.doc) <> 21").fetchone()[0]
        assert partial == 0, f"{partial} document(s) without their 21 findings"
        orphans = con.execute("SELECT COUNT(*) FROM findings f WHERE NOT EXISTS "
                              "(SELECT 1 FROM documents d WHERE d.doc = f.doc)").fetchone()[0]
        assert orphans == 0
    return docs


def _compare(batch: Path, tmp_path: Path, mode: list[str], sig: int, cli, scheduler: str | None = None):
    db = tmp_path / "results.sqlite"
    args = ["compare", batch, "--db", db, "-f", "csv", *mode] + (["--scheduler", scheduler] if scheduler else [])
    with Child(cli_command(*args), stdout=tmp_path / "first.csv") as child:
        child.wait_for(PROGRESS.pattern)  # it has saved its first document and is at work on others
        child.signal_group(sig)
        code, lines = child.finish()
    progress, rest = _split(lines)
    assert code == 130, lines
    _clean(lines)
    assert len(rest) == 1 and COMPARE_STOPPED.fullmatch(rest[0]), lines  # one line, after the progress
    done, total = map(int, COMPARE_STOPPED.fullmatch(rest[0]).groups())
    assert total == BATCH and all(int(m[2]) == BATCH for m in progress)
    # the count is the store's: at least what was reported, at most one more (saved as the signal came)
    assert len(progress) <= done <= len(progress) + 1 and done < BATCH, lines
    assert _store_is_consistent(db) == done
    assert (tmp_path / "first.csv").read_bytes() == b""  # no half matrix

    # The re-run needs no signal, so it runs in this process (a fresh interpreter costs 1.5 s):
    # it opens the store the stopped process left on disk, as a new process would.
    again = cli(*args)
    lines = again.err.splitlines()
    progress, rest = _split(lines)
    assert again.code == 0, lines
    _clean(lines)
    # the re-run scans only the rest, and the matrix has every district
    assert [(int(m[1]), int(m[2])) for m in progress] == [(n, BATCH - done) for n in range(1, BATCH - done + 1)]
    assert rest == []
    assert _store_is_consistent(db) == BATCH
    rows = list(csv.DictReader(io.StringIO(again.out)))
    assert len({r["path"] for r in rows}) == BATCH and all(r["status"] != "failed" for r in rows)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_on_compare_stops_saves_and_resumes(batch, tmp_path, jobs, cli):
    _compare(batch, tmp_path, ["-j", jobs], signal.SIGINT, cli)


def test_sigterm_on_compare_is_handled_like_ctrl_c(batch, tmp_path, cli):
    _compare(batch, tmp_path, ["-j", "2"], signal.SIGTERM, cli)


def test_ctrl_c_on_compare_on_a_cluster(batch, tmp_path, cli):
    distributed = pytest.importorskip("distributed", reason="dask.distributed is a dependency: pip install -e .")
    # the scheduler and its worker threads live in this process, on loopback; the CLI is their client
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster:
        _compare(batch, tmp_path, [], signal.SIGINT, cli, scheduler=cluster.scheduler_address)


def _one_file(tmp_path: Path, *args, sig: int = signal.SIGINT) -> None:
    """A command without progress: signalled once its handlers are in place, while it reads."""
    with Child(cli_command(*args), stdout=tmp_path / "out.txt", cwd=tmp_path) as child:
        child.wait_for_handlers()
        child.signal_group(sig)
        code, lines = child.finish()
    assert code == 130, lines
    _clean(lines)
    assert lines == ["contractlens: interrupted"]


@pytest.fixture
def long_text(batch, tmp_path) -> Path:
    """One long agreement (the batch end to end): a few seconds to read and scan."""
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in sorted(batch.iterdir())), encoding="utf-8")
    return path


def test_ctrl_c_on_scan(tmp_path, long_text):
    _one_file(tmp_path, "scan", long_text, SAMPLES / "reform.pdf")


def test_ctrl_c_on_segment(tmp_path, long_text):
    _one_file(tmp_path, "segment", long_text)


def test_sigterm_on_check(tmp_path, long_text):
    policy = tmp_path / "policy.yaml"
    policy.write_text("pack: handbook\nrequire:\n  - waivers_overrides\n", encoding="utf-8")
    _one_file(tmp_path, "check", long_text, "--policy", policy, sig=signal.SIGTERM)


def test_on_a_terminal_progress_is_the_live_bar_not_lines(tmp_path):
    """stderr a terminal (a pty here): rich's bar, no plain "[1/2] file" lines."""
    import os
    import pty
    import subprocess

    from spawn import tree_env

    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(cli_command("compare", SAMPLES / "thin.txt", SAMPLES / "mou.txt", "--db",
                                            tmp_path / "r.sqlite", "-j", "1", "-f", "csv"),
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower,
                                env=tree_env(TERM="xterm-256color"), start_new_session=True)
        os.close(follower)
        follower = None
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        assert proc.wait(timeout=120) == 0
    finally:
        os.close(leader)
        if follower is not None:
            os.close(follower)
    text = shown.decode("utf-8", "replace")
    assert "scanning" in text and "\x1b[" in text, text  # the live display, drawn with escape sequences
    assert not re.search(r"^\[\d+/\d+\] ", text.replace("\r", "\n"), re.M), text
