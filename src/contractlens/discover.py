"""What counts as a contract in a folder: supported types only, minus what the user excludes
(`.contractlensignore` in the folder, `--exclude GLOB`, gitignore syntax) and minus files that
document the folder itself (README, CHANGELOG, LICENSE...), each skipped with a note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = {".pdf", ".docx", ".txt", ".text", ".md", ".markdown"}
IGNORE_FILE = ".contractlensignore"
_README_LIKE = re.compile(r"^(readme|changelog|changes|license|licence|copying|authors|contributing|notice|"
                          r"history)([._-].*)?$", re.I)


@dataclass(frozen=True)
class Found:
    files: tuple[Path, ...]
    notes: tuple[str, ...]  # "path: skipped (why)"


def _spec(lines: list[str]):
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def folder(root: Path, exclude: tuple[str, ...] = ()) -> Found:
    """The contracts under a directory, in path order."""
    patterns = list(exclude)
    ignore = root / IGNORE_FILE
    if ignore.is_file():
        patterns += ignore.read_text(encoding="utf-8", errors="replace").splitlines()
    spec = _spec(patterns)
    files, notes = [], []
    for f in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = f.relative_to(root).as_posix()
        if f.name == IGNORE_FILE or f.suffix.lower() not in SUFFIXES:
            continue
        if spec.match_file(rel):
            notes.append(f"{f}: skipped (excluded)")
        elif _README_LIKE.match(f.name):
            notes.append(f"{f}: skipped (a {f.stem.split('.')[0].upper()} file, not a contract; name it to compare it)")
        else:
            files.append(f)
    return Found(tuple(files), tuple(notes))


def excluded(path: Path, exclude: tuple[str, ...]) -> bool:
    """A file named directly (or by a glob) is still subject to --exclude."""
    return bool(exclude) and _spec(list(exclude)).match_file(path.as_posix())
