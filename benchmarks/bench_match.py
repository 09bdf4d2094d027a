"""Matching speed on the real contracts, beside pdftotext on the same files in the same run.

    python benchmarks/bench_match.py [FILES...] [--repeat N] [--pack handbook] [--cold FILE]
                                     [--json benchmarks/results/match.json]

For each contract (default: the real ones in ../shared/contracts): the text is read once, then
matching (``scan_contract``: the spaCy pipeline, every signal, context reading, scoring and
evidence) is timed N times in this process and the minimum kept, as CPU seconds of this one
process (so words per second *per core*, on a machine other work shares). Words are those of
the units matching reads. Beside it, ``pdftotext -layout`` on the same PDF, min of N wall
seconds: the ratio says how matching compares to the PDF reader itself, whatever the machine's
load. ``--cold FILE``: a cold ``contractlens scan`` of FILE (a new process, min of N) as a
ratio to pdftotext on it. The figures and the machine's speed go to a JSON record.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _corpus import REPO, machine_speed


def real_contracts() -> list[Path]:
    shared = REPO.parent / "shared" / "contracts"
    return sorted(p for p in shared.glob("*") if p.suffix in (".pdf", ".txt")) if shared.is_dir() else []


def pdftotext(path: Path, repeat: int) -> float | None:
    """Min wall seconds of ``pdftotext -layout`` on a PDF; None for other files or without it."""
    if path.suffix != ".pdf" or not shutil.which("pdftotext"):
        return None
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t)
    return best


def cold_scan(path: Path, pack: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "contractlens", "scan", str(path), "--pack", pack, "--format", "json"],
                       check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pack", default="handbook")
    ap.add_argument("--cold", type=Path, help="also time a cold scan of this file against pdftotext")
    ap.add_argument("--json", type=Path, default=REPO / "benchmarks" / "results" / "match.json")
    args = ap.parse_args()
    files = args.files or real_contracts()
    if not files:
        sys.exit("bench_match: no contracts given and ../shared/contracts not found")
    speed = machine_speed()
    print(f"machine speed: reference loop {speed:.3f} s (lower is faster)")

    import contractlens
    from contractlens.rules import load_pack
    from contractlens.scanner import MIN_BODY_WORDS, _body_words, compiled, scan_contract

    pack = load_pack(args.pack)
    compiled(pack)
    rows = []
    print(f"{'file':46} {'words':>7} {'match s':>8} {'words/s':>8} {'pdftotext s':>11} {'× pdftotext':>11}")
    for path in files:
        contract = contractlens.segment(path)
        scan_contract(contract, pack)  # warm: the lemma cache, the pack's matchers
        best = float("inf")
        for _ in range(args.repeat):
            t = time.process_time()
            scan_contract(contract, pack)
            best = min(best, time.process_time() - t)
        words = sum(len(u.text.split()) for u in contract.units if _body_words(u) >= MIN_BODY_WORDS)
        reader = pdftotext(path, args.repeat)
        rows.append({"file": path.name, "pages": len(contract.pages), "words": words, "match_cpu_s": round(best, 4),
                     "words_per_s": round(words / best), "pdftotext_s": None if reader is None else round(reader, 4),
                     "match_vs_pdftotext": None if reader is None else round(best / reader, 2)})
        r = rows[-1]
        print(f"{path.name[:46]:46} {words:7d} {best:8.3f} {r['words_per_s']:8d} "
              f"{'' if reader is None else f'{reader:11.3f}':>11} "
              f"{'' if reader is None else f'{best / reader:10.2f}×':>11}")
    words = sum(r["words"] for r in rows)
    cpu = sum(r["match_cpu_s"] for r in rows)
    pdf_rows = [r for r in rows if r["pdftotext_s"] is not None]
    ratio = (sum(r["match_cpu_s"] for r in pdf_rows) / sum(r["pdftotext_s"] for r in pdf_rows)) if pdf_rows else None
    print(f"{'all':46} {words:7d} {cpu:8.3f} {words / cpu:8.0f}"
          + (f" {sum(r['pdftotext_s'] for r in pdf_rows):11.3f} {ratio:10.2f}×" if ratio is not None else ""))
    record = {"benchmark": "bench_match", "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "python": platform.python_version(), "machine_speed_s": round(speed, 3), "repeat": args.repeat,
              "pack": args.pack, "files": rows, "words": words, "match_cpu_s": round(cpu, 4),
              "words_per_s_per_core": round(words / cpu), "match_vs_pdftotext": None if ratio is None else round(ratio, 2)}
    if args.cold:
        cold = cold_scan(args.cold, args.pack, args.repeat)
        reader = pdftotext(args.cold, args.repeat)
        record["cold_scan"] = {"file": args.cold.name, "scan_s": round(cold, 3),
                               "pdftotext_s": None if reader is None else round(reader, 3),
                               "scan_vs_pdftotext": None if reader is None else round(cold / reader, 1)}
        print(f"cold scan of {args.cold.name}: {cold:.2f} s"
              + (f", pdftotext {reader:.2f} s: {cold / reader:.1f}× pdftotext" if reader else ""))
    args.json.write_text(json.dumps(record, indent=2) + "\n")
    print(f"record: {args.json}")
    import make_table
    print(make_table.write_readme())


if __name__ == "__main__":
    main()
