"""The results store: one SQLite file of documents, their units and findings.

A document is keyed by its content hash, the rule pack and the pack's version,
so an unchanged file is never scanned twice and a new rule version rescans.
Every document is written in one transaction, so a run killed at any moment
leaves whole documents or none, and running again resumes where it stopped.
Keys are natural (no row ids), so the same inputs give the same database
whatever the order the workers finished in.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
import sqlite3
from pathlib import Path

from .errors import ConfigError
from .files import default_db  # noqa: F401 - where the store lives by default
from .models import Evidence, PracticeResult, ScanResult, Source, Unit

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc TEXT PRIMARY KEY,              -- sha256:pack:version
    sha256 TEXT NOT NULL, pack TEXT NOT NULL, pack_version TEXT NOT NULL,
    path TEXT NOT NULL, format TEXT NOT NULL, engine TEXT NOT NULL,
    pages INTEGER NOT NULL, units INTEGER NOT NULL, coverage REAL NOT NULL,
    title_district TEXT NOT NULL,      -- read from the title page
    warnings TEXT NOT NULL             -- JSON list
);
CREATE TABLE IF NOT EXISTS units (
    doc TEXT NOT NULL, unit TEXT NOT NULL, kind TEXT, label TEXT, number TEXT, heading TEXT,
    level INTEGER, parent TEXT, page_start INTEGER, page_end INTEGER, printed_page_start TEXT,
    PRIMARY KEY (doc, unit)
);
CREATE TABLE IF NOT EXISTS findings (
    doc TEXT NOT NULL, practice TEXT NOT NULL, name TEXT, area TEXT, area_name TEXT,
    status TEXT NOT NULL, confidence REAL NOT NULL, units INTEGER NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (doc, practice)
);
CREATE TABLE IF NOT EXISTS evidence (
    doc TEXT NOT NULL, practice TEXT NOT NULL, rank INTEGER NOT NULL,
    unit TEXT, citation TEXT, heading TEXT, page INTEGER, printed_page TEXT, quote TEXT,
    start INTEGER, "end" INTEGER, confidence REAL, signals TEXT, force TEXT, actor TEXT, modifiers TEXT,
    PRIMARY KEY (doc, practice, rank)
);
CREATE TABLE IF NOT EXISTS names (
    sha256 TEXT PRIMARY KEY,           -- the district as read from the document itself
    name TEXT NOT NULL, core TEXT NOT NULL,
    source TEXT NOT NULL,              -- title page | recognition clause | file name
    confidence REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS fingerprints (
    sha256 TEXT PRIMARY KEY, sketch TEXT NOT NULL   -- JSON list: duplicates.fingerprint of the text
);
CREATE TABLE IF NOT EXISTS failures (
    sha256 TEXT NOT NULL,              -- a file that could not be read, by its content
    how TEXT NOT NULL,                 -- tool version, PDF engine and OCR mode it was read with
    reason TEXT NOT NULL, path TEXT NOT NULL,
    PRIMARY KEY (sha256, how)
);
CREATE TABLE IF NOT EXISTS labels (
    sha256 TEXT PRIMARY KEY,           -- names given by a manifest, per file content
    district TEXT NOT NULL, state TEXT NOT NULL, term TEXT NOT NULL
);
"""


def _full(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(exc)


def _why(exc: sqlite3.Error) -> str:
    return "the disk is full" if _full(exc) else str(exc)


def doc_key(sha256: str, pack: str, version: str) -> str:
    return f"{sha256}:{pack}:{version}"


class Store:
    def __init__(self, path: str | Path):

        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            if _full(exc):
                raise ConfigError(f"cannot be created ({_why(exc)})", path=self.path) from None
            raise ConfigError(f"is not a usable contractlens results database ({exc})", path=self.path) from None
        except OSError as exc:
            raise ConfigError(f"cannot be created ({exc.strerror or exc})", path=self.path) from None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _writing(self):
        """One transaction; a full disk or a store SQLite cannot write is one line (exit 2), not a
        traceback. The transaction is rolled back, so the store keeps whole documents only."""
        try:
            with self.db:
                yield
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError):
            raise  # our bug, not the user's disk: an internal error (exit 70), rolled back all the same
        except sqlite3.Error as exc:
            raise ConfigError(f"cannot write the results database ({_why(exc)})", path=self.path) from None

    def has(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE doc = ?", (key,)).fetchone() is not None

    def save(self, result: ScanResult, units: tuple[Unit, ...], title_district: str, *, name=None,
             sketch: tuple[int, ...] | None = None) -> None:
        """Write one document, all or nothing: with ``name`` (a parties.DistrictName) and ``sketch``
        (its duplicates.fingerprint) in the same transaction, so a run stopped at any moment (Ctrl-C,
        kill -9) never leaves a document without where its name came from."""
        key = doc_key(result.source.sha256, result.pack, result.pack_version)
        s = result.source
        with self._writing():  # one transaction
            if name is not None:
                self._set_name(s.sha256, name)
            if sketch is not None:
                self._set_fingerprint(s.sha256, sketch)
            self.db.execute("DELETE FROM documents WHERE doc = ?", (key,))
            for table in ("units", "findings", "evidence"):
                self.db.execute(f"DELETE FROM {table} WHERE doc = ?", (key,))  # noqa: S608 - fixed names
            self.db.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                            (key, s.sha256, result.pack, result.pack_version, s.path, s.format, s.engine, s.pages,
                             result.units, result.coverage, title_district, json.dumps(list(result.warnings))))
            self.db.executemany("INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
                (key, u.id, u.kind, u.label, u.number, u.heading, u.level, u.parent, u.page_start, u.page_end,
                 u.printed_page_start) for u in units])
            self.db.executemany("INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?)", [
                (key, p.id, p.name, p.area, p.area_name, p.status, p.confidence, p.units, n)
                for n, p in enumerate(result.practices)])
            self.db.executemany('INSERT INTO evidence VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)', [
                (key, p.id, rank, e.unit_id, e.citation, e.heading, e.page, e.printed_page, e.quote, e.start, e.end,
                 e.confidence, json.dumps(list(e.signals)), e.force, e.actor,
                 json.dumps([[m.type, m.trigger, m.applies] for m in e.modifiers]))
                for p in result.practices for rank, e in enumerate(p.evidence)])

    def set_name(self, sha256: str, district) -> None:
        """Where the district name of a document came from and how sure it is (a parties.DistrictName)."""
        with self._writing():
            self._set_name(sha256, district)

    def _set_name(self, sha256: str, district) -> None:
        self.db.execute("INSERT OR REPLACE INTO names VALUES (?,?,?,?,?)",
                        (sha256, district.name, district.core, district.source, district.confidence))

    def name(self, sha256: str):
        """The stored parties.DistrictName of a document; a manifest label wins (source "manifest")."""
        from .parties import MANIFEST, DistrictName

        label = self.label(sha256)
        if label is not None:
            return DistrictName(label[0], MANIFEST, 1.0, label[0])
        row = self.db.execute("SELECT name, source, confidence, core FROM names WHERE sha256 = ?",
                              (sha256,)).fetchone()
        return DistrictName(*row) if row else None

    def set_fingerprint(self, sha256: str, sketch: tuple[int, ...]) -> None:
        with self._writing():
            self._set_fingerprint(sha256, sketch)

    def _set_fingerprint(self, sha256: str, sketch: tuple[int, ...]) -> None:
        self.db.execute("INSERT OR REPLACE INTO fingerprints VALUES (?,?)", (sha256, json.dumps(list(sketch))))

    def fingerprint(self, sha256: str) -> tuple[int, ...]:
        row = self.db.execute("SELECT sketch FROM fingerprints WHERE sha256 = ?", (sha256,)).fetchone()
        return tuple(json.loads(row[0])) if row else ()

    def set_label(self, sha256: str, district: str, state: str, term: str) -> None:
        with self._writing():
            self.db.execute("INSERT OR REPLACE INTO labels VALUES (?,?,?,?)", (sha256, district, state, term))

    def load(self, key: str) -> tuple[ScanResult, str]:
        """A stored document as a ScanResult (evidence included) and its title-page district."""
        from .models import Modifier

        row = self.db.execute("SELECT sha256, pack, pack_version, path, format, engine, pages, units, coverage, "
                              "title_district, warnings FROM documents WHERE doc = ?", (key,)).fetchone()
        sha, pack, version, path, fmt, engine, pages, units, coverage, district, warnings = row
        evidence: dict[str, list[Evidence]] = {}
        for (practice, unit, citation, heading, page, printed, quote, start, end, conf, signals, force, actor,
             mods) in self.db.execute(
                'SELECT practice, unit, citation, heading, page, printed_page, quote, start, "end", confidence, '
                "signals, force, actor, modifiers FROM evidence WHERE doc = ? ORDER BY practice, rank", (key,)):
            evidence.setdefault(practice, []).append(Evidence(
                unit, citation, heading, page, printed, quote, start, end, conf, tuple(json.loads(signals)), force,
                actor, tuple(Modifier(t, trig, bool(a)) for t, trig, a in json.loads(mods))))
        practices = tuple(
            PracticeResult(pid, name, area, area_name, status, conf, n_units, tuple(evidence.get(pid, ())))
            for pid, name, area, area_name, status, conf, n_units in self.db.execute(
                "SELECT practice, name, area, area_name, status, confidence, units FROM findings WHERE doc = ? "
                "ORDER BY position", (key,)))
        source = Source(path, sha, fmt, pages, engine)
        title = pack  # the pack title is not needed to render a matrix
        return ScanResult(source, pack, title, version, pages, units, coverage, practices,
                          tuple(json.loads(warnings))), district

    def set_failed(self, sha256: str, how: str, path: str, reason: str) -> None:
        """A file whose content could not be read this way: a re-run reports it without reading it."""
        with self._writing():
            self.db.execute("INSERT OR REPLACE INTO failures VALUES (?,?,?,?)", (sha256, how, reason, path))

    def failed(self, sha256: str, how: str) -> str | None:
        """Why the file with this content failed when read this way, or None."""
        row = self.db.execute("SELECT reason FROM failures WHERE sha256 = ? AND how = ?", (sha256, how)).fetchone()
        return row[0] if row else None

    def forget_failed(self, sha256: str, how: str) -> None:
        with self._writing():
            self.db.execute("DELETE FROM failures WHERE sha256 = ? AND how = ?", (sha256, how))

    def label(self, sha256: str) -> tuple[str, str, str] | None:
        row = self.db.execute("SELECT district, state, term FROM labels WHERE sha256 = ?", (sha256,)).fetchone()
        return tuple(row) if row else None

    def keys(self, pack: str, version: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT doc FROM documents WHERE pack = ? AND pack_version = ? ORDER BY path, doc", (pack, version))]

    def dump(self) -> list[tuple]:
        """Every row of every table, sorted: for comparing two databases."""
        rows = []
        for table in ("documents", "units", "findings", "evidence", "labels", "failures"):
            rows.extend((table, *r) for r in sorted(self.db.execute(f"SELECT * FROM {table}"), key=repr))  # noqa: S608
        return rows
