"""The compiled rule pack cached on disk (issue 12): same findings from the cache as from a
fresh compile; a corrupt file or an unwritable cache is ignored; a changed pack is a new key."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from conftest import REPO, SAMPLES

import contractlens
from contractlens import packcache, scanner
from contractlens.match.engine import CompiledPack
from contractlens.rules import load_pack
from contractlens.reporters import scan_json


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(packcache.DISABLE_ENV, raising=False)
    monkeypatch.setattr(scanner, "_COMPILED", {})
    return tmp_path / "xdg" / "contractlens" / "packs"


def findings(pack, contract) -> str:
    scanner._COMPILED.clear()  # as a new process would
    return scan_json.render([scanner.scan_contract(contract, pack, evidence=5)], [])


def no_compile(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("compiled although the cache holds the pack")
    monkeypatch.setattr(CompiledPack, "__init__", refuse)


@pytest.mark.parametrize("name", ["reform", "traditional"])
def test_cached_pack_gives_the_same_findings(cache, monkeypatch, name):
    pack = load_pack("handbook")
    contract = contractlens.segment(SAMPLES / f"{name}.pdf")
    fresh = findings(pack, contract)
    assert len(list(cache.glob("compiled-*.pickle"))) == 1
    no_compile(monkeypatch)
    assert findings(pack, contract) == fresh


def test_corrupt_cache_file_is_ignored_and_rewritten(cache, monkeypatch):
    pack = load_pack("handbook")
    contract = contractlens.segment(SAMPLES / "reform.pdf")
    fresh = findings(pack, contract)
    (path,) = cache.glob("compiled-*.pickle")
    good = path.read_bytes()
    for bad in (b"", good[: len(good) // 2], b"garbage" * 100, packcache.FORMAT + b"\x80\x05junk"):
        path.write_bytes(bad)
        assert findings(pack, contract) == fresh
        assert path.read_bytes() == good  # compiled again and written back whole


def test_unwritable_cache_is_ignored(cache):
    cache.parent.mkdir(parents=True)
    cache.write_text("a file where the cache directory should be")
    pack = load_pack("handbook")
    contract = contractlens.segment(SAMPLES / "thin.pdf")
    first = findings(pack, contract)
    assert findings(pack, contract) == first
    assert cache.is_file()


def test_disabled_by_environment(cache, monkeypatch):
    monkeypatch.setenv(packcache.DISABLE_ENV, "1")
    findings(load_pack("handbook"), contractlens.segment(SAMPLES / "thin.pdf"))
    assert not cache.exists()


def test_a_changed_pack_or_engine_is_a_new_key(tmp_path, monkeypatch):
    pack = load_pack("handbook")
    rules = pack.rules
    key = packcache.pack_key(pack, rules)
    assert packcache.pack_key(pack, rules) == key
    assert packcache.pack_key(replace(pack, version="0" * 12), rules) != key  # rules, lexicons, weights
    assert packcache.pack_key(replace(pack, fitted=not pack.fitted), rules) != key
    assert packcache.pack_key(pack, rules[:-1]) != key
    copy = tmp_path / "pack"
    shutil.copytree(REPO / "rules" / "handbook", copy)
    copied = load_pack(copy)
    before = packcache.pack_key(copied, copied.rules)
    (copy / "pack.yaml").write_text((copy / "pack.yaml").read_text() + "\n# the bytes changed\n")
    assert packcache.pack_key(copied, copied.rules) != before  # pack.yaml is not in the version digest
    packcache.engine_digest.cache_clear()
    monkeypatch.setattr(contractlens, "__version__", "0.0.0-test")
    try:
        assert packcache.pack_key(pack, rules) != key
    finally:
        packcache.engine_digest.cache_clear()


# -- the loaded pack (rule files parsed and checked) ----------------------------------------------

def fresh_load(path):
    from contractlens import rules

    rules._load.cache_clear()  # as a new process would
    return load_pack(path)


def test_loaded_pack_from_the_cache_equals_the_parsed_one(cache, monkeypatch):
    parsed = fresh_load("handbook")
    assert len(list(cache.glob("rules-*.pickle"))) == 1
    from contractlens import rules
    monkeypatch.setattr(rules, "_parse", lambda *a: pytest.fail("parsed although the cache holds the pack"))
    assert fresh_load("handbook") == parsed


def test_an_edited_rule_file_is_read_again(cache, tmp_path):
    copy = tmp_path / "pack"
    shutil.copytree(REPO / "rules" / "handbook", copy)
    before = fresh_load(copy)
    rule = copy / f"{before.rules[0].id}.yaml"
    rule.write_text(rule.read_text().replace(before.rules[0].name, "A renamed practice", 1))
    after = fresh_load(copy)
    assert after.rules[0].name == "A renamed practice" and after.version != before.version


def test_a_broken_rule_file_is_reported_every_time(cache, tmp_path):
    from contractlens.errors import ConfigError

    copy = tmp_path / "pack"
    shutil.copytree(REPO / "rules" / "handbook", copy)
    fresh_load(copy)
    (copy / "broken.yaml").write_text("id: [unclosed\n")
    for _ in range(2):
        with pytest.raises(ConfigError) as err:
            fresh_load(copy)
        assert "broken.yaml" in str(err.value)
    assert len(list(cache.glob("rules-*.pickle"))) == 1  # only the good version was stored


def test_corrupt_loaded_pack_cache_is_ignored(cache):
    parsed = fresh_load("handbook")
    (path,) = cache.glob("rules-*.pickle")
    path.write_bytes(packcache.FORMAT + b"not a pickle")
    assert fresh_load("handbook") == parsed
    path.write_bytes(b"")
    assert fresh_load("handbook") == parsed
