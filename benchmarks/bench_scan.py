"""A cold scan per contract, as a ratio to `pdftotext -layout` on the same file in the same run.

    python benchmarks/bench_scan.py [FILES...] [--repeat N] [--pack handbook] [--no-stages]

For each contract, N times, interleaved so a busy spell hits all alike: pdftotext, a cold
`contractlens scan` (a new process, as a user runs it: imports, pipeline, rule pack from
its on-disk cache, ingestion, structure, matching), and the same with the pack cache off
(CONTRACTLENS_NO_PACK_CACHE=1), and in one process (CONTRACTLENS_NO_FORK=1: no child reads the
file or matches half of it meanwhile, so what the second core gives shows). The minimum of each is kept and the ratio printed. Then,
in this process after a warm-up, the time of reading and matching and the matching speed
in words per second (words of the units that went through the spaCy pipeline).

Without FILES: the Boston contract (286 pages) and the 39-page Prince George's contract
from ../shared/contracts, else the bundled samples. Writes benchmarks/results/scan.json
and remakes the table in benchmarks/README.md (issue 12: <= 5x for Boston, <= 8x for ~30 pages).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from _corpus import REPO, contracts, machine_speed, pages, pdftotext_once, timed, write_record

SHARED = REPO.parent / "shared" / "contracts"
DEFAULT = [SHARED / "boston_ma_2021-2024_btu_cba.pdf",
           SHARED / "more" / "prince_georges_md_2017-2019_negotiated_agreement.pdf"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pack", default="handbook")
    ap.add_argument("--all", action="store_true", help="every real contract and sample")
    ap.add_argument("--no-stages", action="store_true", help="skip the in-process stage timings")
    args = ap.parse_args()
    files = args.files or (contracts() if args.all else [f for f in DEFAULT if f.exists()]) or \
        sorted((REPO / "sample_contracts").glob("*.pdf"))
    print(f"machine speed: reference loop {machine_speed():.3f} s (lower is faster); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("CONTRACTLENS_NO_PACK_CACHE", None)
    cold_env = dict(env, CONTRACTLENS_NO_PACK_CACHE="1")
    alone_env = dict(env, CONTRACTLENS_NO_FORK="1")
    scan = [sys.executable, "-m", "contractlens", "scan", "--pack", args.pack, "--format", "json"]
    timed(scan + [str(files[0])], env)  # fills the pack cache, as any first run does
    rows = []
    print(f"{'file':46} {'pages':>5} {'pdftotext':>9} {'scan s':>7} {'ratio':>6} {'no cache':>8} {'ratio':>6} "
          f"{'no fork':>8} {'ratio':>6}")
    for path in files:
        ptt, cold, nocache, alone = [], [], [], []
        for _ in range(args.repeat):
            once = pdftotext_once([path]) if path.suffix.lower() == ".pdf" else None
            if once is not None:
                ptt.append(once)
            cold.append(timed(scan + [str(path)], env)[0])
            nocache.append(timed(scan + [str(path)], cold_env)[0])
            alone.append(timed(scan + [str(path)], alone_env)[0])
        p = min(ptt) if ptt else None
        row = {"file": path.name, "pages": pages(path), "pdftotext_s": round(p, 3) if p else None,
               "scan_s": round(min(cold), 3), "scan_no_pack_cache_s": round(min(nocache), 3),
               "ratio": round(min(cold) / p, 1) if p else None,
               "ratio_no_pack_cache": round(min(nocache) / p, 1) if p else None,
               "scan_no_fork_s": round(min(alone), 3), "ratio_no_fork": round(min(alone) / p, 1) if p else None}
        rows.append(row)
        print(f"{path.name[:46]:46} {row['pages']:5d} {p or 0:9.3f} {row['scan_s']:7.2f} {row['ratio'] or 0:6.1f} "
              f"{row['scan_no_pack_cache_s']:8.2f} {row['ratio_no_pack_cache'] or 0:6.1f} "
              f"{row['scan_no_fork_s']:8.2f} {row['ratio_no_fork'] or 0:6.1f}")
    if not args.no_stages:
        stages(files, args, rows)
    print(f"wrote {write_record('scan', {'repeat': args.repeat, 'pack': args.pack, 'files': rows})}")


def stages(files: list[Path], args, rows: list[dict]) -> None:
    import contractlens
    from contractlens.rules import load_pack
    from contractlens.scanner import MIN_BODY_WORDS, _body_words, compiled, scan_contract

    pack = load_pack(args.pack)
    compiled(pack)
    print(f"{'file':46} {'read s':>7} {'match s':>8} {'words':>8} {'words/s':>8}")
    for path, row in zip(files, rows):
        best_read = best_match = float("inf")
        for _ in range(args.repeat):
            a = time.perf_counter()
            contract = contractlens.segment(path)
            b = time.perf_counter()
            scan_contract(contract, pack)
            c = time.perf_counter()
            best_read, best_match = min(best_read, b - a), min(best_match, c - b)
        words = sum(len(u.text.split()) for u in contract.units if _body_words(u) >= MIN_BODY_WORDS)
        row.update(read_s=round(best_read, 3), match_s=round(best_match, 3), words=words,
                   words_per_s=round(words / best_match))
        print(f"{path.name[:46]:46} {best_read:7.2f} {best_match:8.2f} {words:8d} {words / best_match:8.0f}")


if __name__ == "__main__":
    main()
