"""Scan time per contract and words per second through the matching pipeline.

    python benchmarks/bench_scan.py [FILES...] [--repeat N] [--pack handbook]

For each contract: a cold scan (a new `contractlens scan` process, as a user runs
it: imports, pipeline build, ingestion, structure, matching) and, in this process
after a warm-up, the time of each stage. Words per second counts the words of the
units that went through the spaCy pipeline.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from _corpus import contracts, machine_speed


def cold(path: Path, pack: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "contractlens", "scan", str(path), "--pack", pack, "--format", "json"],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pack", default="handbook")
    args = ap.parse_args()
    print(f"machine speed: reference loop {machine_speed():.3f} s (lower is faster)")
    files = args.files or contracts()

    t0 = time.perf_counter()
    import contractlens
    from contractlens.rules import load_pack
    from contractlens.scanner import MIN_BODY_WORDS, _body_words, compiled, scan_contract
    t1 = time.perf_counter()
    pack = load_pack(args.pack)
    compiled(pack)
    t2 = time.perf_counter()
    print(f"start-up in this process: imports {t1 - t0:.2f} s, rules and pipeline {t2 - t1:.2f} s")
    print(f"{'file':46} {'pages':>5} {'cold s':>7} {'read s':>7} {'match s':>8} {'words':>8} {'words/s':>8}")
    total_words = total_match = 0.0
    for path in files:
        cold_s = min(cold(path, args.pack) for _ in range(max(1, args.repeat - 1)))
        best_read = best_match = float("inf")
        words = 0
        for _ in range(args.repeat):
            a = time.perf_counter()
            contract = contractlens.segment(path)
            b = time.perf_counter()
            scan_contract(contract, pack)
            c = time.perf_counter()
            best_read, best_match = min(best_read, b - a), min(best_match, c - b)
            words = sum(len(u.text.split()) for u in contract.units if _body_words(u) >= MIN_BODY_WORDS)
        total_words += words
        total_match += best_match
        print(f"{path.name[:46]:46} {len(contract.pages):5d} {cold_s:7.2f} {best_read:7.2f} {best_match:8.2f} "
              f"{words:8d} {words / best_match:8.0f}")
    print(f"{'all':46} {'':5} {'':7} {'':7} {total_match:8.2f} {int(total_words):8d} {total_words / total_match:8.0f}")


if __name__ == "__main__":
    main()
