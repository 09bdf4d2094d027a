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
