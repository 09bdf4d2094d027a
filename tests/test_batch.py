"""Batch runs (issue 12): files fed largest first, failures reported in the order given,
and a file that failed is remembered by its content so a re-run reports it without
reading it again, unless --retry-failed."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import signal
from pathlib import Path

import pytest

from conftest import SAMPLES

from contractlens.compare import read_how, run, sha256_of
from contractlens.distributed import WORKERS_DIED
from contractlens.model.failure import Failure
from contractlens.rules import pack_identity
from contractlens.store import Store

compare = importlib.import_module("contractlens.compare")  # the module; contractlens.compare is a function
PACK = pack_identity("handbook")
HOW = read_how("pdfium", "auto")


@pytest.fixture
def files(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a PDF")
    good = tmp_path / "thin.txt"
    shutil.copy(SAMPLES / "thin.txt", good)
    return bad, good


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "results.sqlite")
    yield s
    s.close()


def refuse_to_scan(monkeypatch):
    def refuse(tasks, jobs, scheduler=None):
        raise AssertionError(f"read again: {[t[0] for t in tasks]}")
        yield  # a generator, like compare._map
    monkeypatch.setattr(compare, "_map", refuse)


def test_a_failed_file_is_not_read_again(files, store, monkeypatch):
    bad, good = files
    keys, failures, scanned = run([bad, good], PACK, store)
    assert scanned == 2 and [f.path for f in failures] == [str(bad)]
    reason = failures[0].reason
    assert "not a readable PDF" in reason
    assert store.failed(sha256_of(bad), HOW) == reason
    refuse_to_scan(monkeypatch)
    notes: list[str] = []
    again_keys, again, scanned = run([bad, good], PACK, store, notes=notes)
    assert scanned == 0
    assert again == failures and again_keys == keys  # the same report, from the store
    assert notes == ["1 file failed before and was not read again (--retry-failed reads them)"]


def test_retry_failed_reads_it_again(files, store, monkeypatch):
    bad, good = files
    run([bad, good], PACK, store)
    seen = []
    real = compare._map

    def spy(tasks, jobs, scheduler=None):
        seen.extend(Path(t[0]).name for t in tasks)
        yield from real(tasks, jobs, scheduler)

    monkeypatch.setattr(compare, "_map", spy)
    notes: list[str] = []
    _, failures, scanned = run([bad, good], PACK, store, retry_failed=True, notes=notes)
    assert seen == ["broken.pdf"] and scanned == 1 and notes == []
    assert [f.path for f in failures] == [str(bad)]


def test_a_retry_that_succeeds_forgets_the_failure(files, store, monkeypatch):
    _, good = files
    real = compare._map

    def fail_all(tasks, jobs, scheduler=None):
        for t in tasks:
            yield t[0], None, compare.failure(t[0], "a passing problem")

    monkeypatch.setattr(compare, "_map", fail_all)
    run([good], PACK, store)
    assert store.failed(sha256_of(good), HOW) == "a passing problem"
    monkeypatch.setattr(compare, "_map", real)
    _, failures, _ = run([good], PACK, store, retry_failed=True)
    assert failures == [] and store.failed(sha256_of(good), HOW) is None


def test_changed_content_is_read(files, store):
    bad, good = files
    run([bad], PACK, store)
    shutil.copy(SAMPLES / "thin.pdf", bad)  # the same name, now a readable PDF
    _, failures, scanned = run([bad], PACK, store)
    assert failures == [] and scanned == 1


def test_another_engine_or_ocr_mode_is_tried(files, store):
    bad, _ = files
    run([bad], PACK, store)
    _, failures, scanned = run([bad], PACK, store, ocr="never")
    assert scanned == 1 and len(failures) == 1


def test_a_dead_cluster_worker_is_not_the_files_failure(files, store, monkeypatch):
    _, good = files

    def died(tasks, jobs, scheduler=None):
        for t in tasks:
            yield t[0], None, compare.failure(t[0], WORKERS_DIED)

    monkeypatch.setattr(compare, "_map", died)
    _, failures, _ = run([good], PACK, store)
    assert [f.reason for f in failures] == [WORKERS_DIED]
    assert store.failed(sha256_of(good), HOW) is None


def test_largest_first_and_failures_in_the_order_given(tmp_path, store, monkeypatch):
    paths = []
    for n, size in enumerate([10, 3000, 200, 50000, 7]):
        p = tmp_path / f"f{n}.txt"
        p.write_text("x" * size)
        paths.append(p)
    fed = []

    def fail_in_reverse(tasks, jobs, scheduler=None):
        fed.extend(t[0] for t in tasks)
        for t in reversed(tasks):  # the workers finish in any order
            yield t[0], None, compare.failure(t[0], "unreadable")

    monkeypatch.setattr(compare, "_map", fail_in_reverse)
    _, failures, _ = run(paths, PACK, store, jobs=2)
    assert [Path(p).stat().st_size for p in fed] == [50000, 3000, 200, 10, 7]
    assert [f.path for f in failures] == [str(p) for p in paths]


def test_cli_rerun_reports_stored_failure_and_retry_option(files, tmp_path, cli):
    bad, good = files
    db = tmp_path / "cli.sqlite"
    first = cli("compare", bad, good, "--db", db, "-f", "json", "-j", "1")
    assert first.code == 4 and f"{bad}: is not a readable PDF" in first.err
    second = cli("compare", bad, good, "--db", db, "-f", "json", "-j", "1")
    assert second.code == 4 and second.out == first.out
    assert "contractlens: note: 1 file failed before and was not read again (--retry-failed reads them)" \
        in second.err
    assert f"{bad}: is not a readable PDF" in second.err
    third = cli("compare", bad, good, "--db", db, "-f", "json", "-j", "1", "--retry-failed")
    assert third.code == 4 and third.out == first.out and "failed before" not in third.err
    failed = [r for r in json.loads(third.out) if r["status"] == "failed"]
    assert [Path(r["path"]).name for r in failed] == ["broken.pdf"]


def test_store_failures_are_per_content_and_reading(store):
    store.set_failed("abc", HOW, "a.pdf", "is encrypted")
    assert store.failed("abc", HOW) == "is encrypted"
    assert store.failed("abc", read_how("pdfminer", "auto")) is None
    assert store.failed("abd", HOW) is None
    store.forget_failed("abc", HOW)
    assert store.failed("abc", HOW) is None
    assert isinstance(compare.failure("x.pdf", "r"), Failure)


# -- the local worker processes -------------------------------------------------------------------

fork_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="files are scanned in forked processes where fork exists")


def _agreements(tmp_path: Path, n: int) -> list[Path]:
    """n copies of thin.txt, each of its own content."""
    text = (SAMPLES / "thin.txt").read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        p = tmp_path / f"agreement_{i}.txt"
        p.write_text(text + f"\n\nSigned on the {i + 1}th day.\n", encoding="utf-8")
        paths.append(p)
    return paths


@fork_only
def test_each_file_is_scanned_in_a_process_of_its_own_forked_with_the_pack_loaded(tmp_path, store, monkeypatch):
    from contractlens import scanner

    paths = _agreements(tmp_path, 3)
    log = tmp_path / "workers.log"
    real = compare._scan_one

    def scan_one(task):  # runs in the child: which process, and was the pack compiled before it began?
        with log.open("a") as fh:
            fh.write(f"{os.getpid()} {len(scanner._COMPILED)}\n")
        return real(task)

    monkeypatch.setattr(compare, "_scan_one", scan_one)
    monkeypatch.setattr(scanner, "_COMPILED", {})  # as cold as a fresh CLI process
    keys, failures, scanned = run(paths, PACK, store, jobs=2)
    assert failures == [] and scanned == 3 and len(keys) == 3
    seen = [tuple(map(int, line.split())) for line in log.read_text().splitlines()]
    pids = [pid for pid, _ in seen]
    assert len(set(pids)) == 3 and os.getpid() not in pids  # a fresh process per file
    assert [n for _, n in seen] == [1, 1, 1]  # forked warm: none compiled the pack itself


@fork_only
def test_a_scanning_process_that_dies_fails_its_file_alone_and_is_not_remembered(tmp_path, store, monkeypatch):
    paths = _agreements(tmp_path, 3)
    real = compare._scan_one

    def scan_one(task):
        if task[0] == str(paths[1]):
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        return real(task)

    monkeypatch.setattr(compare, "_scan_one", scan_one)
    keys, failures, scanned = run(paths, PACK, store, jobs=2)
    assert [(f.path, f.reason) for f in failures] == [(str(paths[1]), compare.PROCESS_DIED)]
    assert [k[0] for k in keys] == [paths[0], paths[2]] and scanned == 3
    assert store.failed(sha256_of(paths[1]), HOW) is None  # the next run tries it again


@fork_only
def test_an_error_in_a_scanning_process_is_raised_here_and_stops_the_others(tmp_path, store, monkeypatch):
    import multiprocessing

    paths = _agreements(tmp_path, 4)

    def scan_one(task):
        if task[0] == str(paths[0]):
            raise ZeroDivisionError("a bug, not a bad file")
        import time
        time.sleep(30)

    monkeypatch.setattr(compare, "_scan_one", scan_one)
    with pytest.raises(ZeroDivisionError, match="a bug"):
        run(paths, PACK, store, jobs=2)
    assert multiprocessing.active_children() == []
