"""The terminal matrix fits 80 and 120 columns and keeps every total."""

from __future__ import annotations

import pytest
from conftest import SAMPLES
from rich.console import Console

from contractlens.compare import build_matrix, expand, run
from contractlens.reporters import matrix_table
from contractlens.store import Store


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("m") / "r.sqlite")
    files, _ = expand([SAMPLES])
    keys, failures, scanned = run(files, "handbook", store)
    m = build_matrix("handbook", store, keys, failures, scanned)
    store.close()
    return m


@pytest.mark.parametrize("width", [80, 120])
def test_the_matrix_fits_and_keeps_every_total(matrix, width):
    console = Console(width=width, record=True, file=open("/dev/null", "w"), color_system=None)
    matrix_table.render(matrix, console)
    text = console.export_text()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width, [line for line in lines if len(line) > width]
    for r in matrix.rows:  # every row, its marks and its total
        row = next(line for line in lines if line.startswith(r.district + " "))
        assert row.rstrip().endswith(str(r.present))
        assert sum(row.count(c) for c in "●◐·") == len(matrix.practices)
    totals = matrix.column_totals()
    for n, (pid, name, *_) in enumerate(matrix.practices, start=1):  # every column's total, in the key
        assert any(line.startswith(f"{n:>3} ") and line.rstrip().endswith(f"  {totals[pid]}") for line in lines), n


def test_a_wide_terminal_keeps_the_full_table(matrix):
    console = Console(width=220, record=True, file=open("/dev/null", "w"), color_system=None)
    matrix_table.render(matrix, console)
    text = console.export_text()
    assert "districts with it" in text and "Total" in text and "key: column" not in text
