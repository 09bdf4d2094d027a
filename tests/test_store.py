"""The results store: what is saved is what is loaded, whole documents or none, and the
same inputs give the same database whatever order they were saved in."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from contractlens.errors import ConfigError
from contractlens.models import Evidence, Modifier, PracticeResult, ScanResult, Source, Unit
from contractlens.parties import MANIFEST, TITLE_PAGE, DistrictName
from contractlens.store import Store, default_db, doc_key


def _evidence(**kw) -> Evidence:
    base = dict(unit_id="art-3/3.2", citation="Article 3, 3.2", heading="Waivers", page=7, printed_page="5",
                quote="A school may ask for a waiver.", start=1200, end=1231, confidence=0.82,
                signals=("waiver_request", "vote"), force="permission", actor="school_staff",
                modifiers=(Modifier("contemplated", "may study", False), Modifier("exception", "except", True)))
    base.update(kw)
    return Evidence(**base)


def _result(sha="a" * 64, path="/x/agreement.pdf", version="v1", practices=None, pack="handbook") -> ScanResult:
    if practices is None:
        practices = (
            # report order is not alphabetical, and evidence is not sorted by confidence: both must survive
            PracticeResult("waivers", "Waivers", "governance", "Governance", "present", 0.82, 2, (
                _evidence(),
                _evidence(unit_id="art-9", citation="Article 9", heading="Schools", page=12, printed_page=None,
                          quote="Staff may vote.", start=5000, end=5015, confidence=0.9, signals=("vote",),
                          force=None, actor=None, modifiers=()),
                _evidence(unit_id=None, citation="", heading="", page=0, printed_page=None, quote="", start=0,
                          end=0, confidence=0.4, signals=("pages",), force=None, actor=None, modifiers=()),
            )),
            PracticeResult("alpha", "Alpha", "pay", "Pay", "weak", 0.35, 0, (_evidence(confidence=0.35),)),
            PracticeResult("beta", "Beta", "pay", "Pay", "not_found", 0.0, 0, ()),
        )
    return ScanResult(Source(path, sha, "pdf", 14, "pdfium"), pack, pack, version, 14, 88, 0.97, practices,
                      ("page 3 is mostly empty", "a second warning"))


UNITS = (
    Unit("art-3", "article", "ARTICLE 3", "3", "Waivers", 1, None, 6, 8, "4", "6", 1000, 3000, "ARTICLE 3 Waivers"),
    Unit("art-3/3.2", "section", "3.2", "3.2", "", 2, "art-3", 7, 7, "5", "5", 1200, 1400, "3.2 A school may"),
)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "sub" / "results.sqlite")  # a missing folder is created
    yield s
    s.close()


def test_a_saved_document_loads_back_whole(store):
    result = _result()
    store.save(result, UNITS, "Riverbend Unified School District")
    key = doc_key(result.source.sha256, "handbook", "v1")
    assert store.has(key) and not store.has(doc_key(result.source.sha256, "handbook", "v2"))
    loaded, district = store.load(key)
    assert district == "Riverbend Unified School District"
    assert loaded == result  # every field of every practice and piece of evidence, in order


def test_load_survives_a_new_connection(tmp_path):
    path = tmp_path / "results.sqlite"
    first = Store(path)
    first.save(_result(), UNITS, "Riverbend")
    first.close()
    again = Store(path)
    try:
        assert again.load(doc_key("a" * 64, "handbook", "v1")) == (_result(), "Riverbend")
    finally:
        again.close()


def test_saving_again_replaces_the_document_and_nothing_else(store):
    store.save(_result(), UNITS, "Riverbend")
    other = _result(sha="b" * 64, path="/x/other.pdf")
    store.save(other, UNITS, "Elsewhere")
    fewer = _result(practices=(PracticeResult("beta", "Beta", "pay", "Pay", "present", 0.7, 1,
                                              (_evidence(confidence=0.7),)),))
    store.save(fewer, UNITS[:1], "Riverbend USD")
    assert store.load(doc_key("a" * 64, "handbook", "v1")) == (fewer, "Riverbend USD")
    assert store.load(doc_key("b" * 64, "handbook", "v1")) == (other, "Elsewhere")
    rows = store.db.execute("SELECT count(*) FROM units WHERE doc = ?", (doc_key("a" * 64, "handbook", "v1"),))
    assert rows.fetchone()[0] == 1
    assert store.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 1 + 4


def test_a_failed_save_leaves_no_part_of_the_document(store):
    store.save(_result(sha="b" * 64, path="/x/other.pdf"), UNITS, "Elsewhere")
    before = store.dump()
    with pytest.raises(sqlite3.IntegrityError):
        store.save(_result(), UNITS + UNITS[:1], "Riverbend")  # a unit twice: fails after the document row
    assert not store.has(doc_key("a" * 64, "handbook", "v1"))
    assert store.dump() == before


def test_keys_are_per_pack_and_version_in_path_order(store):
    store.save(_result(sha="c" * 64, path="/x/zeta.pdf"), UNITS, "Z")
    store.save(_result(sha="d" * 64, path="/x/alpha.pdf"), UNITS, "A")
    store.save(_result(sha="e" * 64, path="/x/beta.pdf", version="v2"), UNITS, "B")
    store.save(_result(sha="f" * 64, path="/x/beta.pdf", pack="principles"), UNITS, "B")
    assert store.keys("handbook", "v1") == [doc_key("d" * 64, "handbook", "v1"), doc_key("c" * 64, "handbook", "v1")]
    assert store.keys("handbook", "v2") == [doc_key("e" * 64, "handbook", "v2")]
    assert store.keys("principles", "v1") == [doc_key("f" * 64, "principles", "v1")]
    assert store.keys("principles", "v2") == []


def test_the_same_documents_give_the_same_database_in_any_order(tmp_path):
    docs = [(_result(sha=c * 64, path=f"/x/{c}.pdf"), f"District {c}") for c in "abc"]
    dumps = []
    for name, order in (("one", docs), ("two", docs[::-1])):
        s = Store(tmp_path / f"{name}.sqlite")
        for result, district in order:
            s.save(result, UNITS, district)
        s.set_label("b" * 64, "Bee District", "CA", "2024-2027")
        dumps.append(s.dump())
        s.close()
    assert dumps[0] == dumps[1]
    tables = [row[0] for row in dumps[0]]
    assert list(dict.fromkeys(tables)) == ["documents", "units", "findings", "evidence", "labels"]
    assert len(dumps[0]) == 3 + 3 * 2 + 3 * 3 + 3 * 4 + 1  # documents, units, findings, evidence, label


def test_district_names_and_manifest_labels(store):
    sha = "a" * 64
    assert store.name(sha) is None and store.label(sha) is None
    store.set_name(sha, DistrictName("Riverbend Unified School District", TITLE_PAGE, 0.9, "Riverbend"))
    assert store.name(sha) == DistrictName("Riverbend Unified School District", TITLE_PAGE, 0.9, "Riverbend")
    store.set_name(sha, DistrictName("Riverbend USD", TITLE_PAGE, 0.7, "Riverbend"))  # replaced, not added
    assert store.name(sha).name == "Riverbend USD"
    store.set_label(sha, "Riverbend", "CA", "2026-2029")
    assert store.label(sha) == ("Riverbend", "CA", "2026-2029")
    assert store.name(sha) == DistrictName("Riverbend", MANIFEST, 1.0, "Riverbend")  # the manifest wins
    assert store.name("b" * 64) is None


def test_text_fingerprints(store):
    assert store.fingerprint("a" * 64) == ()
    store.set_fingerprint("a" * 64, (5, 3, 99))
    store.set_fingerprint("a" * 64, (7, 1))
    assert store.fingerprint("a" * 64) == (7, 1)


def test_a_file_that_is_not_a_database(tmp_path):
    bad = tmp_path / "results.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(ConfigError, match="is not a usable contractlens results database") as err:
        Store(bad)
    assert str(bad) in str(err.value)
    assert bad.read_bytes() == b"this is not sqlite" * 100  # nothing the user gave is overwritten


def test_a_database_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ConfigError) as err:
        Store(blocker / "results.sqlite")
    assert err.value.path == str(blocker / "results.sqlite")
    assert err.value.problem in ("cannot be created (File exists)", "cannot be created (Not a directory)")


def test_a_database_in_folders_that_do_not_exist_yet(tmp_path):
    s = Store(tmp_path / "a" / "b" / "results.sqlite")
    s.close()
    assert (tmp_path / "a" / "b" / "results.sqlite").is_file()


@pytest.mark.parametrize("platform,env,expected", [
    ("linux", {"XDG_CACHE_HOME": "/xdg"}, "/xdg/contractlens/results.sqlite"),
    ("linux", {}, "~/.cache/contractlens/results.sqlite"),
    ("darwin", {"XDG_CACHE_HOME": "/xdg"}, "~/Library/Caches/contractlens/results.sqlite"),
    ("win32", {"LOCALAPPDATA": "/local"}, "/local/contractlens/results.sqlite"),
    ("win32", {}, "~/AppData/Local/contractlens/results.sqlite"),
])
def test_default_database_is_in_the_users_cache(monkeypatch, tmp_path, platform, env, expected):
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    assert default_db() == Path(expected.replace("~", str(tmp_path)))


def test_ocr_readings_are_not_kept(store):
    """The matrix needs no OCR details: evidence read by OCR loads back without them."""
    from contractlens.models import PageReading

    reading = PageReading(7, "ocr", "tesseract 5", 0.91, "no text layer")
    result = _result()
    with_ocr = replace(result, practices=(replace(result.practices[0], evidence=tuple(
        replace(e, ocr=reading) for e in result.practices[0].evidence)),) + result.practices[1:])
    store.save(with_ocr, UNITS, "R")
    assert store.load(doc_key("a" * 64, "handbook", "v1"))[0] == result
