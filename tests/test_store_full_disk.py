"""The results store: every write on a full disk is one ConfigError naming the database, and the
transaction is rolled back so the store keeps whole documents only."""

from __future__ import annotations

import pytest

from contractlens.errors import ConfigError
from contractlens.models import ScanResult, Source
from contractlens.parties import DistrictName
from contractlens.store import Store, default_db

BIG = "x" * 200_000  # larger than any free space in the pages the store already has


def _result(sha: str, warning: str = "") -> ScanResult:
    return ScanResult(Source("a.txt", sha, "text", 1, "text"), "principles", "Principles", "1", 1, 0, 1.0, (),
                      (warning,) if warning else ())


@pytest.fixture
def full_store(tmp_path):
    """A store whose file may not grow past its current size: what a full disk does to SQLite."""
    store = Store(tmp_path / "r.db")
    store.save(_result("a" * 64), (), "")
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    yield store
    store.close()


@pytest.mark.parametrize("write", [
    lambda s: s.save(_result("b" * 64, BIG), (), ""),
    lambda s: s.set_name("b" * 64, DistrictName(BIG, "title page", 0.9, "")),
    lambda s: s.set_fingerprint("b" * 64, tuple(range(40_000))),
    lambda s: s.set_label("b" * 64, BIG, "", ""),
], ids=["save", "set_name", "set_fingerprint", "set_label"])
def test_every_write_on_a_full_disk_is_a_config_error(full_store, write):
    with pytest.raises(ConfigError) as err:
        write(full_store)
    assert str(full_store.path) in str(err.value)
    assert "the disk is full" in str(err.value)
    # Rolled back: the document saved before is intact and nothing half-written is left.
    assert full_store.keys("principles", "1") == [f"{'a' * 64}:principles:1"]
    assert full_store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_new_store_on_a_full_disk_is_a_config_error(tmp_path, monkeypatch):
    import sqlite3

    connect = sqlite3.connect

    def capped(*a, **k):
        db = connect(*a, **k)
        db.execute("PRAGMA max_page_count = 1")  # the schema needs more than one page
        return db

    monkeypatch.setattr(sqlite3, "connect", capped)
    with pytest.raises(ConfigError, match="cannot be created .the disk is full"):
        Store(tmp_path / "r.db")


@pytest.mark.parametrize("value", ["", "relative/cache"])
def test_default_db_ignores_an_empty_or_relative_xdg_cache_home(tmp_path, monkeypatch, value):
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", value)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_db() == tmp_path / ".cache" / "contractlens" / "results.sqlite"
