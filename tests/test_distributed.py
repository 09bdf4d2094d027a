"""`compare --scheduler`: a real Dask scheduler and workers on 127.0.0.1 (a LocalCluster whose
workers are threads of this process, so the file stays fast on a small machine) give the same
results as a local run; files go by content; only the client writes the store."""

from __future__ import annotations

import re
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from conftest import CONTRACTS, SAMPLES

distributed = pytest.importorskip("distributed", reason="dask.distributed is a dependency: pip install -e .")

import contractlens.distributed as cluster_mod  # noqa: E402  (after the skip)

MAIN = threading.main_thread()
GOOD = [SAMPLES / f"{name}.txt" for name in ("traditional", "reform", "thin", "mou")]


def _cluster(n_workers: int):
    # tcp on loopback: the CLI takes the address a user would give; its HTTP server on loopback too, any port
    return distributed.LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=False, protocol="tcp",
                                    host="127.0.0.1", dashboard_address="127.0.0.1:0")


@pytest.fixture(scope="module")
def cluster():
    with _cluster(2) as c:
        yield c


@pytest.fixture
def address(cluster):
    return cluster.scheduler_address


@pytest.fixture
def worker_calls(monkeypatch):
    """Every document a worker scans: (thread, whether its bytes came with it)."""
    from contractlens import compare

    calls = []
    scan_one = compare._scan_one

    def recording(args):
        calls.append((threading.current_thread(), len(args) == 5 and args[4] is not None))
        return scan_one(args)

    monkeypatch.setattr(compare, "_scan_one", recording)
    return calls


def _documents(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return sorted(con.execute("SELECT doc, path, pages FROM documents").fetchall())


PROGRESS = re.compile(r"\[(\d+)/(\d+)\] (.*)")


def _progress(err: str) -> tuple[list[str], list[str]]:
    """The progress lines' counters in order, and the documents they name in any order."""
    found = [PROGRESS.fullmatch(line) for line in err.splitlines()]
    return [f"{m[1]}/{m[2]}" for m in found if m], sorted(m[3] for m in found if m)


def _rest(err: str) -> list[str]:
    return [line for line in err.splitlines() if not PROGRESS.fullmatch(line)]


def _bad_files(tmp_path: Path) -> Path:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a PDF")
    return broken


def test_samples_on_a_cluster_equal_a_local_run(cli, address, worker_calls, tmp_path):
    broken = _bad_files(tmp_path)
    args = [SAMPLES, broken]
    local = cli("compare", *args, "--db", tmp_path / "local.sqlite", "-j", "1", "-f", "csv", "-o", tmp_path / "l.csv")
    assert worker_calls and all(t is MAIN for t, _ in worker_calls)  # the reference ran here, not on the cluster
    worker_calls.clear()
    result = cli("compare", *args, "--db", tmp_path / "cluster.sqlite", "--scheduler", address,
                 "-f", "csv", "-o", tmp_path / "c.csv")
    # the cluster did the scanning: four agreements (the duplicates are read to be recognised) and the bad file
    assert len(worker_calls) >= 5 and all(t is not MAIN for t, _ in worker_calls)

    # a bad file among good ones: one line for it, the rest complete, exit 4 as locally
    assert local.code == result.code == 4, result
    errors = [line for line in result.err.splitlines() if line.startswith("contractlens: error:")]
    assert errors == [f"contractlens: error: {broken}: is not a readable PDF (damaged or truncated)"]
    assert "Traceback" not in result.err
    # the same stderr, but for the order of the progress lines (documents finish in any order on a cluster)
    assert _progress(result.err) == _progress(local.err)
    assert _rest(result.err) == _rest(local.err.replace(str(tmp_path / "l.csv"), str(tmp_path / "c.csv")))

    cluster_csv = (tmp_path / "c.csv").read_bytes()
    assert cluster_csv == (tmp_path / "l.csv").read_bytes()
    assert cluster_csv.decode().count(",failed,") == 1
    for name in ("traditional", "reform", "thin", "mou"):
        assert f"sample_contracts/{name}.pdf".encode() in cluster_csv
    assert _documents(tmp_path / "cluster.sqlite") == _documents(tmp_path / "local.sqlite")

    # the stored results render the same matrix as JSON too
    a = cli("compare", "--db", tmp_path / "local.sqlite", "-f", "json")
    b = cli("compare", "--db", tmp_path / "cluster.sqlite", "-f", "json")
    assert a.code == b.code == 0 and a.out == b.out and '"practice"' in a.out


def test_documents_go_by_content_and_only_the_client_writes_the_store(cli, monkeypatch, address, worker_calls,
                                                                       tmp_path):
    """A worker may not see the client's disk, and the store is the client's file: on a worker
    thread, reading a file or opening a database is a bug."""
    import contractlens.ingest as ingest

    read = ingest.read_input_bytes
    opened = []
    connect = sqlite3.connect

    def read_on_client_only(path, *a, **k):
        assert threading.current_thread() is MAIN, f"a worker read {path} from disk"
        return read(path, *a, **k)

    def recording_connect(*a, **k):
        opened.append(threading.current_thread())
        return connect(*a, **k)

    monkeypatch.setattr(ingest, "read_input_bytes", read_on_client_only)
    monkeypatch.setattr(sqlite3, "connect", recording_connect)
    result = cli("compare", *GOOD, "--db", tmp_path / "r.sqlite", "--scheduler", address, "-f", "csv")
    assert result.code == 0, result
    assert "Traceback" not in result.err
    assert len(worker_calls) == 4
    assert all(t is not MAIN and with_bytes for t, with_bytes in worker_calls)
    assert opened and all(t is MAIN for t in opened)
    assert len(_documents(tmp_path / "r.sqlite")) == 4


def test_a_rerun_with_the_store_scans_nothing(cli, address, worker_calls, tmp_path):
    db = tmp_path / "r.sqlite"
    first = cli("compare", *GOOD, "--db", db, "--scheduler", address, "-f", "csv")
    assert first.code == 0, first
    assert len(worker_calls) == 4
    worker_calls.clear()
    again = cli("compare", *GOOD, "--db", db, "--scheduler", address, "-f", "csv")
    assert again.code == 0, again
    assert worker_calls == []
    assert again.out == first.out


def test_progress_comes_from_the_futures(address, tmp_path):
    from contractlens.compare import run
    from contractlens.store import Store

    files = [SAMPLES / "thin.txt", SAMPLES / "mou.txt"]
    seen = []
    store = Store(tmp_path / "r.sqlite")
    try:
        keys, failures, scanned = run(files, "handbook", store, scheduler=address,
                                      progress=lambda done, total, path: seen.append((done, total, path)))
        assert scanned == 2 and failures == [] and len(keys) == 2
        assert sorted(store.load(k)[0].source.path for _, k in keys) == sorted(map(str, files))
        again = run(files, "handbook", store, scheduler=address)
        assert again[2] == 0 and again[1] == []
    finally:
        store.close()
    assert seen[0] == (0, 2, "") and [s[:2] for s in seen[1:]] == [(1, 2), (2, 2)]
    assert sorted(s[2] for s in seen[1:]) == sorted(map(str, files))


def test_a_worker_that_dies_mid_batch_loses_nothing(cli, monkeypatch, tmp_path):
    """When the client saves its first result, a worker still holding a document goes away;
    the scheduler runs that document elsewhere and the store ends the same as a local run's."""
    from contractlens.store import Store

    local = cli("compare", *GOOD, "--db", tmp_path / "local.sqlite", "-j", "1", "-f", "csv", "-o", tmp_path / "l.csv")
    assert local.code == 0, local
    killed = []
    with _cluster(2) as c, distributed.Client(c, set_as_default=False) as watcher:
        save = Store.save

        def save_then_kill(self, *args, **kwargs):
            out = save(self, *args, **kwargs)
            if not killed:
                busy = {w: keys for w, keys in watcher.processing().items() if keys}
                assert busy, "no worker holds a document: nothing to lose"
                addr = next(iter(busy))
                worker = next(w for w in c.workers.values() if w.address == addr)
                c.sync(worker.close)
                killed.append((addr, busy[addr]))
            return out

        monkeypatch.setattr(Store, "save", save_then_kill)
        result = cli("compare", *GOOD, "--db", tmp_path / "c.sqlite", "--scheduler", c.scheduler_address,
                     "-f", "csv", "-o", tmp_path / "c.csv")
        assert killed and killed[0][0] not in watcher.nthreads()  # it held a document and is gone
    assert result.code == 0, result
    assert (tmp_path / "c.csv").read_bytes() == (tmp_path / "l.csv").read_bytes()
    assert _documents(tmp_path / "c.sqlite") == _documents(tmp_path / "local.sqlite")


def test_a_scheduler_without_workers_is_one_line_and_exit_2(cli, monkeypatch, tmp_path):
    monkeypatch.setattr(cluster_mod, "CONNECT_TIMEOUT", 1.0)
    with _cluster(0) as c:
        started = time.monotonic()
        result = cli("compare", SAMPLES / "thin.txt", "--db", tmp_path / "r.sqlite", "--scheduler", c.scheduler_address)
        assert time.monotonic() - started < 10
    assert result.code == 2, result
    assert result.err == (f"contractlens: error: the Dask scheduler at {c.scheduler_address} has no workers "
                          f"(start one: dask worker {c.scheduler_address})\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_and_exit_2_within_the_timeout(cli, monkeypatch, tmp_path):
    monkeypatch.setattr(cluster_mod, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    started = time.monotonic()
    result = cli("compare", SAMPLES / "thin.txt", "--db", tmp_path / "r.sqlite", "--scheduler", address)
    assert time.monotonic() - started < 8
    assert result.code == 2, result
    assert result.err.startswith(f"contractlens: error: cannot reach the Dask scheduler at {address} within 1 s")
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert not (tmp_path / "r.sqlite").exists() or not _documents(tmp_path / "r.sqlite")


@pytest.mark.parametrize("address", ["nonsense::x", "tcp://host:port", "ftp://host:21", ""])
def test_a_malformed_address_is_a_usage_error(cli, tmp_path, address):
    result = cli("compare", SAMPLES / "thin.txt", "--db", tmp_path / "r.sqlite", "--scheduler", address)
    assert result.code == 2, result
    assert result.err.startswith(f"contractlens: error: --scheduler {address}: not a scheduler address")
    assert result.err.count("\n") == 1


def test_a_local_compare_does_not_import_dask(tmp_path):
    """dask costs start-up time; only --scheduler may import it (a fresh process: this one has)."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    code = ("import sys\nfrom contractlens.cli import main\n"
            "try:\n    main(['compare', sys.argv[1], '--db', sys.argv[2], '-j', '1', '-f', 'csv'])\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "assert 'distributed' not in sys.modules and 'dask' not in sys.modules, 'dask imported'\n")
    done = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "thin.txt"), str(tmp_path / "r.sqlite")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


# -- a real cluster: `dask scheduler` and two `dask worker` processes on 127.0.0.1 -------------------------

REAL = ("manchester_nh_2007-2010_mea_agreement.pdf", "denver_co_2022-2025_dcta_cba.pdf")  # two smaller ones


def _dask(*args) -> list[str]:
    import sys

    return [sys.executable, "-m", "dask", *map(str, args)]  # the `dask` command of this environment


@pytest.fixture
def dask_processes():
    """A scheduler and two single-thread workers, each its own process group (nanny and worker),
    all listening on 127.0.0.1 only, without dashboards; importing contractlens from this tree.
    Yields (address, {worker Child: None}); every process is killed afterwards, whatever happened."""
    from contextlib import ExitStack

    from spawn import Child

    with ExitStack() as stack:
        scheduler = stack.enter_context(Child(_dask("scheduler", "--host", "127.0.0.1", "--port", "0",
                                                    "--no-dashboard", "--no-show")))
        address = scheduler.wait_for(r"Scheduler at:\s+(tcp://127\.0\.0\.1:\d+)", timeout=60)[1]
        workers = [stack.enter_context(Child(_dask("worker", address, "--host", "127.0.0.1", "--nworkers", 1,
                                                   "--nthreads", 1, "--no-dashboard", "--death-timeout", 60,
                                                   "--name", f"w{n}")))
                   for n in range(2)]
        yield address, workers


@pytest.mark.skipif(not (CONTRACTS / REAL[0]).is_file() or not (CONTRACTS / REAL[1]).is_file(),
                    reason=f"the real contracts are not here ({CONTRACTS}); they live outside the repository "
                           "in ../shared/contracts")
def test_a_real_cluster_losing_a_worker_midway_gives_the_local_csv(cli, dask_processes, tmp_path):
    """Issue 14's "done when": `compare --scheduler` over the samples and real contracts on a
    scheduler and two worker processes; one worker is SIGKILLed while it scans a document; the
    CSV is byte for byte a local run's and the store holds the same documents."""
    import os
    import signal

    from spawn import Child, cli_command

    from contractlens.store import Store

    address, workers = dask_processes
    inputs = [CONTRACTS / name for name in REAL] + [SAMPLES]  # the long real ones are handed out first
    local = cli("compare", *inputs, "--db", tmp_path / "local.sqlite", "-j", "1", "-f", "csv",
                "-o", tmp_path / "local.csv")
    assert local.code == 0, local

    with distributed.Client(address, set_as_default=False, timeout=30) as watcher:
        watcher.wait_for_workers(2, timeout=60)
        pids = watcher.run(os.getpid)  # worker address -> its process
        with Child(cli_command("compare", *inputs, "--db", tmp_path / "cluster.sqlite", "--scheduler", address,
                               "-f", "csv", "-o", tmp_path / "cluster.csv")) as client:
            client.wait_for(r"^\[1/\d+\] ", timeout=120)  # a first result is saved: the batch is under way
            deadline = time.monotonic() + 60
            busy = {}
            while not busy:  # a worker that holds a document now
                assert client.proc.poll() is None and time.monotonic() < deadline, "no worker ever held a document"
                busy = {w: keys for w, keys in watcher.processing().items()
                        if any(str(k).startswith("contractlens-scan") for k in keys)}
                if not busy:
                    time.sleep(0.05)
            victim_addr = next(iter(busy))
            victim = next(w for w in workers if os.getpgid(pids[victim_addr]) == w.pid)  # its nanny's group
            os.killpg(victim.pid, signal.SIGKILL)
            victim.proc.wait(timeout=30)
            code, lines = client.finish(timeout=300)
        assert victim_addr not in watcher.nthreads() and len(watcher.nthreads()) == 1  # it is gone for good

    err = "\n".join(lines) + "\n"
    assert code == 0, err
    assert "Traceback" not in err
    assert (tmp_path / "cluster.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert _progress(err) == _progress(local.err)  # every document once, none lost or saved twice
    assert _rest(err) == _rest(local.err.replace(str(tmp_path / "local.csv"), str(tmp_path / "cluster.csv")))
    stores = [Store(tmp_path / f"{name}.sqlite") for name in ("local", "cluster")]
    try:
        a, b = (s.dump() for s in stores)
        assert a == b and a
        for table in ("names", "fingerprints"):
            rows = [sorted(s.db.execute(f"SELECT * FROM {table}")) for s in stores]  # noqa: S608
            assert rows[0] == rows[1] and len(rows[0]) == len(_documents(tmp_path / "local.sqlite"))
    finally:
        for s in stores:
            s.close()


def test_dask_log_lines_never_reach_the_user(monkeypatch):
    """Dask's configuration gives distributed.client a level of its own (WARNING): when a worker
    dies holding a result it logs "Couldn't gather 1 keys, rescheduling" to stderr, a line that is
    not ours (test_a_real_cluster_losing_a_worker_midway failed on it on a loaded machine). Connecting quiets
    every configured distributed logger, not only the parent."""
    import logging

    from contractlens.errors import ConfigError

    monkeypatch.setattr(cluster_mod, "CONNECT_TIMEOUT", 0.5)
    for name in ("distributed", "distributed.client"):
        monkeypatch.setattr(logging.getLogger(name), "level", logging.WARNING)
    with pytest.raises(ConfigError):
        cluster_mod._connect(f"tcp://127.0.0.1:{_free_port()}")
    assert logging.getLogger("distributed.client").getEffectiveLevel() == logging.CRITICAL
    assert logging.getLogger("distributed.client").isEnabledFor(logging.WARNING) is False
