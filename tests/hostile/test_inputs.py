"""Input files that are not what they claim to be, or are built to exhaust the reader."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from .conftest import POLICY, SAMPLES, assert_clean_error, run_cli, snapshot
from .measure import run_measured

COMMANDS = [("scan",), ("segment",)]


def _docx(path: Path, document_xml: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", document_xml)
    return path


def _docx_bomb(path: Path, mib: int) -> Path:
    """A small zip whose document.xml inflates to `mib` MiB, streamed so the test stays light
    (deflate level 1: 4.5 MB for 1 GiB, written in a third of the time level 6 takes)."""
    head = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            block = b"A" * (1 << 20)
            for _ in range(mib):
                member.write(block)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


BAD_FILES = {
    "empty.txt": lambda p: p.write_bytes(b""),
    "blank.txt": lambda p: p.write_text("\n\n   \n"),
    "latin1.txt": lambda p: p.write_bytes("Article 1 \u00e9t\u00e9\n".encode("latin-1") + b"\xff\xfe" * 10),
    "binary.txt": lambda p: p.write_bytes(os.urandom(4096)),
    "fake.pdf": lambda p: p.write_text("this is not a PDF\n"),
    "truncated.pdf": lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"),
    "fake.docx": lambda p: p.write_text("not a zip"),
    "nodocument.docx": lambda p: zipfile.ZipFile(p, "w").writestr("hello.txt", "hi"),
    "badxml.docx": lambda p: _docx(p, b"<w:document><unclosed"),
    "photo.png": lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64)),
    "noextension": lambda p: p.write_bytes(os.urandom(64)),
}


@pytest.mark.parametrize("command", ["scan", "segment"])
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_file_is_one_line_exit_3(work, command, name):
    BAD_FILES[name](work / name)
    before = snapshot(work)
    run = run_cli(command, name, cwd=work)
    assert_clean_error(run, 3, name)
    assert snapshot(work) == before


def test_missing_file(work):
    assert_clean_error(run_cli("scan", "nowhere.pdf", cwd=work), 3, "nowhere.pdf")


def test_directory_as_input(work):
    (work / "folder.txt").mkdir()
    assert_clean_error(run_cli("scan", "folder.txt", cwd=work), 3, "folder.txt")


@pytest.mark.parametrize("command", ["scan", "segment", "check"])
def test_unreadable_permission_is_input_error_not_usage(work, command):
    secret = work / "secret.txt"
    secret.write_bytes((work / "good.txt").read_bytes())
    secret.chmod(0)
    extra = ["--policy", str(POLICY)] if command == "check" else []
    try:
        run = run_cli(command, "secret.txt", *extra, cwd=work, env={"HOSTILE_DENY_READ": str(secret)})
        assert_clean_error(run, 3, "secret.txt")
    finally:
        secret.chmod(0o600)


def test_fifo_is_refused_not_read(work):
    os.mkfifo(work / "pipe.txt")
    assert_clean_error(run_cli("scan", "pipe.txt", cwd=work, timeout=20), 3, "pipe.txt")


def test_fifo_among_good_files_in_compare(work):
    os.mkfifo(work / "pipe.txt")
    run = run_cli("compare", "good.txt", "pipe.txt", "--db", "r.db", "-j", "1", cwd=work, timeout=30)
    assert run.code == 4, run
    assert "pipe.txt" in run.err and "1 contracts" in run.out


def test_dev_zero_behind_a_text_name(work):
    os.symlink("/dev/zero", work / "zero.txt")
    assert_clean_error(run_cli("scan", "zero.txt", cwd=work), 3, "zero.txt")


def test_fifo_in_segment(work):
    os.mkfifo(work / "pipe.md")
    assert_clean_error(run_cli("segment", "pipe.md", cwd=work, timeout=20), 3, "pipe.md")


@pytest.mark.parametrize("mib", [200, 1024])
def test_docx_zip_bomb_is_refused_quickly(work, mib):
    _docx_bomb(work / "bomb.docx", mib)
    run = run_cli("scan", "bomb.docx", cwd=work)
    assert_clean_error(run, 3, "bomb.docx")


def _findings(out: str) -> list:
    practices = json.loads(out)["results"][0]["practices"]
    return [(p["id"], p["status"], [e["quote"] for e in p["evidence"]]) for p in practices]


def test_very_long_single_line_text(work):
    # A contract on one line, sixteen times over: 1.06 million characters in one unit, past
    # spaCy's 1,000,000-character limit (E088, an internal error before issue 15). The unit is
    # matched in pieces cut where sentences end; quotes stay the file's own words.
    line = " ".join((SAMPLES / "reform.txt").read_text(encoding="utf-8").split())
    (work / "once.txt").write_text(line)
    (work / "oneline.txt").write_text(" ".join([line] * 16))
    assert len((work / "oneline.txt").read_text()) > 1_000_000
    run, peak = run_measured("scan", "oneline.txt", "-f", "json", cwd=work)
    assert run.code == 0 and "Traceback" not in run.err, (run.code, run.err[-2000:])
    once = run_cli("scan", "once.txt", "-f", "json", cwd=work)
    # The same practices, statuses and quotes as one copy of the text read as one unit.
    assert _findings(run.out) == _findings(once.out)
    assert sum(status == "present" for _, status, _ in _findings(run.out)) >= 10
    assert peak < 1024, f"peak memory {peak:.0f} MiB"


def test_one_bad_file_among_good_in_scan(work):
    (work / "empty.txt").write_bytes(b"")
    run = run_cli("scan", "good.txt", "empty.txt", cwd=work)
    assert run.code == 4, run
    assert "empty.txt" in run.err and "Traceback" not in run.err


def test_one_bad_file_among_good_in_compare(work):
    (work / "fake.pdf").write_text("not a pdf")
    run = run_cli("compare", "good.txt", "fake.pdf", "--db", "r.db", "-j", "1", cwd=work)
    assert run.code == 4, run
    assert "fake.pdf" in run.err and "Traceback" not in run.err
