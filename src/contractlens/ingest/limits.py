"""Reading an input file's bytes without hanging or exhausting memory.

A pipe, a device or a socket given as a contract would block or never end, so only
regular files are read; a file past the size limit is refused before it is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import InputError

# The largest real agreement we know of is a 60 MB scanned PDF; 1 GB leaves room and keeps
# one worker's memory bounded.
MAX_INPUT_BYTES = 2**30
# Text (anything that is not a PDF or a zip package, whatever its name) costs memory by the
# character all the way through: decoded, cleaned, outlined, matched. The longest text
# agreement we know of is 2 MB and a 5,000-page PDF holds about 17 MB of text (it scans in
# 510 MB). A 50 MB text file on one line took 950 MB before it was matched; 32 MB keeps a
# scan under 1 GB. A larger text file, or a sparse one, is refused unread.
MAX_TEXT_BYTES = 32 * 2**20


def read_input_bytes(path: Path, limit: int = MAX_INPUT_BYTES, text_limit: int = MAX_TEXT_BYTES) -> bytes:
    """The file's bytes, or an InputError saying in one line why it cannot be read."""
    info = require_regular_file(path)
    if info.st_size > limit:
        raise InputError(path, f"is {info.st_size / 2**20:,.0f} MB, more than the {limit // 2**20:,} MB "
                               "contractlens reads; split it")
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
            if not (b"%PDF-" in head or head.startswith(b"PK\x03\x04")):
                if info.st_size > text_limit:
                    raise InputError(path, f"is {info.st_size / 2**20:,.0f} MB and not a PDF or .docx: more than "
                                           f"the {text_limit // 2**20:,} MB of text contractlens reads; split it")
                limit = text_limit
            data = head + handle.read(limit + 1 - len(head))
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:  # grew while we read it
        raise InputError(path, f"is more than the {limit // 2**20:,} MB contractlens reads; split it")
    return data


def require_regular_file(path: Path) -> os.stat_result:
    """Stat ``path`` and refuse anything but a regular file, before anything opens it."""
    try:
        info = path.stat()  # follows symlinks: /dev/zero behind a .txt name is a device
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a directory, not a contract file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, f"is {_kind(info.st_mode)}, not a regular file; save it to a file first")
    return info


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
