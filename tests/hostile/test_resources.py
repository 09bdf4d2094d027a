"""Configuration that was silently accepted, and resources (disk, stack) that run out."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from .conftest import POLICY, REPO, assert_clean_error, run_cli, snapshot

CHECK = ["check", "good.txt", "--policy", str(POLICY)]


def _pack_with_duplicate_category(work):
    pack = work / "mypack"
    shutil.copytree(REPO / "rules" / "principles", pack)
    meta = (pack / "pack.yaml").read_text()
    assert "  - board_evaluation\n" in meta
    meta = meta.replace("  - board_evaluation\n", "  - board_evaluation\n  - teacher_evaluation\n")
    (pack / "pack.yaml").write_text(meta)
    line = meta.splitlines().index("  - teacher_evaluation", meta.splitlines().index("  - board_evaluation")) + 1
    return pack, line


@pytest.mark.parametrize("command", [["rules", "validate", "mypack"], ["scan", "good.txt", "--rules", "mypack"]])
def test_duplicate_category_in_pack_yaml_is_a_config_error(work, command):
    pack, line = _pack_with_duplicate_category(work)
    before = snapshot(work)
    run = run_cli(*command, cwd=work)
    assert_clean_error(run, 2, f"pack.yaml:{line}:")
    assert "teacher_evaluation" in run.err and "twice" in run.err
    assert snapshot(work) == before


def test_manifest_listing_a_path_twice_is_refused(work):
    (work / "manifest.csv").write_text("path,district\ngood.txt,North Valley\n./good.txt,South Hill\n")
    before = snapshot(work)
    run = run_cli("compare", "--manifest", "manifest.csv", "--db", "r.db", "-j", "1", cwd=work)
    assert_clean_error(run, 2, "manifest.csv:3:")
    assert "twice" in run.err and "line 2" in run.err
    assert snapshot(work) == before


@pytest.mark.parametrize("value", ["", "relative/cache"])
def test_invalid_xdg_cache_home_is_ignored(tmp_path, value):
    # The XDG spec: an empty or relative XDG_CACHE_HOME is ignored; the store goes to ~/.cache.
    env = {**os.environ, "XDG_CACHE_HOME": value, "HOME": str(tmp_path / "home"),
           "PYTHONPATH": str(REPO / "src")}
    code = "from contractlens.store import default_db; print(default_db())"
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True,
                         text=True, timeout=30, check=True).stdout.strip()
    assert out == str(tmp_path / "home" / ".cache" / "contractlens" / "results.sqlite")


def test_absolute_xdg_cache_home_is_used(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "PYTHONPATH": str(REPO / "src")}
    code = "from contractlens.store import default_db; print(default_db())"
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True,
                         text=True, timeout=30, check=True).stdout.strip()
    assert out == str(tmp_path / "xdg" / "contractlens" / "results.sqlite")


def test_compare_with_empty_xdg_cache_home_leaves_the_cwd_alone(work):
    run = run_cli("compare", "good.txt", "-j", "1", "-f", "csv", cwd=work,
                  env={"XDG_CACHE_HOME": "", "HOME": str(work / ".cache" / "home")})
    assert run.code == 0, run
    assert not (work / "contractlens").exists()
    assert (work / ".cache" / "home" / ".cache" / "contractlens" / "results.sqlite").is_file()


def test_db_on_a_full_disk_new_store(work):
    run = run_cli("compare", "good.txt", "--db", "r.db", "-j", "1", cwd=work, env={"HOSTILE_DB_FULL": "1"})
    assert_clean_error(run, 2, "r.db")
    assert "full" in run.err


def test_db_on_a_full_disk_existing_store(work):
    first = run_cli("compare", "good.txt", "--db", "r.db", "-j", "1", "-f", "csv", cwd=work)
    assert first.code == 0, first
    (work / "other.txt").write_bytes((REPO / "sample_contracts" / "traditional.txt").read_bytes())
    run = run_cli("compare", "good.txt", "other.txt", "--db", "r.db", "-j", "1", cwd=work,
                  env={"HOSTILE_DB_FULL": "1"})
    assert_clean_error(run, 2, "r.db")
    assert "full" in run.err
    # The store keeps whole documents only: the first one is still there, intact.
    with sqlite3.connect(work / "r.db") as db:
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_deeply_nested_baseline(work):
    (work / "base.json").write_text("[" * 100_000 + "]" * 100_000)
    before = snapshot(work)
    run = run_cli(*CHECK, "--baseline", "base.json", cwd=work)
    assert_clean_error(run, 2, "base.json")
    assert snapshot(work) == before


def test_unreadable_baseline(work):
    base = work / "base.json"
    base.write_text('{"entries": []}')
    before = snapshot(work)
    run = run_cli(*CHECK, "--baseline", "base.json", cwd=work, env={"HOSTILE_DENY_READ": str(base)})
    assert_clean_error(run, 2, "base.json")
    assert "cannot be read" in run.err and "ermission" in run.err
    assert snapshot(work) == before


def test_write_baseline_on_a_full_disk(work):
    full = work / "full"
    full.mkdir()
    run = run_cli(*CHECK, "--write-baseline", "full/base.json", cwd=work, env={"HOSTILE_FULL_DIR": str(full)})
    assert_clean_error(run, 2, "full/base.json")
    assert list(full.iterdir()) == [], "a temporary file was left behind"


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_output_into_an_unwritable_directory(work, flag):
    locked = work / "locked"
    locked.mkdir()
    env = {}
    if os.geteuid() == 0:  # root writes through chmod 0500: simulate the refusal (EACCES)
        env = {"HOSTILE_READONLY_DIR": str(locked)}
    locked.chmod(0o500)
    try:
        run = run_cli(*CHECK, flag, "locked/out.json", cwd=work, env=env)
        assert_clean_error(run, 2, "locked/out.json")
        assert "ermission" in run.err
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
