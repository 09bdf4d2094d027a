"""The contracts the benchmarks time: the real ones in ../shared/contracts, then the samples."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def contracts() -> list[Path]:
    shared = REPO.parent / "shared" / "contracts"
    files = sorted(p for p in shared.glob("*") if p.suffix in (".pdf", ".txt")) if shared.is_dir() else []
    if not files:
        print(f"note: {shared} not found; timing the bundled samples only", file=sys.stderr)
    return files + sorted((REPO / "sample_contracts").glob("*.pdf"))


def machine_speed() -> float:
    """Seconds for a fixed pure-Python loop: this machine's speed right now, to read the
    other figures against (shared machines slow down and speed up)."""
    import time

    t = time.perf_counter()
    sum(i * i for i in range(2_000_000))
    return time.perf_counter() - t


# -- figures a shared machine cannot skew: ratios to pdftotext, min of N, JSON records ---------

RESULTS = REPO / "benchmarks" / "results"


def shared_pdfs(more: bool = True) -> list[Path]:
    """The real contracts with a text layer: ../shared/contracts/*.pdf and, with ``more``, more/*.pdf."""
    shared = REPO.parent / "shared" / "contracts"
    files = sorted(shared.glob("*.pdf"))
    if more:
        files += sorted((shared / "more").glob("*.pdf"))
    return files


def pages(path: Path) -> int:
    if path.suffix.lower() != ".pdf":
        return 0
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def pdftotext_once(paths: list[Path]) -> float | None:
    """Seconds for `pdftotext -layout` over these files, one after the other (None: not installed)."""
    import shutil
    import subprocess
    import time

    if not shutil.which("pdftotext"):
        return None
    t = time.perf_counter()
    for p in paths:
        subprocess.run(["pdftotext", "-layout", str(p), "-"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def timed(cmd: list[str], env: dict | None = None, memory: bool = False) -> tuple[float, int, int]:
    """Wall seconds of a command and, with ``memory``, two peaks in bytes over it and all its
    child processes, sampled every 20 ms from /proc (0 elsewhere): the summed proportional set
    size (PSS: a page shared by forked workers counts once in all) and the summed resident
    set size (RSS: shared pages counted in every process, an upper bound)."""
    import subprocess
    import time

    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_pss = peak_rss = 0
    while proc.poll() is None:
        if memory:
            pss, rss = _tree_memory(proc.pid)
            peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(0.02)
    seconds = time.perf_counter() - t
    if proc.returncode not in (0, 4):  # 4: some files failed, the rest completed
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return seconds, peak_pss, peak_rss


def _tree_memory(root: int) -> tuple[int, int]:
    import os

    parents: dict[int, int] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parents.items() if pp == p and c not in tree]
        tree.update(kids)
        frontier.extend(kids)
    pss = rss = 0
    for p in tree:
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith(("Pss:", "Rss:")):
                        kb = int(line.split()[1]) * 1024
                        if line.startswith("Pss:"):
                            pss += kb
                        else:
                            rss += kb
        except (OSError, ValueError):
            continue
    return pss, rss


def write_record(name: str, record: dict) -> Path:
    """benchmarks/results/<name>.json: the figures, when, where and on which commit; then the
    table in benchmarks/README.md is made again from every record."""
    import datetime
    import json
    import os
    import subprocess

    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    record = {"benchmark": name, "when": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "commit": commit, "cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
              "machine_speed_s": round(machine_speed(), 3), **record}
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(record, indent=2) + "\n")
    from make_table import write_readme

    write_readme()
    return path
