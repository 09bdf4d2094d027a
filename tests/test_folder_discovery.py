"""What counts as a contract in a folder, and each agreement once."""

from __future__ import annotations

import csv
import io
import shutil

from conftest import SAMPLES

from contractlens import discover
from contractlens.duplicates import SAME, fingerprint, groups, resemblance, richness

LEASE = ("The employer shall provide each teacher a duty free lunch period of thirty minutes and a planning period "
         "of forty five minutes on every full day of instruction, scheduled by the principal. ") * 8
OTHER = ("Grievances shall be presented in writing within twenty school days of the event, and the principal shall "
         "answer within ten days; unresolved matters may go to binding arbitration. ") * 8


def test_a_folder_yields_supported_types_minus_readme_ignored_and_excluded(tmp_path):
    for name in ("a.pdf", "b.txt", "c.docx", "notes.csv", "README.md", "LICENSE.txt", "drafts/old.txt",
                 "drafts/keep.md", "archive/x.pdf"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / ".contractlensignore").write_text("# old drafts\ndrafts/old.txt\n")
    found = discover.folder(tmp_path, ("archive/",))
    assert [f.relative_to(tmp_path).as_posix() for f in found.files] == ["a.pdf", "b.txt", "c.docx", "drafts/keep.md"]
    notes = "\n".join(found.notes)
    assert "README.md: skipped (a README" in notes and "LICENSE.txt: skipped (a LICENSE" in notes
    assert "old.txt: skipped (excluded)" in notes and "x.pdf: skipped (excluded)" in notes
    assert "notes.csv" not in notes  # unsupported types are not contracts at all


def test_the_same_text_with_a_footer_is_one_document_and_different_text_is_not():
    a, b = fingerprint(LEASE + OTHER), fingerprint(LEASE + OTHER + " Page 3 of 9. Fictional sample.")
    assert resemblance(a, b) >= SAME
    assert resemblance(a, fingerprint(OTHER + " arbitration costs are shared")) < SAME
    assert resemblance(a, ()) == 0.0
    assert groups([("s1", a), ("s2", b), ("s3", fingerprint(OTHER)), ("s3", ())]) == [[0, 1], [2, 3]]


def test_the_richest_copy_is_kept():
    assert richness("pdf", 28) < richness("docx", 1) < richness("text", 1)
    assert richness("pdf", 30) < richness("pdf", 2)


def test_compare_sample_contracts_lists_each_agreement_once(cli, tmp_path):
    result = cli("compare", "--db", tmp_path / "r.sqlite", "-f", "csv", SAMPLES)
    assert result.code == 0, result
    rows = list(csv.DictReader(io.StringIO(result.out)))
    paths = sorted({r["path"].rsplit("/", 1)[-1] for r in rows})
    assert paths == ["mou.pdf", "reform.pdf", "thin.pdf", "traditional.pdf"]
    assert len({r["district"] for r in rows}) == 4 and "README" not in result.out
    assert "README.md: skipped" in result.err
    assert "reform.docx: duplicate of" in result.err and "reform.txt: duplicate of" in result.err


def test_exclude_and_byte_identical_copies(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "thin.txt", folder / "thin.txt")
    shutil.copy(SAMPLES / "thin.txt", folder / "thin copy.txt")
    shutil.copy(SAMPLES / "mou.txt", folder / "mou.txt")
    result = cli("compare", "--db", tmp_path / "r.sqlite", "-f", "csv", "--exclude", "mou.*", folder)
    assert result.code == 0, result
    paths = {r["path"].rsplit("/", 1)[-1] for r in csv.DictReader(io.StringIO(result.out))}
    assert len(paths) == 1 and "mou.txt" not in paths
    assert "duplicate of" in result.err and "(the same file)" in result.err and "mou.txt: skipped (excluded)" in result.err


def test_a_failed_file_is_a_row_with_its_reason_in_csv_and_json(cli, tmp_path):
    import json

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "thin.txt", folder / "thin.txt")
    (folder / "brokenville_oh_2030_cba.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    db = tmp_path / "r.sqlite"
    result = cli("compare", "--db", db, "-f", "csv", folder)
    assert result.code != 0  # partial: one file failed
    rows = list(csv.DictReader(io.StringIO(result.out)))
    failed = [r for r in rows if r["status"] == "failed"]
    assert len(failed) == 1 and failed[0]["district"] == "Brokenville" and failed[0]["state"] == "OH"
    assert failed[0]["reason"] and failed[0]["path"].endswith("brokenville_oh_2030_cba.pdf")
    assert len(rows) == 22 and all(r["reason"] == "" for r in rows if r["status"] != "failed")
    records = json.loads(cli("compare", "--db", db, "-f", "json", folder).out)
    assert [r["reason"] != "" for r in records].count(True) == 1


def test_xlsx_has_a_sheet_per_view_and_reads_back(cli, tmp_path):
    openpyxl = __import__("pytest").importorskip("openpyxl")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "thin.txt", folder / "thin.txt")
    shutil.copy(SAMPLES / "mou.txt", folder / "mou.txt")
    (folder / "brokenville_oh_2030_cba.pdf").write_bytes(b"%PDF-1.4 not a pdf")
    out = tmp_path / "out.xlsx"
    result = cli("compare", "--db", tmp_path / "r.sqlite", "-o", out, folder)  # the extension picks the format
    assert out.is_file() and "wrote" in result.err, result
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["matrix", "evidence", "failures"]
    matrix = list(book["matrix"].values)
    assert matrix[0][:5] == ("district", "state", "term", "path", "present") and len(matrix[0]) == 5 + 21
    assert len(matrix) == 1 + 2 + 1 and matrix[-1][0] == "total present"
    for col in range(5, 26):  # each total is the count of present cells above it
        assert matrix[-1][col] == sum(1 for row in matrix[1:-1] if row[col] == "present")
    evidence = list(book["evidence"].values)
    assert len(evidence) > 1 and all(row[7] for row in evidence[1:])
    failures = list(book["failures"].values)
    assert [(r[1], r[2]) for r in failures[1:]] == [("Brokenville", "failed")] and failures[1][3]
