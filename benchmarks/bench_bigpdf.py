"""A 5,000-page PDF scanned in bounded memory (issue 15: at most 1 GB).

    python benchmarks/bench_bigpdf.py [--pages 5000] [--lines 42] [--limit-mib 1024]

Writes a PDF of full letter pages (42 lines, about 3,500 characters each; see
tests/hostile/bigpdf.py) whose outline puts pages 9 to the last into one article, scans it in
a child process and reports the child's wall and CPU seconds and peak resident memory
(getrusage RUSAGE_CHILDREN ru_maxrss). Exits 1 when the peak is over the limit or the scan
fails. Too slow for the hostile suite's 30 s per case (tests/hostile/test_big.py scans a
5,000-page PDF of shorter pages there); run it by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.hostile.bigpdf import write_pdf  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--lines", type=int, default=42, help="lines of about 85 characters per page")
    ap.add_argument("--limit-mib", type=float, default=1024)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = write_pdf(Path(tmp) / "big.pdf", args.pages, body_lines=args.lines)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "contractlens", "scan", str(pdf), "-f", "json"], env=env,
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss / 1024
    print(f"{args.pages:,} pages, exit {proc.returncode}: "
          f"{wall:.1f} s wall, {usage.ru_utime + usage.ru_stime:.1f} s CPU, peak {peak:.0f} MiB "
          f"(limit {args.limit_mib:.0f})")
    if proc.returncode != 0:
        print(proc.stderr.strip()[-2000:], file=sys.stderr)
        return 1
    result = json.loads(proc.stdout)["results"][0]
    document = result["document"]
    present = sum(p["status"] == "present" for p in result["practices"])
    print(f"{document['pages']:,} pages, {document['units']} units, {present} practices present")
    return 0 if peak <= args.limit_mib else 1


if __name__ == "__main__":
    sys.exit(main())
