"""Run the CLI as run_cli does and measure the child's peak memory.

A case that runs as a fork of the warm server (forkserver.py) is measured by the server:
``os.wait4`` gives that one child's ``ru_maxrss``, its reaped children's included. Everything
the case allocates counts; of the warm interpreter's pages only those the child touches do, so a
fork reads some 30 MB under a fresh run of the same case (126 against 158 MiB for a scan of a
sample) and about 60 MB over a fresh run that refuses a file before it imports spaCy (104 against
45): far inside the bounds the cases assert, which are set by what the input would cost if it
were read. Otherwise (CONTRACTLENS_HOSTILE_FRESH=1, or an environment the server does not suit)
a small wrapper process runs the CLI as its only child and reports
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` once the child has exited, so the figure is
that one run's peak resident set, not the largest of every child the test process has had."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .conftest import Run, case_env, forks, run_cli

WRAPPER = '''
import ctypes, os, resource, signal, subprocess, sys
def _die_with_wrapper():  # PR_SET_PDEATHSIG: a timed-out (killed) wrapper takes the CLI with it
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
code = subprocess.call(sys.argv[2:], preexec_fn=_die_with_wrapper)
with open(sys.argv[1], "w") as fh:
    fh.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
'''


def run_measured(*args: object, cwd: Path, env: dict | None = None, timeout: float = 30) -> tuple[Run, float]:
    """(the run, its peak resident memory in MiB). The CLI runs under the same hooks as run_cli."""
    if forks(case_env(cwd, env)):
        run = run_cli(*args, cwd=cwd, env=env, timeout=timeout)
        return run, run.peak_mib
    report = cwd / ".hooks" / "maxrss"
    (cwd / ".hooks").mkdir(exist_ok=True)
    (cwd / ".hooks" / "measure_wrapper.py").write_text(WRAPPER)
    run = run_cli(*args, cwd=cwd, env=env, timeout=timeout,
                  argv=[sys.executable, str(cwd / ".hooks" / "measure_wrapper.py"), str(report),
                        sys.executable, "-m", "contractlens"])
    kib = int(report.read_text()) if report.exists() else 0
    if os.path.exists(report):
        report.unlink()
    return run, kib / 1024
