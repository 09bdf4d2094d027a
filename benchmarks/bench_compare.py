"""Batch comparison: a first run over many contracts, then the same run again.

    python benchmarks/bench_compare.py [FILES...] [--jobs N]

The second run finds every file unchanged in the results store and reads none
of them again; the issue asks for it to be at least 20 times faster.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpus import machine_speed

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--jobs", type=int, default=0)
    args = ap.parse_args()
    shared = REPO.parent / "shared" / "contracts"
    files = args.files or ([str(p) for p in sorted(shared.glob("*")) if p.suffix in (".pdf", ".txt")]
                           + [str(p) for p in sorted((REPO / "sample_contracts").glob("*")) if p.suffix in
                              (".pdf", ".txt", ".docx")])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "results.sqlite"
        cmd = [sys.executable, "-m", "contractlens", "compare", *files, "--db", str(db), "-f", "csv",
               "-o", str(Path(tmp) / "out.csv"), "--jobs", str(args.jobs)]
        times = []
        for _ in range(2):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t)
        size = db.stat().st_size
    print(f"machine speed: reference loop {machine_speed():.3f} s (lower is faster)")
    print(f"{len(files)} files, --jobs {args.jobs or 'one per core'}")
    print(f"first run  {times[0]:7.2f} s")
    print(f"second run {times[1]:7.2f} s   ({times[0] / times[1]:.0f}x faster)")
    print(f"database   {size / 1e6:7.2f} MB")


if __name__ == "__main__":
    main()
