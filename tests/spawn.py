"""Child processes a test can read as they write, signal like a terminal does, and never leave
behind: the real CLI, and Dask's own scheduler and workers.

Each child runs in a session of its own, so a signal reaches it and whatever it started (a
process pool, a nanny's worker) as Ctrl-C reaches a terminal's foreground job, and killing
the group at the end leaves nothing running even when the test failed half-way. Waiting is
always on what the child writes, with a deadline, never on a sleep.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import REPO

_EOF = object()


def cli_command(*args) -> list[str]:
    return [sys.executable, "-m", "contractlens", *map(str, args)]


def tree_env(**extra: str) -> dict[str, str]:
    """The environment of a child that imports contractlens from this tree."""
    env = {k: v for k, v in os.environ.items() if k != "CONTRACTLENS_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH", "")) if p)
    env.update(COLUMNS="160", PYTHONUNBUFFERED="1", **extra)
    return env


class Child:
    """One child process; its stderr is read line by line as it comes (a thread drains it, so
    the child never blocks on a full pipe)."""

    def __init__(self, args: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
                 stdout: Path | None = None):
        self.args = args
        self._out = open(stdout, "wb") if stdout is not None else None
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=self._out if self._out is not None else subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=env or tree_env(), cwd=cwd,
                                     start_new_session=True, text=True, encoding="utf-8", errors="replace")
        self.lines: list[str] = []  # stderr lines read so far
        self._queue: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._ended = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read(self) -> None:
        for line in self.proc.stderr:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(_EOF)

    def _next(self, deadline: float, what: str):
        try:
            line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError(f"{what}: nothing within the deadline; stderr so far:\n"
                                 + "\n".join(self.lines[-30:])) from None
        if line is _EOF:
            self._ended = True
        else:
            self.lines.append(line)
        return line

    def wait_for(self, pattern: str, timeout: float = 120.0) -> re.Match:
        """Read stderr until a line matches ``pattern``; fail if the child ends first."""
        deadline = time.monotonic() + timeout
        while True:
            if self._ended:
                raise AssertionError(f"{self.args[2:5]} ended (exit {self.proc.poll()}) before a line matched "
                                     f"{pattern!r}; stderr:\n" + "\n".join(self.lines[-30:]))
            line = self._next(deadline, f"waiting for {pattern!r}")
            if line is not _EOF:
                m = re.search(pattern, line)
                if m:
                    return m

    def wait_for_handlers(self, timeout: float = 60.0) -> None:
        """Wait until the child catches SIGTERM: Python does not by default, so the CLI's
        ``main`` is running and its Ctrl-C handling is in place (Linux: /proc/PID/status)."""
        deadline = time.monotonic() + timeout
        status = Path(f"/proc/{self.pid}/status")
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the child ended (exit {self.proc.returncode}) before it was signalled")
            caught = next((line.split()[1] for line in status.read_text().splitlines()
                           if line.startswith("SigCgt:")), "0")
            if int(caught, 16) & (1 << (signal.SIGTERM - 1)):
                return
            time.sleep(0.005)
        raise AssertionError("the CLI never installed its signal handlers")

    def signal_group(self, sig: int) -> None:
        """As a terminal does: the child and every process it started get the signal."""
        os.killpg(self.pid, sig)

    def finish(self, timeout: float = 120.0) -> tuple[int, list[str]]:
        """Wait for the child to end; its exit code and every stderr line."""
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"{self.args[2:5]} did not end within {timeout} s; stderr:\n"
                                 + "\n".join(self.lines[-30:])) from None
        deadline = time.monotonic() + 30
        while not self._ended:
            self._next(deadline, "reading the rest of stderr")
        return code, self.lines

    def kill(self) -> None:
        """SIGKILL to the child's whole process group (no-op once it is gone)."""
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass

    def close(self) -> None:
        if self.proc.poll() is None:
            self.kill()
        else:  # the child is gone; anything it left in its group goes too
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self._reader.join(timeout=10)  # the group is gone, so the pipe is at its end
        if self.proc.stderr and not self._reader.is_alive():
            self.proc.stderr.close()
        if self._out is not None:
            self._out.close()

    def __enter__(self) -> "Child":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
