"""The hostile-input harness: run the real CLI in a subprocess with a timeout.

Every case asserts the README's promise for bad input: a documented exit code, one line on
stderr that names the file, no traceback, no hang, and nothing of the user's changed.
Fixtures are built at test time; nothing large is committed.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from .forkserver import ForkServer

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_contracts"
POLICY = REPO / "tests" / "data" / "drafts" / "policy.yaml"
TIMEOUT = 30  # seconds per case; the bound
DOCUMENTED_CODES = {0, 1, 2, 3, 4, 130}
# Injected into the child by PYTHONPATH. HOSTILE_FULL_DIR: writes under it fail with ENOSPC
# (a full disk); HOSTILE_DENY_READ: reading that file fails with EACCES (tests run as root,
# who can read a chmod-0 file); HOSTILE_DB_FULL: every SQLite database is capped at its current
# size (PRAGMA max_page_count), so any growth fails as SQLITE_FULL, the way a full disk does;
# HOSTILE_READONLY_DIR: creating a file in it fails with EACCES (a read-only directory, for root).
FAULT_HOOK = '''
import builtins, errno, io, os
if os.environ.get("HOSTILE_DB_FULL"):
    import sqlite3
    _connect = sqlite3.connect
    def _full_connect(*a, **k):
        db = _connect(*a, **k)
        db.execute("PRAGMA max_page_count = 1")
        return db
    sqlite3.connect = _full_connect
_full = os.environ.get("HOSTILE_FULL_DIR")
_deny = os.environ.get("HOSTILE_DENY_READ")
if _full or _deny:
    _open = io.open
    def _faulty_open(file, mode="r", *a, **k):
        where = os.path.abspath(file) if isinstance(file, (str, bytes, os.PathLike)) else ""
        if _full and any(m in mode for m in "wax+") and str(where).startswith(_full):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        if _deny and str(where) == _deny:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return _open(file, mode, *a, **k)
    builtins.open = io.open = _faulty_open
_ro = os.environ.get("HOSTILE_READONLY_DIR")
if _ro:
    _os_open = os.open
    def _ro_open(path, flags, *a, **k):
        if flags & os.O_CREAT and os.path.abspath(path).startswith(_ro + os.sep):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return _os_open(path, flags, *a, **k)
    os.open = _ro_open
if _full:
    _fsync = os.fsync
    def _full_fsync(fd):
        try:
            where = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            where = ""
        if where.startswith(_full):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return _fsync(fd)
    os.fsync = _full_fsync
'''


_PROGRESS = re.compile(r"\[\d+/\d+\] \S.*")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mib: float | None = None  # the case's peak resident memory, when it ran as a fork

    @property
    def err_lines(self) -> list[str]:
        """The messages on stderr: compare's progress lines ("[1/3] file.pdf", one per document
        scanned, where stderr is not a terminal) tell how far it got, not what went wrong."""
        return [line for line in self.err.splitlines() if line.strip() and not _PROGRESS.fullmatch(line)]


# Cases run as forks of one warm interpreter (forkserver.py) unless fresh=True, the environment
# asks for it (CONTRACTLENS_HOSTILE_FRESH=1: every case the old way), or the case's environment
# differs from the server's in more than the keys read when a command runs.
FRESH = os.environ.get("CONTRACTLENS_HOSTILE_FRESH") == "1"
_SERVER: list[ForkServer] = []


def _server(tmp: Path) -> ForkServer:
    if not _SERVER:
        tmp.mkdir(parents=True, exist_ok=True)
        _SERVER.append(ForkServer({**os.environ, "COLUMNS": "120", "XDG_CACHE_HOME": str(tmp / ".cache"),
                                   "PYTHONPATH": str(REPO / "src")}, str(REPO / "src"), str(tmp / "server.log")))
    return _SERVER[0]


@pytest.fixture(scope="session", autouse=True)
def _fork_server(tmp_path_factory):
    """Where the server keeps its log; it starts on the first case and stops when the session ends."""
    _server(tmp_path_factory.mktemp("forkserver"))
    yield
    _SERVER.pop().close()


def case_env(cwd: Path, env: dict | None = None) -> dict[str, str]:
    """The environment a case runs in: this one, with the case's cache, hooks and ``env``."""
    return {**os.environ, "COLUMNS": "120", "XDG_CACHE_HOME": str(cwd / ".cache"),
            # this tree's code, whichever copy of contractlens the interpreter has installed
            "PYTHONPATH": os.pathsep.join((str(cwd / ".hooks"), str(REPO / "src"))), **(env or {})}


def forks(child_env: dict[str, str]) -> bool:
    """Whether a case in this environment runs as a fork of the warm server."""
    return not FRESH and bool(_SERVER) and _SERVER[0].suits(child_env)


def run_cli(*args: object, cwd: Path, env: dict | None = None, stdin: bytes | None = None,
            timeout: float = TIMEOUT, argv: list[str] | None = None, fresh: bool = False) -> Run:
    """``argv``: what runs the CLI (default: this interpreter's ``-m contractlens``, forked from the
    warm server unless ``fresh``; a given ``argv`` always runs as a new process)."""
    child_env = case_env(cwd, env)
    (cwd / ".hooks").mkdir(exist_ok=True)
    (cwd / ".hooks" / "sitecustomize.py").write_text(FAULT_HOOK)
    start = time.perf_counter()
    if not (fresh or argv) and forks(child_env):
        code, out, err = _SERVER[0].run(list(map(str, args)), cwd=str(cwd), env=child_env, stdin=stdin,
                                        hook=FAULT_HOOK, timeout=timeout)
        if code is None:
            pytest.fail(f"contractlens {' '.join(map(str, args))} did not finish in {timeout} s")
        return Run(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                   time.perf_counter() - start, _SERVER[0].maxrss_kib / 1024)
    try:
        proc = subprocess.run([*(argv or [sys.executable, "-m", "contractlens"]), *map(str, args)], cwd=cwd,
                              env=child_env, input=stdin, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"contractlens {' '.join(map(str, args))} did not finish in {timeout} s")
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"),
               proc.stderr.decode("utf-8", "replace"), time.perf_counter() - start)


def assert_clean_error(run: Run, code: int, names: str | None = None) -> None:
    """The documented exit code, one stderr line naming the culprit, no traceback."""
    assert "Traceback" not in run.err, run.err
    assert run.code == code, f"exit {run.code}, expected {code}; stderr: {run.err!r}"
    assert len(run.err_lines) == 1, f"expected one stderr line, got: {run.err!r}"
    assert run.err_lines[0].startswith("contractlens: error: "), run.err
    assert not any(ord(c) < 32 and c not in "\t" for c in run.err_lines[0]), repr(run.err)
    if names is not None:
        assert names in run.err_lines[0], f"{names!r} not named in {run.err_lines[0]!r}"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file the user has in the folder, by content hash (hooks and cache aside)."""
    seen = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if rel.parts[0] in (".hooks", ".cache") or not path.is_file() or path.is_fifo():
            continue
        seen[str(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A user's folder with one good contract (a fictional sample) in it."""
    (tmp_path / "good.txt").write_bytes((SAMPLES / "reform.txt").read_bytes())
    return tmp_path
