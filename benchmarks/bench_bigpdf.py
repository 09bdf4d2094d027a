"""A long contract scanned in bounded memory (issue 15: 5,000 pages in at most 1 GB; issue 12:
a 700-page contract in at most 300 MB).

    python benchmarks/bench_bigpdf.py [--pages 5000] [--lines 42] [--limit-mib 1024]
    python benchmarks/bench_bigpdf.py --shared --pages 700 --limit-mib 300 [--repeat 3]

Without ``--shared``: writes a PDF of full letter pages (42 lines, about 3,500 characters
each; see tests/hostile/bigpdf.py) whose outline puts pages 9 to the last into one article.
With ``--shared``: a real-ish long contract instead, the text-layer PDFs of ../shared/contracts
(and more/) put one after the other, largest first, cut at ``--pages`` (the real contracts'
articles, tables and wording, so the structure and the matching have real work to do).

Scans it ``--repeat`` times in a child process and reports the child's wall and CPU seconds
(the least of the runs) and peak resident memory (the largest; the child's own rusage), beside
`pdftotext -layout` on the same file in the same run. Writes benchmarks/results/bigpdf.json
and remakes benchmarks/README.md. Exits 1 when the peak is over the limit or the scan fails.
Too slow for the hostile suite's 30 s per case (tests/hostile/test_big.py scans a 5,000-page
PDF of shorter pages there); run it by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from _corpus import pdftotext_once, shared_pdfs, write_record  # noqa: E402
from tests.hostile.bigpdf import write_pdf  # noqa: E402


def shared_long_pdf(path: Path, pages: int) -> Path:
    """The shared text-layer PDFs one after the other, largest first, cut at ``pages``."""
    import pypdfium2 as pdfium

    files = sorted(shared_pdfs(), key=lambda p: p.stat().st_size, reverse=True)
    if not files:
        raise SystemExit("no PDFs in ../shared/contracts: run without --shared for the synthetic one")
    out = pdfium.PdfDocument.new()
    try:
        while len(out) < pages:
            for f in files:
                src = pdfium.PdfDocument(str(f))
                try:
                    take = min(len(src), pages - len(out))
                    out.import_pages(src, list(range(take)))
                finally:
                    src.close()
                if len(out) >= pages:
                    break
        out.save(str(path))
    finally:
        out.close()
    return path


def scan_once(pdf: Path, env: dict) -> tuple[float, float, float, subprocess.CompletedProcess]:
    """Wall s, CPU s and peak MiB of one `contractlens scan` in a child process (its own rusage)."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "contractlens", "scan", str(pdf), "-f", "json"], env=env,
                            stdout=out, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    err.seek(0)
    done = subprocess.CompletedProcess(proc.args, proc.returncode, out.read().decode(), err.read().decode())
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, done


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--lines", type=int, default=42, help="lines of about 85 characters per page (synthetic)")
    ap.add_argument("--shared", action="store_true", help="the shared real contracts, one after the other")
    ap.add_argument("--limit-mib", type=float, default=1024)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    walls, cpus, peak, ptt = [], [], 0.0, []
    with tempfile.TemporaryDirectory() as tmp:
        if args.shared:
            pdf = shared_long_pdf(Path(tmp) / "long.pdf", args.pages)
        else:
            pdf = write_pdf(Path(tmp) / "big.pdf", args.pages, body_lines=args.lines)
        for _ in range(args.repeat):
            once = pdftotext_once([pdf])
            if once is not None:
                ptt.append(once)
            wall, cpu, mib, proc = scan_once(pdf, env)
            if proc.returncode != 0:
                print(proc.stderr.strip()[-2000:], file=sys.stderr)
                return 1
            walls.append(wall)
            cpus.append(cpu)
            peak = max(peak, mib)
    result = json.loads(proc.stdout)["results"][0]
    document = result["document"]
    present = sum(p["status"] == "present" for p in result["practices"])
    p = min(ptt) if ptt else None
    source = "shared contracts, one after the other" if args.shared else f"synthetic, {args.lines} lines a page"
    record = {"source": source, "pages": document["pages"], "units": document["units"], "present": present,
              "repeat": args.repeat, "wall_s": round(min(walls), 2), "cpu_s": round(min(cpus), 2),
              "pdftotext_s": round(p, 3) if p else None, "ratio": round(min(walls) / p, 1) if p else None,
              "peak_mib": round(peak), "limit_mib": args.limit_mib}
    print(f"{document['pages']:,} pages ({source}), {document['units']} units, {present} practices present; "
          f"min of {args.repeat}")
    print(f"scan {record['wall_s']} s wall, {record['cpu_s']} s CPU"
          + (f", pdftotext {record['pdftotext_s']} s ({record['ratio']}x)" if p else "")
          + f"; peak {record['peak_mib']} MiB (limit {args.limit_mib:.0f})")
    print(f"wrote {write_record('bigpdf', record)}")
    return 0 if peak <= args.limit_mib else 1


if __name__ == "__main__":
    sys.exit(main())
