"""Work done aside in a forked child (aside.py, issue 12): a cold scan reads the file and
matches half of a long contract in a child process. Whatever the child does, the scan's
findings and errors are those of a scan in one process."""

from __future__ import annotations

import os
import threading

import pytest

from conftest import SAMPLES

import contractlens
from contractlens import aside, scanner
from contractlens.errors import InputError
from contractlens.ingest import OcrOptions
from contractlens.rules import load_pack

pytestmark = pytest.mark.skipif(not aside.available() and not os.environ.get(aside.NO_FORK_ENV),
                                reason="no fork here (Windows, macOS) or threads running")


def test_the_result_comes_back_from_the_child():
    parent = os.getpid()
    wait = aside.start(lambda report: ("from", os.getpid(), [1, 2, 3]))
    assert wait is not None
    kind, pid, payload = wait()
    assert kind == "from" and pid != parent and payload == [1, 2, 3]


def test_a_failing_child_returns_none_so_the_caller_does_the_work():
    def fails(report):
        raise InputError("x.pdf", "is broken")
    assert aside.start(fails)() is None


def test_a_child_that_dies_without_a_word_returns_none():
    def dies(report):
        os._exit(3)  # as a crash inside a C library would
    assert aside.start(dies)() is None


def test_a_result_that_cannot_be_pickled_returns_none():
    assert aside.start(lambda report: threading.Lock())() is None


def test_progress_reaches_the_parent_in_order():
    seen = []

    def work(report):
        for k in range(1, 4):
            report(k, 3, k * 10)
        return "done"
    assert aside.start(work, lambda *args: seen.append(args))() == "done"
    assert seen == [(1, 3, 10), (2, 3, 20), (3, 3, 30)]


def test_no_fork_while_other_threads_run():
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert aside.start(lambda report: 1) is None
    finally:
        stop.set()
        t.join()
    assert aside.start(lambda report: 1)() == 1


def test_no_fork_when_turned_off(monkeypatch):
    monkeypatch.setenv(aside.NO_FORK_ENV, "1")
    assert aside.start(lambda report: 1) is None


@pytest.fixture()
def cold(monkeypatch):
    """A process that has not compiled the pack yet (the cold start that forks)."""
    monkeypatch.setattr(scanner, "_COMPILED", {})
    building = {}
    monkeypatch.setattr(scanner, "_BUILDING", building)
    yield
    for future in building.values():  # a failed read leaves its build running: no thread outlives the test
        future.thread.join()


def _forks(monkeypatch) -> list:
    started = []
    real = aside.start

    def start(work, progress=None):
        wait = real(work, progress)
        started.append(wait is not None)
        return wait
    monkeypatch.setattr(aside, "start", start)
    return started


def test_a_cold_scan_read_in_a_child_finds_what_one_process_finds(monkeypatch, cold):
    path = SAMPLES / "reform.pdf"
    monkeypatch.setenv(aside.NO_FORK_ENV, "1")
    alone = scanner.scan(path)
    monkeypatch.delenv(aside.NO_FORK_ENV)
    monkeypatch.setattr(scanner, "_COMPILED", {})
    started = _forks(monkeypatch)
    assert scanner.scan(path) == alone
    assert started and started[0]  # the read was forked


def test_matching_split_across_two_processes_finds_what_one_process_finds(monkeypatch):
    pack = load_pack(None)
    for name in ("reform.pdf", "traditional.pdf", "mou.pdf"):
        contract = contractlens.segment(SAMPLES / name)
        alone = scanner.scan_contract(contract, pack, evidence=10)
        monkeypatch.setattr(scanner, "SPLIT_CHARS", 0)  # the samples are short: split them anyway
        started = _forks(monkeypatch)
        assert scanner.scan_contract(contract, pack, evidence=10, split=True) == alone, name
        assert started == [True]
        monkeypatch.undo()


def test_a_child_that_fails_to_match_leaves_its_half_to_the_parent(monkeypatch):
    pack = load_pack(None)
    contract = contractlens.segment(SAMPLES / "reform.pdf")
    alone = scanner.scan_contract(contract, pack)
    monkeypatch.setattr(scanner, "SPLIT_CHARS", 0)
    real = scanner._match
    parent = os.getpid()

    def match(*args):
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return real(*args)
    monkeypatch.setattr(scanner, "_match", match)
    assert scanner.scan_contract(contract, pack, split=True) == alone


@pytest.mark.parametrize("content, problem", [(b"%PDF-1.4 not really a pdf", "not a readable PDF"),
                                              (b"", "is empty")])
def test_an_unreadable_file_fails_as_it_does_in_one_process(tmp_path, monkeypatch, cold, content, problem):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    started = _forks(monkeypatch)
    with pytest.raises(InputError) as forked:
        scanner.scan(bad)
    assert started == [True]
    monkeypatch.setenv(aside.NO_FORK_ENV, "1")
    monkeypatch.setattr(scanner, "_COMPILED", {})
    with pytest.raises(InputError) as alone:
        scanner.scan(bad)
    assert problem in str(forked.value) and str(forked.value) == str(alone.value)


def test_ocr_progress_of_a_forked_read_is_reported_here(monkeypatch, cold, tmp_path):
    """The child's OCR progress calls reach the callback of this process."""
    from contractlens.ingest import pdf

    def read_with_progress(path, data, *, engine="pdfium", password=None, ocr=None):
        for k in (1, 2):
            ocr.progress(k, 2, k)
        return real(path, data, engine=engine, password=password, ocr=ocr)
    real = pdf.read
    monkeypatch.setattr(pdf, "read", read_with_progress)
    seen = []
    options = OcrOptions(mode="never", progress=lambda *args: seen.append((os.getpid(), args)))
    started = _forks(monkeypatch)
    result = scanner.scan(SAMPLES / "reform.pdf", ocr=options)
    assert result.pages > 0 and started[0]
    assert seen == [(os.getpid(), (1, 2, 1)), (os.getpid(), (2, 2, 2))]


def _children(monkeypatch) -> list:
    """The pids this process forks. Not waitpid(-1): a test worker (xdist) may own other children."""
    pids = []
    real = os.fork

    def fork():
        pid = real()
        if pid:
            pids.append(pid)
        return pid
    monkeypatch.setattr(os, "fork", fork)
    return pids


def _reaped(pids) -> bool:
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False  # still ours: running, or a zombie nobody waited for
    return True


def test_a_cancelled_child_is_stopped_and_reaped(monkeypatch):
    pids = _children(monkeypatch)
    wait = aside.start(lambda report: __import__("time").sleep(30) or 1)
    started = __import__("time").perf_counter()
    assert wait(cancel=True) is None
    assert __import__("time").perf_counter() - started < 5
    assert len(pids) == 1 and _reaped(pids)  # no child left behind


def test_the_collector_is_held_only_while_a_child_runs():
    import gc

    wait = aside.start(lambda report: 1)
    assert gc.get_freeze_count() > 0
    assert wait() == 1
    assert gc.get_freeze_count() == 0


def test_a_parent_that_fails_while_matching_stops_its_child(monkeypatch):
    pack = load_pack(None)
    contract = contractlens.segment(SAMPLES / "reform.pdf")
    monkeypatch.setattr(scanner, "SPLIT_CHARS", 0)
    real = scanner._match
    parent = os.getpid()

    def match(*args):
        if os.getpid() == parent:
            raise RuntimeError("the parent breaks")
        return real(*args)
    monkeypatch.setattr(scanner, "_match", match)
    pids = _children(monkeypatch)
    with pytest.raises(RuntimeError, match="the parent breaks"):
        scanner.scan_contract(contract, pack, split=True)
    assert len(pids) == 1 and _reaped(pids)
