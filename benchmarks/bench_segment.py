"""Pages per second for ingestion plus structure, per contract and engine.

    python benchmarks/bench_segment.py [FILES...] [--engine pdfium|pdfminer|both] [--repeat N]

Defaults to the real contracts in ../shared/contracts and the bundled samples.
Reports the best of N runs in one process on one core (no parallelism), split
into ingestion (text extraction) and structure (clean-up, contents, outline).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _corpus import REPO, contracts, machine_speed

from contractlens.ingest import read_document
from contractlens.structure import build_contract


def time_one(path: Path, engine: str, repeat: int) -> tuple[int, float, float]:
    best_ingest = best_structure = float("inf")
    pages = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        raw = read_document(path, pdf_engine=engine)
        t1 = time.perf_counter()
        build_contract(raw)
        t2 = time.perf_counter()
        pages = raw.source.pages
        best_ingest = min(best_ingest, t1 - t0)
        best_structure = min(best_structure, t2 - t1)
    return pages, best_ingest, best_structure


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--engine", choices=["pdfium", "pdfminer", "both"], default="pdfium")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"machine speed: reference loop {machine_speed():.3f} s (lower is faster)")
    files = args.files or contracts()
    engines = ["pdfium", "pdfminer"] if args.engine == "both" else [args.engine]
    build_contract(read_document(REPO / "sample_contracts" / "mou.pdf"))  # warm imports, word list
    print(f"{'file':52} {'engine':8} {'pages':>5} {'ingest s':>9} {'struct s':>9} {'total s':>8} {'pages/s':>8}")
    for engine in engines:
        total_pages = total_time = 0.0
        for path in files:
            if path.suffix != ".pdf" and engine != engines[0]:
                continue
            repeat = 1 if engine == "pdfminer" else args.repeat
            pages, ingest, structure = time_one(path, engine, repeat)
            total = ingest + structure
            total_pages += pages
            total_time += total
            print(f"{path.name[:52]:52} {engine:8} {pages:5d} {ingest:9.3f} {structure:9.3f} {total:8.3f} "
                  f"{pages / total:8.0f}")
        print(f"{'all files':52} {engine:8} {int(total_pages):5d} {'':9} {'':9} {total_time:8.3f} "
              f"{total_pages / total_time:8.0f}")


if __name__ == "__main__":
    main()
