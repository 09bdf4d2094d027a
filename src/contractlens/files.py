"""Writing output files without ever leaving half of one behind or touching a user's file, and
where contractlens keeps its own (the results database, with the OCR page cache)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import ConfigError


def write_atomically(path: str | Path, text: str | bytes) -> None:
    """Write through a uniquely named temporary file in the target's directory, fsynced, then
    renamed over the target; on any failure the temporary file is removed and the target is as
    it was. A fixed name such as NAME.tmp would destroy a user's file of that name."""
    target = Path(path)
    directory = target.parent
    if not directory.is_dir():
        raise ConfigError(f"{target}: cannot write: the directory {directory} does not exist")
    if target.is_dir():
        raise ConfigError(f"{target}: cannot write: it is a directory")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise ConfigError(f"{target}: cannot write ({exc.strerror or exc})") from None
    try:
        with (os.fdopen(fd, "wb") if isinstance(text, bytes) else os.fdopen(fd, "w", encoding="utf-8")) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise ConfigError(f"{target}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def default_db() -> Path:
    """results.sqlite in the user's cache directory."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        # The XDG spec: an empty or relative value is invalid and ignored (else the store
        # would land in ./contractlens of whatever directory the user is in).
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "contractlens" / "results.sqlite"
