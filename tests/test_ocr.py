"""Scanned pages: a fictional sample rasterized here to image-only pages must read into the
same outline and findings as its text layer; mixed, blank and sideways pages; the cache;
no engine installed. A few pages only, so the suite stays quick."""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest
from conftest import CONTRACTS, SAMPLES, needs_contracts
from ocr_pdfs import rasterize

pytest.importorskip("tesserocr", reason="the OCR engine (tesserocr) is not installed")

PAGES = [4, 5, 6, 7, 8]  # reform.pdf: Articles II-IV, six practices present
TURNED = 6  # scanned a quarter turn off


def _subset(src, dst, pages):
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(str(src)), [n - 1 for n in pages])
    out.save(str(dst))
    return dst


class Counter:
    """Counts the pages the OCR engine recognises (cache hits and blank pages are not)."""

    def __init__(self, monkeypatch):
        from contractlens.ingest import ocr

        self.pages = 0
        original = ocr.read_image

        def counting(engine, image):
            self.pages += 1
            return original(engine, image)

        monkeypatch.setattr(ocr, "read_image", counting)


@pytest.fixture(scope="module", autouse=True)
def _engine_read_once():
    """Tesseract recognises each distinct image once in this module (about a second a page): the
    tests that read a page again, to test the page cache on a full disk or a batch compared
    twice, get the lines it found the first time. Everything above the engine (turning, assembly,
    normalising, the cache, the counting) runs every time, and a new image is always read."""
    import hashlib

    from contractlens.ingest.ocr_engines import Tesseract

    seen: dict = {}
    read = Tesseract.read

    def read_once(self, image):
        key = (image.mode, image.size, hashlib.sha256(image.tobytes()).digest())
        if key not in seen:
            seen[key] = tuple(read(self, image))
        return list(seen[key])

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Tesseract, "read", read_once)
        yield seen


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    """The text pages, their scan (one page turned) and a mixed PDF, read once for the module."""
    import contractlens
    from contractlens.ingest import OcrOptions
    from contractlens.rules import load_pack
    from contractlens.scanner import scan_contract

    tmp = tmp_path_factory.mktemp("ocr")
    cache = tmp / "cache.sqlite"
    text = _subset(SAMPLES / "reform.pdf", tmp / "text.pdf", PAGES)
    scan = rasterize(text, tmp / "scan.pdf", dpi=200, turn={PAGES.index(TURNED) + 1: 90})
    # pages 2 and 4 keep their text layer; a blank scan follows the last page
    mixed = rasterize(text, tmp / "mixed.pdf", dpi=200, keep_text=(2, 4), blank=(len(PAGES),))
    pack = load_pack("handbook")
    out = {"tmp": tmp, "cache": cache, "pack": pack, "paths": {"text": text, "scan": scan, "mixed": mixed}}
    for name, path in out["paths"].items():
        contract = contractlens.segment(path, ocr=OcrOptions(jobs=2, cache=cache))
        out[name] = (contract, scan_contract(contract, pack, evidence=5))
    return out


def outline(contract):
    return [(u.kind, u.number, u.heading, u.level, u.page_start, u.page_end) for u in contract.units]


def findings(result):
    return [(p.id, p.status, [(e.citation, e.page) for e in p.evidence[:1]]) for p in result.practices]


def test_scan_reads_into_the_same_outline_as_the_text(docs):
    text, scan = docs["text"][0], docs["scan"][0]
    assert len(text.units) > 20
    assert outline(scan) == outline(text)
    assert [r.page for r in scan.source.ocr] == [1, 2, 3, 4, 5]
    assert all(r.engine.startswith("tesseract ") and r.confidence > 0.85 for r in scan.source.ocr)
    assert {r.reason for r in scan.source.ocr} == {"no text layer"}
    assert not text.source.ocr


def test_scan_gives_the_same_findings(docs):
    text, scan = docs["text"][1], docs["scan"][1]
    assert sum(p.status == "present" for p in text.practices) >= 5
    assert findings(scan) == findings(text)
    present = [p for p in scan.practices if p.status == "present"]
    assert all(e.ocr is not None and e.ocr.page == e.page for p in present for e in p.evidence)
    assert all(e.ocr is None for p in text.practices for e in p.evidence)


def test_sideways_page_is_turned_and_read(docs):
    page = PAGES.index(TURNED) + 1
    text, scan = docs["text"][0], docs["scan"][0]
    assert scan.source.reading(page).confidence > 0.85
    on_page = [u.number for u in text.units if u.page_start == page]
    assert on_page and on_page == [u.number for u in scan.units if u.page_start == page]


def test_mixed_pdf_reads_only_its_scanned_pages(docs):
    mixed, text = docs["mixed"][0], docs["text"][0]
    assert [r.page for r in mixed.source.ocr] == [1, 3, 5]  # 2 and 4 kept their text layer; 6 is blank
    assert len(mixed.pages) == len(PAGES) + 1
    assert outline(mixed) == outline(text)
    assert findings(docs["mixed"][1]) == findings(docs["text"][1])


def test_blank_scanned_page_is_skipped_not_an_error(docs, monkeypatch):
    from contractlens.ingest import OcrOptions, read_document

    counter = Counter(monkeypatch)
    raw = read_document(docs["paths"]["mixed"], ocr=OcrOptions(cache=docs["cache"]))
    assert raw.pages[-1].text == "" and raw.pages[-1].reading is None
    assert counter.pages == 0  # the scanned pages come from the cache; the blank one is never recognised


def test_a_second_read_does_no_ocr(docs, monkeypatch):
    from contractlens.ingest import OcrOptions, read_document

    counter = Counter(monkeypatch)
    raw = read_document(docs["paths"]["scan"], ocr=OcrOptions(cache=docs["cache"]))
    assert counter.pages == 0
    assert [r.confidence for r in raw.source.ocr] == [r.confidence for r in docs["scan"][0].source.ocr]
    assert "\n".join(p.text for p in raw.pages).count("Article") >= 3


def test_ocr_never_and_always(docs):
    from contractlens.errors import InputError
    from contractlens.ingest import OcrOptions, read_document

    with pytest.raises(InputError, match="no text layer on any of its 5 pages .*run OCR on it first"):
        read_document(docs["paths"]["scan"], ocr="never")
    raw = read_document(docs["paths"]["mixed"], ocr=OcrOptions(mode="always", cache=docs["cache"]))
    assert [r.page for r in raw.source.ocr] == [1, 2, 3, 4, 5]  # the text pages too, but not the blank one
    assert {r.reason for r in raw.source.ocr if r.page in (2, 4)} == {"--ocr always"}


def test_garbled_text_layer_is_replaced(tmp_path):
    """A scan with an earlier, useless OCR layer behind the image: read it again."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    import contractlens
    from contractlens.ingest import OcrOptions

    scan = rasterize(SAMPLES / "reform.pdf", tmp_path / "p5.pdf", pages=[5], dpi=200)
    image = tmp_path / "p5.png"
    import pypdfium2 as pdfium
    pdfium.PdfDocument(str(scan))[0].render(scale=200 / 72).to_pil().save(image)
    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.image(str(image), x=0, y=0, w=pdf.w, h=pdf.h)
    pdf.set_font("helvetica", size=10)
    pdf.text_mode = TextMode.INVISIBLE
    for n in range(30):
        pdf.text(10, 10 + n * 8, "qxzv brrk ttlp mnwq zzkd vlqr pqxn hjjk wwvt")
    pdf.output(str(tmp_path / "garbled.pdf"))
    contract = contractlens.segment(tmp_path / "garbled.pdf", ocr=OcrOptions(cache=None))
    assert [(r.page, r.reason) for r in contract.source.ocr] == [(1, "garbled text layer")]
    assert "qxzv" not in contract.text
    assert "joint" in contract.text.lower() and len(contract.text.split()) > 100


def test_cli_marks_ocr_pages_and_evidence(docs, cli, monkeypatch):
    import shutil

    xdg = docs["tmp"] / "xdg"
    (xdg / "contractlens").mkdir(parents=True)
    shutil.copy(docs["cache"], xdg / "contractlens" / "results.sqlite")  # the pages read already
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    counter = Counter(monkeypatch)
    path = docs["paths"]["mixed"]
    out = cli("segment", path, "--format", "json", "--jobs", "2")
    assert out.code == 0, out
    data = json.loads(out.out)
    assert [r["page"] for r in data["ocr_pages"]] == [1, 3, 5]
    assert {u["ocr"] for u in data["units"] if u["page_start"] == u["page_end"] == 2} == {False}
    assert {u["ocr"] for u in data["units"] if u["page_start"] == u["page_end"] == 1} == {True}
    out = cli("scan", path, "--format", "json")
    (data,) = json.loads(out.out)["results"]
    assert data["ocr_pages"][0]["engine"].startswith("tesseract")
    ev = [e for p in data["practices"] for e in p["evidence"] if e["unit"]]
    assert ev and all((e["ocr"] is not None) == (e["page"] in (1, 3, 5)) for e in ev)
    table = cli("scan", path)
    assert table.code == 0 and "OCR 9" in table.out  # "p. 3 · OCR 96%"
    assert "were read by OCR (tesseract" in table.out
    assert counter.pages == 0  # the CLI found them in the results database's page cache


def test_without_an_engine_scans_give_todays_error(docs, cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "tesserocr", None)  # import fails
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    path = docs["paths"]["scan"]
    for args in ((), ("--ocr", "never")):
        result = cli("segment", path, *args)
        assert result.code == 3, result
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.err
        assert f"{path}: has no text layer on any of its 5 pages (a scanned PDF?); run OCR on it first" in lines[0]
    assert "pip install tesserocr" in cli("segment", path).err
    result = cli("segment", path, "--ocr", "always")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert "--ocr always: no OCR engine is available" in result.err
    # a mixed PDF still reads its text pages and says what is missing
    mixed = cli("segment", docs["paths"]["mixed"], "--format", "json")
    assert mixed.code == 0
    assert not json.loads(mixed.out)["ocr_pages"]


def test_compare_batch_with_scans_rejects_none_and_reruns_without_ocr(docs, cli, monkeypatch):
    import shutil

    batch = docs["tmp"] / "batch"
    batch.mkdir()
    rasterize(docs["paths"]["text"], batch / "scan.pdf", dpi=200, pages=[1])  # = page 1 of mixed.pdf
    shutil.copy(docs["paths"]["mixed"], batch / "mixed.pdf")
    shutil.copy(SAMPLES / "thin.pdf", batch / "thin.pdf")
    db = docs["tmp"] / "batch.sqlite"
    counter = Counter(monkeypatch)
    first = cli("compare", batch, "--db", db, "--jobs", "1", "--format", "json")
    assert first.code == 0, first
    rows = json.loads(first.out)
    assert {r["path"].rsplit("/", 1)[-1] for r in rows} == {"scan.pdf", "mixed.pdf", "thin.pdf"}
    recognised = counter.pages
    # mixed.pdf first: its three scanned pages; scan.pdf is the same image as its first (cached)
    assert recognised == 3
    again = cli("compare", batch, "--db", db, "--jobs", "1", "--format", "json")
    assert again.code == 0 and counter.pages == recognised
    assert json.loads(again.out) == rows


# -- the pieces ----------------------------------------------------------------------------------

def test_text_layer_check():
    from contractlens.ingest.quality import GARBLED, NO_TEXT, text_layer_problem

    good = ("The Board and the Association agree that teachers shall be evaluated each year by a joint "
            "committee of teachers and administrators, and that the results shall be shared with the "
            "teacher within ten days of the observation and before any decision is made. ") * 2
    assert text_layer_problem(good) is None
    assert text_layer_problem("") == NO_TEXT
    assert text_layer_problem(" 12 \n") == NO_TEXT
    assert text_layer_problem("\ufffd" * 30 + good[:100]) == GARBLED
    assert text_layer_problem("\ue000\ue011\ue022 " * 10 + good[:60]) == GARBLED
    assert text_layer_problem("qxzv brrk ttlp mnwq zzkd vlqr pqxn hjjk " * 5) == GARBLED
    salary = "Step BA BA+15 MA MA+30\n" + "\n".join(f"{n} 41,{n:03d} 43,{n:03d} 45,210 47,880" for n in range(20))
    assert text_layer_problem(salary) is None  # numbers are text too
    names = "Signed Maria Lopez Kenji Watanabe Priya Raman Tomasz Nowak President Secretary Treasurer " * 3
    assert text_layer_problem(names) is None  # few words: not judged by their shape


def test_ocr_confidence_discount():
    from contractlens.ingest.quality import FLOOR, ocr_factor
    from contractlens.models import PageReading

    def r(c):
        return PageReading(1, "ocr", "tesseract 5", c, "no text layer")

    assert ocr_factor(None) == 1.0
    assert ocr_factor(r(0.95)) == 1.0 and ocr_factor(r(0.85)) == 1.0
    assert 0.6 < ocr_factor(r(0.7)) < ocr_factor(r(0.8)) < 1.0
    assert ocr_factor(r(0.2)) == FLOOR


def test_normalise_section_numbers_and_leaders():
    from contractlens.ingest.ocr import normalise

    assert normalise("1:1 Purpose of the Agreement") == "1.1 Purpose of the Agreement"
    assert normalise("Section 4:2 Release time") == "Section 4.2 Release time"
    assert normalise("12:3 Leave") == "12.3 Leave"
    assert normalise("8:30 a.m. is the start") == "8:30 a.m. is the start"
    assert normalise("begins at 1:1 ratio") == "begins at 1:1 ratio"  # not at the start of a line
    assert normalise("PREAMBLE ssecsssverexosoasneeceavaverrsesecesewvonneser 1") == "PREAMBLE ........ 1"
    assert normalise("Article I - RECOGNITION. .........ccccescecceesesen 1") == "Article I - RECOGNITION ........ 1"
    assert normalise("Teachers may take leave 3") == "Teachers may take leave 3"
    # a heading's roman numeral read with a lower-case l, a frame edge read as a bar
    assert normalise("ARTICLE Xl — WAGES") == "ARTICLE XI — WAGES"
    assert normalise("ARTICLE XVII|—Term of Agreement") == "ARTICLE XVII —Term of Agreement"
    assert normalise("Article Il: Scope") == "Article II: Scope"
    assert normalise("the Xl team | — met") == "the Xl team | — met"  # not a heading
    assert normalise("Article X - LEAVES ... vee 7") == "Article X - LEAVES ........ 7"


def test_assemble_puts_hanging_numbers_back_on_their_line():
    from contractlens.ingest.ocr import assemble
    from contractlens.ingest.ocr_engines import Line

    lines = [Line("A VOLUNTARY TRANSFER is one which", 300, 100, 1800, 140, 0.95, 6),
             Line("8.1.1", 100, 104, 200, 138, 0.9, 1),
             Line("is initiated upon application.", 300, 160, 1200, 200, 0.93, 4),
             Line("8.1.2", 100, 230, 200, 266, 0.9, 1),
             Line("An INVOLUNTARY TRANSFER is one", 300, 226, 1700, 268, 0.97, 5),
             Line("~", 900, 900, 910, 910, 0.1, 1)]
    text, confidence = assemble(lines)
    assert text.split("\n") == ["8.1.1 A VOLUNTARY TRANSFER is one which", "is initiated upon application.",
                                "8.1.2 An INVOLUNTARY TRANSFER is one"]
    assert confidence == pytest.approx((0.95 * 6 + 0.9 + 0.93 * 4 + 0.9 + 0.97 * 5) / 17)


def test_page_cache_round_trip(tmp_path):
    from contractlens.ingest.ocr_cache import PageTextCache, open_cache, page_key

    key = page_key(b"\x00\xff" * 10, (10, 2), 200, "tesseract 5.5.4")
    assert key != page_key(b"\x00\xff" * 10, (10, 2), 200, "tesseract 5.5.5")
    assert key != page_key(b"\x00\xff" * 10, (10, 2), 300, "tesseract 5.5.4")
    cache = PageTextCache(tmp_path / "r.sqlite")
    assert cache.get(key) is None
    cache.put(key, "tesseract 5.5.4", "Article 1", 0.93, 90)
    assert cache.get(key) == ("Article 1", 0.93, 90)
    cache.close()
    again, note = open_cache(tmp_path / "r.sqlite")
    assert note is None and again.get(key) == ("Article 1", 0.93, 90) and again.count() == 1
    again.close()
    (tmp_path / "file").write_text("x")
    broken, note = open_cache(tmp_path / "file" / "r.sqlite")
    assert broken is None and "cannot be used" in note


class _FullDisk:
    """A cache connection on a disk that has filled up: reads work, every write fails as
    SQLite reports ENOSPC (SQLITE_FULL, "database or disk is full")."""

    def __init__(self, db):
        self.db = db
        self.writes = 0

    def execute(self, sql, *args):
        if sql.lstrip().upper().startswith("INSERT"):
            self.writes += 1
            raise sqlite3.OperationalError("database or disk is full")
        return self.db.execute(sql, *args)

    def __enter__(self):
        return self.db.__enter__()

    def __exit__(self, *exc):
        return self.db.__exit__(*exc)

    def close(self):
        self.db.close()


def test_ocr_cache_on_a_full_disk_reads_on_without_caching(docs, tmp_path, monkeypatch):
    from contractlens.ingest import OcrOptions, read_document
    from contractlens.ingest import ocr_cache

    good = read_document(docs["paths"]["scan"], ocr=OcrOptions(cache=docs["cache"]))  # from the working cache
    made = []
    opened = ocr_cache.PageTextCache.__init__

    def on_full_disk(self, path):
        opened(self, path)
        self.db = _FullDisk(self.db)
        made.append(self)

    monkeypatch.setattr(ocr_cache.PageTextCache, "__init__", on_full_disk)
    monkeypatch.setattr(ocr_cache.PageTextCache, "get", lambda self, key: None)  # a new, empty cache
    raw = read_document(docs["paths"]["scan"], ocr=OcrOptions(cache=tmp_path / "full.sqlite"))
    # The scan went on: every page read, the same text as with a working cache.
    assert [p.text for p in raw.pages] == [p.text for p in good.pages]
    assert made[0].db.writes == 1  # the first failed write stops caching; no page is tried again
    notes = [w for w in raw.warnings if "OCR page cache" in w]
    assert len(notes) == 1 and "could not be written (the disk is full)" in notes[0], raw.warnings
    assert "without caching" in notes[0] and str(tmp_path / "full.sqlite") in notes[0]


def test_page_cache_put_on_a_full_disk(tmp_path):
    from contractlens.ingest.ocr_cache import PageTextCache

    cache = PageTextCache(tmp_path / "r.sqlite")
    assert cache.put("a", "tesseract 5.5.4", "Article 1", 0.9, 0) and cache.note() is None
    pages = cache.db.execute("PRAGMA page_count").fetchone()[0]
    cache.db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: a full disk
    assert not cache.put("b", "tesseract 5.5.4", "x" * 200_000, 0.9, 0)
    assert "the disk is full" in cache.note()
    assert cache.get("a") == ("Article 1", 0.9, 0) and cache.get("b") is None  # rolled back, the rest intact
    cache.close()


def test_engine_choice(monkeypatch):
    from contractlens.ingest.ocr_engines import OcrUnavailable, RapidOcr, Tesseract, engine_class

    assert engine_class() is Tesseract
    monkeypatch.setitem(sys.modules, "tesserocr", None)
    with pytest.raises(OcrUnavailable, match="tesseract is not installed"):
        engine_class("tesseract")
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
        with pytest.raises(OcrUnavailable, match="no OCR engine is available: .*pip install tesserocr"):
            engine_class()
    else:
        assert engine_class() is RapidOcr  # the second engine, picked when the first is missing
    with pytest.raises(OcrUnavailable, match="unknown OCR engine 'abby'"):
        engine_class("abby")


@needs_contracts
def test_real_scanned_amendment_reads_into_an_outline(tmp_path):
    import contractlens
    from contractlens.ingest import OcrOptions
    from contractlens.rules import load_pack
    from contractlens.scanner import scan_contract

    path = CONTRACTS / "scanned" / "dayton_oh_2019_dea_cba_amendments.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    contract = contractlens.segment(path, ocr=OcrOptions(jobs=2, cache=tmp_path / "c.sqlite"))
    assert len(contract.source.ocr) == 5 and min(r.confidence for r in contract.source.ocr) > 0.85
    # "Article 19.02.1: Building Leadership Team" is a heading form the structure stage does not
    # know yet (in a text file either), so the outline is one unit per page for now
    assert len(contract.units) >= 5 and contract.coverage > 0.9
    assert "Article 19.02.1: Building Leadership Team" in contract.text
    result = scan_contract(contract, load_pack("handbook"))
    # The Building Leadership Team's article is read from the OCR text; the issue-10 rules rate it
    # weak (its decision powers sit in the next paragraphs), the earlier rules present.
    sbm = result.practice("site_based_management")
    assert sbm.status in ("present", "weak") and sbm.evidence[0].ocr is not None
    assert "Building Leadership Team" in sbm.evidence[0].quote
