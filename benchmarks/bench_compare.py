"""A batch: pages per second of a first `compare`, a cached re-run as a share of it, peak memory.

    python benchmarks/bench_compare.py [FILES...] [--jobs 2] [--repeat N]

N times (each into a new results store, the rule-pack cache warm): `pdftotext -layout` over
every file, one after the other; a first `contractlens compare --jobs J` over them; the same
command again (every file unchanged: read from the store, nothing scanned). The minimum of
each is kept. Printed: pages per second of the first run and its ratio to pdftotext; the
re-run as a percentage of the first; the peak memory of the first run over the process and
its workers (sampled from /proc): PSS summed, a page shared by forked workers counted once,
and RSS summed, an upper bound; and the CPU seconds of the first run over the process and its
workers (user + system, all cores), which a busy machine changes less than the wall time.
Without FILES: the text-layer PDFs of
../shared/contracts and ../shared/contracts/more. Writes benchmarks/results/compare.json and
remakes benchmarks/README.md (issue 12: >= 150 pages/s on 2 cores, re-run <= 5%, <= 400 MB).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from pathlib import Path

from _corpus import REPO, machine_speed, pages, pdftotext_once, shared_pdfs, timed, write_record


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = args.files or shared_pdfs() or sorted((REPO / "sample_contracts").glob("*.pdf"))
    total_pages = sum(pages(f) for f in files)
    print(f"machine speed: reference loop {machine_speed():.3f} s (lower is faster); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("CONTRACTLENS_NO_PACK_CACHE", None)
    ptt, first, second, cpu, peak_pss, peak_rss = [], [], [], [], 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.repeat):
            db = Path(tmp) / f"results-{n}.sqlite"
            cmd = [sys.executable, "-m", "contractlens", "compare", *map(str, files), "--db", str(db), "-f", "csv",
                   "-o", str(Path(tmp) / f"out-{n}.csv"), "--jobs", str(args.jobs)]
            once = pdftotext_once(files)
            if once is not None:
                ptt.append(once)
            before = _children_cpu()
            s, pss, rss = timed(cmd, env, memory=True)
            cpu.append(_children_cpu() - before)
            first.append(s)
            peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
            second.append(timed(cmd, env)[0])
    p = min(ptt) if ptt else None
    record = {
        "files": len(files), "pages": total_pages, "jobs": args.jobs, "repeat": args.repeat,
        "pdftotext_s": round(p, 3) if p else None, "first_s": round(min(first), 3),
        "pages_per_s": round(total_pages / min(first), 1),
        "pdftotext_pages_per_s": round(total_pages / p, 1) if p else None,
        "ratio": round(min(first) / p, 1) if p else None,
        "first_cpu_s": round(min(cpu), 2), "pages_per_cpu_s": round(total_pages / min(cpu), 1),
        "rerun_s": round(min(second), 3), "rerun_percent_of_first": round(100 * min(second) / min(first), 1),
        "peak_memory_mb": round(peak_pss / 1e6), "peak_rss_sum_mb": round(peak_rss / 1e6),
    }
    print(f"{len(files)} files, {total_pages} pages, --jobs {args.jobs}, min of {args.repeat}")
    if p:
        print(f"pdftotext  {p:7.2f} s   {record['pdftotext_pages_per_s']:7.1f} pages/s")
    print(f"first run  {record['first_s']:7.2f} s   {record['pages_per_s']:7.1f} pages/s"
          + (f"   ({record['ratio']}x pdftotext)" if p else ""))
    print(f"           {record['first_cpu_s']:7.2f} CPU s (all processes)   {record['pages_per_cpu_s']:7.1f} pages per CPU s")
    print(f"re-run     {record['rerun_s']:7.2f} s   ({record['rerun_percent_of_first']}% of the first)")
    print(f"peak memory of the first run, all processes: {record['peak_memory_mb']} MB PSS "
          f"(RSS summed, shared pages counted in each: {record['peak_rss_sum_mb']} MB)")
    print(f"wrote {write_record('compare', record)}")


def _children_cpu() -> float:
    """User + system seconds of every child process waited for so far (and of theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
