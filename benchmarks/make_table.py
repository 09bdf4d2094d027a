"""benchmarks/README.md, made from the JSON records in benchmarks/results/ (each benchmark
calls this after writing its record; run it alone to remake the file)."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"

HEAD = """# Benchmarks

Made by `benchmarks/make_table.py` from the records in `benchmarks/results/` (every benchmark
remakes it after writing its record): do not edit by hand. These machines are shared, so each
figure is the minimum of N runs and is given beside `pdftotext -layout` on the same files in
the same run; the load average and a reference loop's time say how busy the machine was.
OCR figures are in [OCR_RESULTS.md](OCR_RESULTS.md).

    python benchmarks/bench_scan.py      # cold scan per contract, x pdftotext, words/s
    python benchmarks/bench_compare.py   # a batch: pages/s, cached re-run, peak memory
    python benchmarks/bench_match.py     # matching words/s per core on the real contracts
    python benchmarks/bench_bigpdf.py --shared --pages 700 --limit-mib 300   # one long contract's peak memory
"""


def _when(r: dict) -> str:
    return (f"{r['when']}, commit {r.get('commit') or '?'}, {r.get('cpus')} cores, load average "
            f"{' / '.join(str(x) for x in r.get('load_average', []))}, reference loop {r.get('machine_speed_s')} s")


def _scan(r: dict) -> list[str]:
    out = ["## Cold scan (`bench_scan.py`)", "", f"Measured {_when(r)}; min of {r['repeat']}, pack {r['pack']}.",
           "Issue 12 asks for at most 5x pdftotext on the 286-page Boston contract and 8x on a ~30-page one.", "",
           "| contract | pages | pdftotext s | scan s | x pdftotext | scan s, no pack cache | x pdftotext | "
           "scan s, one process | x pdftotext | match words/s |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for f in r["files"]:
        out.append(f"| {f['file']} | {f['pages']} | {f['pdftotext_s']} | {f['scan_s']} | {f['ratio']} | "
                   f"{f['scan_no_pack_cache_s']} | {f['ratio_no_pack_cache']} | {f.get('scan_no_fork_s', '')} | "
                   f"{f.get('ratio_no_fork', '')} | {f.get('words_per_s', '')} |")
    return out


def _compare(r: dict) -> list[str]:
    return ["## Batch (`bench_compare.py`)", "", f"Measured {_when(r)}; min of {r['repeat']}.",
            "Issue 12 asks for at least 150 pages/s on 2 cores, a cached re-run within 5% of the first, and at "
            "most 400 MB in all.", "",
            "| files | pages | --jobs | pdftotext pages/s | compare pages/s | x pdftotext | CPU s, all processes | "
            "pages per CPU s | re-run s | re-run % of first | peak memory MB (PSS) | RSS summed MB |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {r['files']} | {r['pages']} | {r['jobs']} | {r['pdftotext_pages_per_s']} | {r['pages_per_s']} | "
            f"{r['ratio']} | {r.get('first_cpu_s', '')} | {r.get('pages_per_cpu_s', '')} | {r['rerun_s']} | "
            f"{r['rerun_percent_of_first']} | {r['peak_memory_mb']} | {r.get('peak_rss_sum_mb', '')} |"]


def _match(r: dict) -> list[str]:
    out = ["## Matching (`bench_match.py`)", "",
           f"Measured {r['when']}, reference loop {r.get('machine_speed_s')} s; min of {r['repeat']}, pack {r['pack']}. "
           "CPU seconds of one process, so words per second per core; matching is everything `scan_contract` does "
           "after the text is read (spaCy pipeline, signals, context, scoring, evidence).",
           "Issue 12 asks for at least 200k words/s per core.", "",
           "| contract | pages | words | match CPU s | words/s per core | pdftotext s | match x pdftotext |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for f in r["files"]:
        out.append(f"| {f['file']} | {f['pages']} | {f['words']} | {f['match_cpu_s']} | {f['words_per_s']} | "
                   f"{f['pdftotext_s'] if f['pdftotext_s'] is not None else ''} | "
                   f"{f['match_vs_pdftotext'] if f['match_vs_pdftotext'] is not None else ''} |")
    return out


def _bigpdf(r: dict) -> list[str]:
    return ["## One long contract (`bench_bigpdf.py`)", "", f"Measured {_when(r)}; min of {r['repeat']} "
            f"(peak: the largest). The PDF: {r['source']}.",
            "Issue 12 asks for at most 300 MB for a 700-page contract; issue 15 for at most 1 GB for 5,000 pages.", "",
            "| pages | units | practices present | pdftotext s | scan s | x pdftotext | scan CPU s | peak MiB | limit MiB |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {r['pages']} | {r['units']} | {r['present']} | {r['pdftotext_s'] or ''} | {r['wall_s']} | "
            f"{r['ratio'] or ''} | {r['cpu_s']} | {r['peak_mib']} | {r['limit_mib']:.0f} |"]


def write_readme() -> Path:
    parts = [HEAD]
    for name, fmt in (("scan", _scan), ("compare", _compare), ("match", _match), ("bigpdf", _bigpdf)):
        path = RESULTS / f"{name}.json"
        if path.is_file():
            parts.append("\n".join(fmt(json.loads(path.read_text()))) + "\n")
    target = HERE / "README.md"
    target.write_text("\n".join(parts))
    return target


if __name__ == "__main__":
    print(write_readme())
