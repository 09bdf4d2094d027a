"""Writing output files without ever leaving half of one behind."""

from __future__ import annotations

from pathlib import Path


def write_atomically(path: str | Path, text: str) -> None:
    """Write to a temporary file beside the target, then rename it over the target."""
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
