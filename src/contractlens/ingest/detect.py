"""Tell a file's format from its bytes, falling back to its extension."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import InputError

MARKDOWN_SUFFIXES = {".md", ".markdown"}

# Formats users try that we recognise but cannot read: what to do instead.
UNSUPPORTED = {
    b"\xd0\xcf\x11\xe0": "is a Word 97-2003 (.doc) or other legacy Office file; save it as .docx or PDF",
    b"{\\rtf": "is an RTF file; save it as .docx or PDF",
    b"\x89PNG": "is a PNG image; OCR it to a PDF with a text layer first",
    b"\xff\xd8\xff": "is a JPEG image; OCR it to a PDF with a text layer first",
    b"II*\x00": "is a TIFF image; OCR it to a PDF with a text layer first",
    b"MM\x00*": "is a TIFF image; OCR it to a PDF with a text layer first",
}


MAX_UNZIPPED_BYTES = 100 * 2**20  # a 1,000-page Word agreement unpacks to about 10 MB


def detect_format(path: Path, data: bytes) -> str:
    """Return ``pdf``, ``docx``, ``markdown`` or ``text``; raise if unsupported."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    for magic, problem in UNSUPPORTED.items():
        if head.startswith(magic):
            raise InputError(path, problem)
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(path, data)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise InputError(path, "is not a PDF (no %PDF header): damaged, or another format renamed")
    if suffix == ".docx":
        raise InputError(path, "is not a Word .docx file (not a zip package): damaged or renamed")
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise InputError(path, f"is a binary file of an unsupported type ({suffix or 'no extension'}); "
                               "contractlens reads PDF, .docx, .txt and .md")
    return "text"


def _zip_format(path: Path, data: bytes) -> str:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise InputError(path, "is a damaged or truncated zip/.docx file") from None
    # The sizes in the zip directory are what the reader would inflate; a tiny file that
    # claims hundreds of megabytes is a zip bomb, not a contract.
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNZIPPED_BYTES:
        raise InputError(path, f"unpacks to {unpacked / 2**20:,.0f} MB, more than the "
                               f"{MAX_UNZIPPED_BYTES // 2**20} MB a .docx contract can hold; not read")
    names = {m.filename for m in members}
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        raise InputError(path, "is an OpenDocument file; save it as .docx or PDF")
    raise InputError(path, "is a zip archive, not a contract; unpack it and pass the files inside")


def _looks_utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")
