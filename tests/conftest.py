"""Shared test helpers: paths, the real-contract corpus, and running the CLI in-process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_contracts"
EXPECTED = SAMPLES / "expected"
SHARED = Path(os.environ.get("CONTRACTLENS_SHARED", REPO.parent / "shared"))
CONTRACTS = SHARED / "contracts"
DEV_SET = SHARED / "eval" / "dev.jsonl"

SAMPLE_NAMES = ("traditional", "reform", "thin", "mou")


def real_contracts() -> list[Path]:
    if not CONTRACTS.is_dir():
        return []
    return sorted(p for p in CONTRACTS.iterdir() if p.suffix in (".pdf", ".txt"))


needs_contracts = pytest.mark.skipif(
    not CONTRACTS.is_dir(),
    reason=f"the real contracts are not here ({CONTRACTS}); they live outside the repository in ../shared/contracts",
)


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, err={self.err!r}, out={self.out[:200]!r})"


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run `contractlens ARGS...` in this process; return its exit code, stdout and stderr."""
    from contractlens.cli import main

    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str) -> CliResult:
        code = 0
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """No test writes the user's cache directory (the results database and its OCR page cache)."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old
