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


# pytest-xdist runs the suite on every core (pyproject addopts: -n auto --dist loadgroup). Tests
# go one by one to whichever worker is free, except the modules named here: each runs whole on
# one worker, so its costly module fixture (pages OCR'd, a browser started, a batch compared) is
# built once and not once per worker. xdist's own xdist_group marks do not reach its scheduler
# under pytest 9 (it renames node ids through an attribute pytest 9 no longer reads), hence the list.
WHOLE_MODULES = frozenset(f"tests/{name}.py" for name in (
    "test_ocr", "test_report_browser", "test_compare", "test_startup", "test_matrix_terminal"))


# Under xdist, the tests that take longest on a clean clone start first, so that no worker is
# left with one of them at the end: the scanned agreements' outlines OCR 47 pages with an
# empty cache (over a minute on two busy cores).
FIRST = ("tests/test_real_outlines.py::test_scanned_top_level_outline",)


def pytest_collection_modifyitems(config, items):
    if hasattr(config, "workerinput"):  # an xdist worker: every worker sorts alike
        items.sort(key=lambda item: not item.nodeid.startswith(FIRST))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None  # another --dist given: xdist's own scheduler
    from xdist.scheduler import LoadGroupScheduling

    class WholeModules(LoadGroupScheduling):
        """LoadGroupScheduling, with every test of WHOLE_MODULES in its module's group."""

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in WHOLE_MODULES else super()._split_scope(nodeid)

    return WholeModules(config, log)
