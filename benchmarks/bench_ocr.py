"""How well scanned contracts are read: OCR against the text layer of the same pages.

    nice python benchmarks/bench_ocr.py [--pages N] [--dpi 200] [--only NAME] [--json OUT]

1. The image-only agreements in ../shared/contracts/scanned: pages, seconds per
   page, mean OCR confidence, units of the outline, practices present.
2. Every contract at the top of ../shared/contracts rasterized to an image-only PDF at
   --dpi (as a scanner would), read by OCR and compared with its own text layer (a
   contract that is only a text file is first printed to a PDF, monospaced, its pages kept):
   word accuracy (per page, the share of the text layer's words the OCR text has,
   counted as multisets of lower-cased words, summed over pages), outline agreement
   (the text layer's units, by kind and number, found in the OCR outline), the
   Jaccard index of the present practices, and the share of practices present in
   both whose best evidence is on the same page. --pages N takes the first N pages.
3. A compare batch of scanned and text files: nothing rejected; a re-run scans
   nothing and recognises no page; a scan of a file read before recognises none.

OCR runs on one core (jobs=1); seconds per page are also given as a ratio to
pdftotext on the same file in the same run, since these machines are shared.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _corpus import REPO, machine_speed

sys.path.insert(0, str(REPO / "tests"))
from ocr_pdfs import rasterize

SHARED = REPO.parent / "shared" / "contracts"
_WORD = re.compile(r"[A-Za-z0-9]+")


def words(text: str) -> Counter:
    return Counter(w.lower() for w in _WORD.findall(text))


def word_accuracy(reference: list[str], ocr: list[str]) -> tuple[float, float, int]:
    """(recall, precision, reference words) over pages, as multisets of words per page."""
    hit = ref_total = ocr_total = 0
    for r, o in zip(reference, ocr):
        rw, ow = words(r), words(o)
        hit += sum((rw & ow).values())
        ref_total += sum(rw.values())
        ocr_total += sum(ow.values())
    return hit / max(1, ref_total), hit / max(1, ocr_total), ref_total


def pdftotext_seconds(path: Path) -> float | None:
    if not shutil.which("pdftotext"):
        return None
    t = time.perf_counter()
    subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def read(path: Path, cache: Path, mode: str = "auto"):
    from contractlens.ingest import OcrOptions, read_document

    t = time.perf_counter()
    raw = read_document(path, ocr=OcrOptions(mode=mode, jobs=1, cache=cache))
    return raw, time.perf_counter() - t


def scan_raw(raw, pack):
    from contractlens.scanner import scan_contract
    from contractlens.structure import build_contract

    contract = build_contract(raw)
    return contract, scan_contract(contract, pack, evidence=5)


def recognised(path: Path, cache: Path) -> int:
    """Pages the OCR engine recognised when reading ``path`` with ``cache`` (0: all cached)."""
    from contractlens.ingest import ocr as ocr_module

    calls = []
    original = ocr_module.read_image

    def counting(engine, image):
        calls.append(1)
        return original(engine, image)

    ocr_module.read_image = counting
    try:
        read(path, cache)
    finally:
        ocr_module.read_image = original
    return len(calls)


def part_scanned(pack, cache: Path) -> list[dict]:
    rows = []
    for path in sorted((SHARED / "scanned").glob("*.pdf")):
        raw, seconds = read(path, cache)
        contract, result = scan_raw(raw, pack)
        conf = [r.confidence for r in raw.source.ocr]
        rows.append({
            "file": path.name, "pages": len(raw.pages), "ocr_pages": len(raw.source.ocr),
            "seconds_per_page": round(seconds / max(1, len(raw.pages)), 2),
            "mean_confidence": round(sum(conf) / max(1, len(conf)), 3),
            "units": len(contract.units), "top_level": sum(1 for u in contract.units if u.level == 1),
            "coverage": round(contract.coverage, 3),
            "present": sorted(p.id for p in result.present),
            "recognised_on_rerun": recognised(path, cache),
        })
        print(json.dumps(rows[-1]), flush=True)
    return rows


MONO = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")


def typeset(txt: Path, dst: Path, size: float = 9.0) -> Path:
    """A contract that exists only as text (pages split by form feeds) printed to a PDF with a
    text layer, one page per page, each page as wide and tall as its longest line and its
    lines need (monospaced, so its columns stay put): the PDF a district would have printed."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_margins(36, 36)
    if MONO.is_file():
        pdf.add_font("mono", fname=str(MONO))
        font = "mono"
    else:  # the core Courier font knows latin-1 only
        font = "courier"
    lead = size * 1.2
    for page in txt.read_text(encoding="utf-8").split("\f"):
        lines = [ln.rstrip().expandtabs(8) for ln in page.split("\n")]
        if font == "courier":
            lines = [ln.encode("latin-1", "replace").decode("latin-1") for ln in lines]
        width = max(612.0, 72 + 0.61 * size * max((len(ln) for ln in lines), default=0))
        height = max(792.0, 72 + lead * len(lines))
        pdf.add_page(format=(width, height))
        pdf.set_font(font, size=size)
        for n, ln in enumerate(lines):
            if ln.strip():
                pdf.text(36, 36 + size + n * lead, ln)
    pdf.output(str(dst))
    return dst


def part_rasterized(pack, cache: Path, tmp: Path, dpi: int, pages: int | None, only: str | None) -> list[dict]:
    import pypdfium2 as pdfium

    from contractlens.ingest import read_document

    rows = []
    for path in sorted([*SHARED.glob("*.pdf"), *SHARED.glob("*.txt")]):
        if only and only not in path.name:
            continue
        if path.suffix == ".txt":  # no PDF of it exists: print one, then scan that
            path = typeset(path, tmp / f"{path.stem}_typeset.pdf")
        n = len(pdfium.PdfDocument(str(path)))
        numbers = list(range(1, min(n, pages) + 1)) if pages else None
        image = rasterize(path, tmp / f"{path.stem}_{dpi}dpi.pdf", dpi=dpi, pages=numbers)
        text_raw = read_document(path, ocr="never")
        if numbers:  # the same pages from the text layer
            from dataclasses import replace
            text_raw = replace(text_raw, pages=text_raw.pages[: len(numbers)],
                               source=replace(text_raw.source, pages=len(numbers)))
        ocr_raw, seconds = read(image, cache)
        ref = [p.text for p in text_raw.pages]
        got = [p.text for p in ocr_raw.pages]
        recall, precision, total_words = word_accuracy(ref, got)
        text_contract, text_result = scan_raw(text_raw, pack)
        ocr_contract, ocr_result = scan_raw(ocr_raw, pack)
        a = {p.id for p in text_result.present}
        b = {p.id for p in ocr_result.present}
        both = sorted(a & b)
        same_page = [pid for pid in both if text_result.practice(pid).evidence[0].page
                     == ocr_result.practice(pid).evidence[0].page]
        near_page = [pid for pid in both if ocr_result.practice(pid).evidence[0].page
                     in {e.page for e in text_result.practice(pid).evidence}]
        outline_a = Counter((u.kind, u.number) for u in text_contract.units)
        outline_b = Counter((u.kind, u.number) for u in ocr_contract.units)
        ptt = pdftotext_seconds(path)
        per_page = seconds / max(1, len(got))
        row = {
            "file": path.name, "pages": len(got), "dpi": dpi, "words": total_words,
            "word_accuracy": round(recall, 4), "word_precision": round(precision, 4),
            "seconds_per_page": round(per_page, 2),
            "ratio_to_pdftotext": round(seconds / ptt, 1) if ptt and not pages else None,
            "mean_confidence": round(sum(r.confidence for r in ocr_raw.source.ocr) / max(1, len(ocr_raw.source.ocr)), 3),
            "units_text": len(text_contract.units), "units_ocr": len(ocr_contract.units),
            "outline_agreement": round(sum((outline_a & outline_b).values()) / max(1, sum(outline_a.values())), 3),
            "present_text": len(a), "present_ocr": len(b),
            "jaccard": round(len(a & b) / len(a | b), 3) if a | b else 1.0,
            "only_text": sorted(a - b), "only_ocr": sorted(b - a),
            "same_page": round(len(same_page) / len(both), 3) if both else 1.0,
            "same_page_or_other_evidence": round(len(near_page) / len(both), 3) if both else 1.0,
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def part_batch(tmp: Path) -> dict:
    from contractlens.compare import expand, run
    from contractlens.store import Store

    folder = tmp / "batch"
    folder.mkdir(exist_ok=True)
    for p in [*sorted((SHARED / "scanned").glob("*.pdf")), SHARED / "manchester_nh_2007-2010_mea_agreement.pdf",
              SHARED / "cincinnati_oh_2007-2009_cft_contract.txt"]:
        if p.exists():
            shutil.copy(p, folder / p.name)
    files, _ = expand([folder])
    db = tmp / "batch.sqlite"
    store = Store(db)
    try:
        t = time.perf_counter()
        keys, failures, scanned = run(files, "handbook", store, jobs=1)
        first = time.perf_counter() - t
        t = time.perf_counter()
        keys2, failures2, scanned2 = run(files, "handbook", store, jobs=1)
        second = time.perf_counter() - t
    finally:
        store.close()
    scanned_file = sorted(folder.glob("dayton*.pdf"))
    again = recognised(scanned_file[0], db) if scanned_file else None
    out = {"files": len(files), "read": len(keys), "failures": failures, "scanned_first": scanned,
           "seconds_first": round(first, 1), "scanned_rerun": scanned2, "failures_rerun": failures2,
           "seconds_rerun": round(second, 2), "scan_of_a_read_file_recognises": again}
    print(json.dumps(out), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--pages", type=int, default=None, help="Only the first N pages of each contract.")
    ap.add_argument("--only", default=None, help="Only contracts whose file name contains this.")
    ap.add_argument("--skip", default="", help="Comma-separated parts to skip: scanned,rasterized,batch.")
    ap.add_argument("--json", type=Path, default=None, help="Also write every figure to this file.")
    ap.add_argument("--cache", type=Path, default=None,
                    help="OCR page cache to keep between runs (default: a temporary one, so every page is read).")
    args = ap.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} not found: this benchmark needs the real contracts")
    from contractlens.ingest.ocr_engines import engine_class
    from contractlens.rules import load_pack

    engine = engine_class()
    print(f"machine speed: reference loop {machine_speed():.3f} s (lower is faster); "
          f"OCR engine {engine.name} {engine.installed_version()}", flush=True)
    pack = load_pack("handbook")
    skip = set(args.skip.split(",")) if args.skip else set()
    report: dict = {"engine": f"{engine.name} {engine.installed_version()}", "dpi": args.dpi, "pages": args.pages}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        cache = args.cache or tmp / "ocr.sqlite"
        if "scanned" not in skip:
            report["scanned"] = part_scanned(pack, cache)
        if "rasterized" not in skip:
            report["rasterized"] = part_rasterized(pack, cache, tmp, args.dpi, args.pages, args.only)
        if "batch" not in skip:
            report["batch"] = part_batch(tmp)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    rows = report.get("rasterized", [])
    if rows:
        print("\n| contract | pages | word acc. | outline | Jaccard | same page | s/page | x pdftotext |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['file']} | {r['pages']} | {r['word_accuracy']:.3f} | {r['outline_agreement']:.3f} | "
                  f"{r['jaccard']:.2f} | {r['same_page']:.2f} | {r['seconds_per_page']:.2f} | "
                  f"{r['ratio_to_pdftotext'] or ''} |")


if __name__ == "__main__":
    main()
