"""Every kind of bad input: one line on stderr naming the file, exit code 3, no traceback."""

from __future__ import annotations

import io
import zipfile

import pytest
from fpdf import FPDF

from conftest import SAMPLES


def _pdf(path, pages: int = 2, text: str | None = "Article 1 Recognition", **encryption) -> None:
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        if text:
            pdf.set_font("helvetica", size=12)
            pdf.cell(text=text)
        else:
            pdf.rect(20, 20, 150, 200, style="F")  # a scanned page: ink, no text
    if encryption:
        pdf.set_encryption(**encryption)
    pdf.output(str(path))


def assert_input_error(result, path, *phrases):
    assert result.code == 3, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("contractlens: error: ")
    assert str(path) in lines[0]
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    assert "Traceback" not in result.err


def test_encrypted_pdf_needs_password(cli, tmp_path):
    path = tmp_path / "locked.pdf"
    _pdf(path, owner_password="owner", user_password="secret")
    assert_input_error(cli("segment", path), path, "encrypted", "--password")
    assert_input_error(cli("segment", path, "--password", "wrong"), path, "password given is wrong")
    ok = cli("segment", path, "--password", "secret", "--format", "json")
    assert ok.code == 0, ok


def test_owner_only_password_opens(cli, tmp_path):
    path = tmp_path / "owner.pdf"
    _pdf(path, owner_password="owner")
    assert cli("segment", path).code == 0


def test_scanned_pdf_without_text_layer(cli, tmp_path):
    path = tmp_path / "scan.pdf"
    _pdf(path, pages=3, text=None)
    assert_input_error(cli("segment", path), path, "no text layer", "3 pages", "OCR")


def test_partly_scanned_pdf_warns_with_pages(tmp_path):
    import contractlens

    path = tmp_path / "partly.pdf"
    pdf = FPDF()
    for n in range(10):
        pdf.add_page()
        if n < 6:
            pdf.set_font("helvetica", size=12)
            pdf.cell(text=f"ARTICLE {n + 1} - Recognition")
    pdf.output(str(path))
    contract = contractlens.segment(path)
    assert any("4 of 10 pages have no text layer" in w and "7-10" in w for w in contract.warnings)


@pytest.mark.parametrize("cut", [0.5, 0.1])
def test_truncated_pdf(cli, tmp_path, cut):
    data = (SAMPLES / "thin.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    assert_input_error(cli("segment", path), path, "damaged or truncated")


def test_corrupt_pdf(cli, tmp_path):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    assert_input_error(cli("segment", path), path, "not a readable PDF")


def test_renamed_file_is_not_a_pdf(cli, tmp_path):
    path = tmp_path / "contract.pdf"
    path.write_text("ARTICLE 1 RECOGNITION\nThe Board recognizes the Association.\n")
    assert_input_error(cli("segment", path), path, "is not a PDF")


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_empty_file(cli, tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert_input_error(cli("segment", path), path, "is empty")


@pytest.mark.parametrize("name,data,phrase", [
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Word 97-2003"),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG image"),
    ("contract.rtf", b"{\\rtf1\\ansi Article 1}", "RTF"),
    ("blob.bin", b"\x00\x01\x02\x03" * 300, "unsupported type"),
])
def test_unsupported_types(cli, tmp_path, name, data, phrase):
    path = tmp_path / name
    path.write_bytes(data)
    assert_input_error(cli("segment", path), path, phrase)


def test_zip_that_is_not_a_word_document(cli, tmp_path):
    path = tmp_path / "drafts.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "hello")
    path.write_bytes(buf.getvalue())
    assert_input_error(cli("segment", path), path, "zip archive")


def test_damaged_docx(cli, tmp_path):
    path = tmp_path / "draft.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<not xml")
    path.write_bytes(buf.getvalue())
    assert_input_error(cli("segment", path), path, "not a readable .docx")


def test_text_that_is_not_utf8(cli, tmp_path):
    path = tmp_path / "agreement.txt"
    path.write_bytes("ARTICLE 1 \u2013 RECOGNITION\nThe Board\u2019s rights.\n".encode("cp1252"))
    assert_input_error(cli("segment", path), path, "not UTF-8", "--encoding")
    ok = cli("segment", path, "--encoding", "cp1252", "--format", "json")
    assert ok.code == 0 and "RECOGNITION" in ok.out


def test_unknown_encoding(cli, tmp_path):
    path = tmp_path / "agreement.txt"
    path.write_text("ARTICLE 1\n")
    assert_input_error(cli("segment", path, "--encoding", "klingon"), path, "unknown text encoding")


def test_directory(cli, tmp_path):
    assert_input_error(cli("segment", tmp_path), tmp_path, "is a directory")


def test_missing_path(cli, tmp_path):
    path = tmp_path / "nowhere.pdf"
    assert_input_error(cli("segment", path), path, "no such file")


def test_usage_errors_exit_2(cli):
    assert cli("segment").code == 2
    assert cli("segment", "x.pdf", "--format", "xml").code == 2
    assert cli("no-such-command").code == 2
