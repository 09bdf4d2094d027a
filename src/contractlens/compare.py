"""Batch comparison: many contracts -> a district x practice matrix, through the results store.

Files are hashed first; only those the store does not hold for this rule pack
version are scanned, in parallel (one process per file). A file that fails is
reported with its reason and the rest complete.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import math
import re
import signal
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Callable

from .errors import ConfigError, InputError, Interrupted
from .ingest.limits import require_regular_file
from .model.failure import Failure
from .model.findings import PRESENT, WEAK
from .model.matrix import FAILED, Label, Matrix, Row, failure_records, records  # noqa: F401 - re-exported
from .rules import PackIdentity, RulePack, load_pack, pack_identity
from .parties import name_from_file, read_district  # noqa: F401 - name_from_file is public here
from .store import Store, doc_key

SUFFIXES = {".pdf", ".docx", ".txt", ".text", ".md", ".markdown"}


# -- inputs ----------------------------------------------------------------------------------

def expand(paths: list[str | Path], exclude: tuple[str, ...] = (),
           notes: list[str] | None = None) -> tuple[list[Path], list[Failure]]:
    """Files from files, directories (recursively, see discover.py) and globs; and what matched
    nothing. What a folder's rules skip is told in ``notes``."""
    from . import discover

    files: list[Path] = []
    missing: list[Failure] = []
    notes = notes if notes is not None else []
    for raw in paths:
        text = str(raw)
        matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))] if glob.has_magic(text) else [Path(text)]
        if not matches:
            missing.append(failure(text, "no files match"))
        for p in matches:
            if p.is_dir():
                found = discover.folder(p, exclude)
                files.extend(found.files)
                notes.extend(found.notes)
            elif discover.excluded(p, exclude):
                notes.append(f"{p}: skipped (excluded)")
            elif p.exists():
                files.append(p)
            else:
                missing.append(failure(p, "no such file"))
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing


def read_manifest(path: str | Path) -> dict[Path, Label]:
    """CSV with columns path, district, state, term; paths relative to the manifest."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError("no such manifest file" if not p.exists() else "is not a file", path=p)
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            fields = [f.strip().lower() for f in (reader.fieldnames or [])]
            if "path" not in fields or "district" not in fields:
                raise ConfigError(f"expected a header with path and district (and optionally state, term); found "
                                  f"{', '.join(fields) or 'no header'}", path=p, line=1)
            out, first_line = {}, {}
            for n, row in enumerate(reader, start=2):
                row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
                if not row.get("path") or not row.get("district"):
                    raise ConfigError("needs a path and a district", path=p, line=n)
                target = (p.parent / row["path"]).resolve()
                if target in out:  # else the last row would silently win
                    raise ConfigError(f"lists {row['path']} twice (first on line {first_line[target]})",
                                      path=p, line=n)
                first_line[target] = n
                out[target] = Label(row["district"], row.get("state", ""), row.get("term", ""))
            return out
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8 text", path=p) from None
    except csv.Error as exc:
        raise ConfigError(f"is not valid CSV ({exc})", path=p) from None


def sha256_of(path: Path) -> str:
    """The content hash; a pipe or device is refused (InputError) instead of read forever."""
    require_regular_file(path)
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def failure(path: str | Path, reason: str) -> Failure:
    """A file not read, named as the matrix's failure rows name it (from its file name)."""
    name, state = name_from_file(Path(str(path)).stem)
    return Failure(str(path), reason, name, state)


# -- title page --------------------------------------------------------------------------------

def title_district(text: str, fallback: str) -> str:
    """The district the contract names (title page and recognition clause), else from the file name."""
    return read_district(text, fallback).name


# -- running ------------------------------------------------------------------------------------

def _scan_one(args: tuple):
    """Worker: read and scan one file. Returns data, or a Failure for a bad file.

    A cluster worker gets the pack loaded and the file's bytes (distributed.py)."""
    path, pack, engine, ocr, *data = args
    from . import segment
    from .rules import load_pack
    from .scanner import scan_contract

    try:
        contract = segment(path, pdf_engine=engine, ocr=ocr, data=data[0] if data else None)
    except InputError as exc:
        return path, None, failure(exc.path, exc.problem)
    pack = pack if isinstance(pack, RulePack) else load_pack(pack)
    result = scan_contract(contract, pack, evidence=5)
    units = tuple(replace(u, text="") for u in contract.units)  # the store keeps the outline, not the text
    from .duplicates import fingerprint
    return path, (result, units, read_district(contract.text, Path(path).stem), fingerprint(contract.text)), None


def identity(pack: RulePack | PackIdentity | str | Path) -> PackIdentity:
    if isinstance(pack, PackIdentity):
        return pack
    if isinstance(pack, RulePack):
        return PackIdentity(pack.name, pack.title, pack.path, pack.version)
    return pack_identity(pack)


def run(files: list[Path], pack: RulePack | PackIdentity | str | Path, store: Store, *, jobs: int = 1,
        engine: str = "pdfium", labels: dict[Path, Label] | None = None, ocr: str = "auto",
        progress: Callable[[int, int, str], None] | None = None, warnings: list[str] | None = None,
        scheduler: str | None = None, retry_failed: bool = False,
        notes: list[str] | None = None) -> tuple[list[tuple[Path, str]], list[Failure], int]:
    """Scan what the store lacks; return ((path, document key) for every readable file, failures, scanned).

    The rules are loaded only when something must be scanned: a re-run over
    unchanged files reads the store alone. Doubts about a district's name go to ``warnings``.
    ``scheduler``: the address of a Dask cluster to scan on instead of local processes; this
    process alone writes the store. A file that failed before (same content, same tool version,
    engine and OCR mode) is reported with its stored reason and not read again, unless
    ``retry_failed``; how many were is told in ``notes``. The files are scanned largest first,
    so the last one to finish is a small one and no worker idles long at the end."""
    pack = identity(pack)
    labels = labels or {}
    how = read_how(engine, ocr)
    wanted: list[tuple[Path, str]] = []
    todo: list[Path] = []
    failures: list[Failure] = []
    shas: dict[str, str] = {}  # path -> content hash, of the files to scan
    known_bad = 0
    for f in files:
        try:
            sha = sha256_of(f)
        except InputError as exc:
            failures.append(failure(exc.path, exc.problem))
            continue
        except OSError as exc:
            failures.append(failure(f, f"cannot be read ({exc.strerror or exc})"))
            continue
        key = doc_key(sha, pack.name, pack.version)
        label = labels.get(f.resolve())
        if label is not None:
            store.set_label(sha, label.district, label.state, label.term)
        if not store.has(key):
            reason = None if retry_failed else store.failed(sha, how)
            if reason is not None:
                failures.append(failure(f, reason))
                known_bad += 1
                continue
            todo.append(f)
            shas[str(f)] = sha
        wanted.append((f, key))
    if known_bad and notes is not None:
        notes.append(f"{known_bad} file{'s' if known_bad != 1 else ''} failed before and {'were' if known_bad != 1 else 'was'}"
                     f" not read again (--retry-failed reads them)")
    done = 0
    bad: set[str] = set()  # paths of the files that failed
    if progress:
        progress(done, len(todo), "")
    if todo:
        load_pack(pack.path)  # a bad rule file stops the run here, with file:line, not in a worker
        from .distributed import WORKERS_DIED
        from .ingest import OcrOptions
        # one page at a time within a file (the files run in parallel); OCR text cached beside the results
        options = OcrOptions(mode=ocr, jobs=1, cache=store.path)
        order = {str(f): n for n, f in enumerate(todo)}
        tasks = [(str(f), pack.path, engine, options) for f in sorted(todo, key=_size, reverse=True)]
        scan_failures: list[tuple[str, Failure]] = []
        try:
            with closing(_map(tasks, jobs, scheduler)) as results:  # closed at once: the pool or client goes
                for path, data, error in results:
                    if error:
                        scan_failures.append((path, error))
                        bad.add(path)
                        if error.reason not in (WORKERS_DIED, PROCESS_DIED):  # the file's own failure: remembered by its content
                            store.set_failed(shas[path], how, path, error.reason)
                    else:
                        result, units, district, sketch = data
                        # one transaction: Ctrl-C here leaves the whole document or none of it
                        store.save(result, units, district.name, name=district, sketch=sketch)
                        if retry_failed:
                            store.forget_failed(shas[path], how)
                        if district.warning and warnings is not None:
                            warnings.append(f"{path}: {district.warning}")
                    done += 1
                    if progress:
                        progress(done, len(todo), path)
        except KeyboardInterrupt:
            # what is saved stays saved and a re-run scans only the rest; the store says how many
            # (a document can be committed just before the signal, its count not yet taken)
            keys = dict(wanted)
            saved = sum(1 for f in todo if store.has(keys[f]))
            raise Interrupted(saved, len(todo), saved=True) from None
        # in the order given, whatever order the workers finished in
        failures.extend(e for _, e in sorted(scan_failures, key=lambda pe: order[pe[0]]))
    bad |= {f.path for f in failures}
    return [(f, k) for f, k in wanted if str(f) not in bad], failures, len(todo)


def read_how(engine: str, ocr: str) -> str:
    """What a stored failure holds for: this tool version reading with this engine and OCR mode."""
    from ._version import __version__

    return f"{__version__}:{engine}:{ocr}"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _map(tasks, jobs: int, scheduler: str | None = None):
    if scheduler is not None:
        from .distributed import scan_on_cluster
        yield from scan_on_cluster(scheduler, tasks)
        return
    if jobs <= 1 or len(tasks) == 1:
        for t in tasks:
            yield _scan_one(t)
        return
    import multiprocessing
    import os

    if not hasattr(os, "fork"):  # spawned workers start empty: each imports and loads on its own
        with multiprocessing.get_context("spawn").Pool(processes=min(jobs, len(tasks)),
                                                       initializer=_worker_init) as pool:
            yield from pool.imap_unordered(_scan_one, tasks)  # leaving the block (Ctrl-C too) terminates the pool
        return
    yield from _forked(tasks, jobs)


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
EXIT_WAIT = 5.0  # seconds a child that has answered gets to end before it is stopped
PROCESS_DIED = "the process scanning it died (out of memory? killed?)"  # not the file's failure: not stored


def _forked(tasks, jobs: int):
    """What ``_scan_one`` returns for each task, in the order they finish: each file in a
    process of its own, forked from this one once it is warm, at most ``jobs`` at a time.

    A forked process starts with spaCy, the pipeline and the compiled pack in place and
    shares their pages with this process and its siblings (copy-on-write) instead of each
    importing and loading them again; the memory one file needed goes back when its process
    ends, where a long-lived worker would keep every file's leftovers. Leaving early (Ctrl-C,
    SIGTERM, an error) stops the processes still running. A process that dies without an
    answer gives that file a failure, PROCESS_DIED, and the others go on."""
    import gc
    import multiprocessing
    from multiprocessing.connection import wait

    _warm(tasks[0][1])
    ctx = multiprocessing.get_context("fork")
    pending = list(tasks)
    running: dict = {}  # the end a process answers on -> (process, its task)
    # What exists now is never collected: a child's collector then leaves those pages alone,
    # and they stay shared instead of being copied into every child.
    gc.collect()
    gc.freeze()
    ended: list = []  # processes that have answered, not yet ended

    def start() -> None:
        while pending and len(running) < jobs:
            task = pending.pop(0)
            answer, end = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_child, args=(task, end), daemon=True)
            # Ctrl-C and SIGTERM wait while the process is forked: a child signalled before it
            # has its own handlers would run this process's (and print a traceback)
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
            try:
                process.start()
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            end.close()
            running[answer] = (process, task)

    try:
        while pending or running:
            start()
            answers = []
            for answer in wait(list(running)):
                process, task = running.pop(answer)
                ended.append(process)
                try:
                    answers.append(answer.recv())
                except (EOFError, OSError):
                    answers.append(("result", (task[0], None, failure(task[0], PROCESS_DIED))))
                finally:
                    answer.close()
            # gone before the next one starts: a child still exiting holds all of its file's memory
            while ended:
                process = ended.pop()
                process.join(EXIT_WAIT)
                if process.exitcode is None:
                    process.terminate()
                    process.join()
            start()  # the next files are at work while this process saves what came back
            for kind, value in answers:
                if kind == "error":
                    raise value
                yield value
    finally:
        gc.unfreeze()
        for process, _ in running.values():
            process.terminate()
        for process in ended + [p for p, _ in running.values()]:
            process.join()


def _child(task, end) -> None:
    """In a forked process: scan one file and send back what ``_scan_one`` returns, or the
    exception it raised (re-raised in the parent, as a pool would)."""
    _worker_init()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # blocked by the parent around the fork
    try:
        out = ("result", _scan_one(task))
    except Exception as exc:  # a bug, not a bad file (those come back as a Failure)
        out = ("error", exc)
    try:
        end.send(out)
    except Exception as exc:  # an exception that does not pickle
        end.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    end.close()


def _warm(pack_path: str) -> None:
    """Load what every file's scan needs, here, before the processes are forked, so that they
    share it (copy-on-write) instead of each loading it again: spaCy and its pipeline, the
    compiled pack, the PDF reader; and one small made-up agreement scanned end to end, which
    fills what the matchers build on first use (the anchor automaton, the lemma tables):
    half a second that every process would otherwise spend again."""
    from . import duplicates, segment  # noqa: F401 - duplicates: imported to be shared
    from .ingest import OcrOptions, ocr, ocr_engines, pdf  # noqa: F401 - imported to be shared
    from .scanner import compiled, scan_contract

    import pypdfium2  # noqa: F401 - the PDF reader, imported here to be shared

    pack = load_pack(pack_path)
    compiled(pack)
    contract = segment("warm-up.txt", data=_WARM_UP.encode(), ocr=OcrOptions(mode="never", jobs=1, cache=None))
    scan_contract(contract, pack)


# made up, as every sample agreement is; only to run each stage once before the fork
_WARM_UP = """AGREEMENT

ARTICLE 1. RECOGNITION

The Board recognizes the Association as the exclusive bargaining representative of all
teachers employed by the District, except substitutes and administrators.

ARTICLE 2. TEACHER EVALUATION

Section 1. Each teacher shall be evaluated at least once a year by a joint committee of
teachers and administrators, which shall meet monthly to review the process.

Section 2. The parties agree that a school may apply for a waiver of any provision of this
Agreement when the faculty votes to approve it.
"""


def _worker_init() -> None:
    """In each pool process: Ctrl-C reaches the whole process group, but only the parent
    reports it and stops the pool; the SIGTERM that stops a worker ends it quietly (a forked
    worker would otherwise inherit the CLI's handler and print a traceback)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


# -- the matrix ----------------------------------------------------------------------------------

def build_matrix(pack: RulePack | PackIdentity | str | Path, store: Store, keys: list[tuple[Path | None, str]],
                 failures: list[Failure], scanned: int, labels: dict[Path, Label] | None = None) -> Matrix:
    pack = identity(pack)
    labels = labels or {}
    rows = []
    keys, duplicates = _once(store, keys)
    for path, key in keys:
        result, district = store.load(key)
        label = labels.get(path.resolve()) if path else None
        stored = store.label(result.source.sha256)
        if label is None and stored is not None:
            label = Label(*stored)
        read = store.name(result.source.sha256)
        if path and labels.get(path.resolve()) is not None:
            source, sure = "manifest", 1.0
        else:
            source, sure = (read.source, read.confidence) if read else ("", None)
        label = label or Label(district)
        rows.append(Row(label.district, label.state, label.term, result, name_source=source, name_confidence=sure))
    rows = _with_similar(_unique_names(rows))
    rows.sort(key=lambda r: (r.state, r.district, r.term))
    # the practices, in report order, as the stored results name them
    practices = tuple((p.id, p.name, p.area, p.area_name) for p in rows[0].result.practices) if rows else ()
    return Matrix(pack.name, pack.title, pack.version, practices, tuple(rows), tuple(failures), scanned,
                  tuple(duplicates))


def _once(store: Store, keys: list[tuple[Path | None, str]]) -> tuple[list[tuple[Path | None, str]], list[str]]:
    """Each agreement once: byte- or text-identical files collapse to the richest copy."""
    from . import duplicates as dup

    info = []
    for path, key in keys:
        sha = key.split(":", 1)[0]
        row = store.db.execute("SELECT path, format, pages FROM documents WHERE doc = ?", (key,)).fetchone()
        info.append((sha, store.fingerprint(sha), str(path) if path else row[0], row[1], row[2]))
    kept, notes = [], []
    for group in dup.groups([(sha, fp) for sha, fp, *_ in info]):
        best = min(group, key=lambda i: (dup.richness(info[i][3], info[i][4]), i))
        kept.append(keys[best])
        for i in group:
            if i != best:
                why = "the same file" if info[i][0] == info[best][0] else \
                    f"the same text; kept the {info[best][3]} ({info[best][4]} pages): the richest source"
                notes.append(f"{info[i][2]}: duplicate of {info[best][2]} ({why})")
    order = {k: n for n, k in enumerate(keys)}
    kept.sort(key=order.get)
    return kept, notes


def _unique_names(rows: list[Row]) -> list[Row]:
    """Two contracts of one district (two terms, or two files) get told apart."""
    seen: dict[str, int] = {}
    for r in rows:
        seen[r.district] = seen.get(r.district, 0) + 1
    out = []
    for r in rows:
        if seen[r.district] > 1:
            tag = r.term or Path(r.result.source.path).stem
            r = replace(r, district=f"{r.district} ({tag})")
        out.append(r)
    return out


def _with_similar(rows: list[Row], top: int = 3) -> list[Row]:
    """Most alike districts: cosine similarity of their practice confidence profiles."""
    vectors = [[p.confidence if p.status in (PRESENT, WEAK) else 0.0 for p in r.result.practices] for r in rows]
    out = []
    for i, r in enumerate(rows):
        scores = []
        for j, other in enumerate(rows):
            if i == j:
                continue
            a, b = vectors[i], vectors[j]
            na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(x * x for x in b))
            sim = sum(x * y for x, y in zip(a, b)) / (na * nb) if na and nb else 0.0
            scores.append((other.district, round(sim, 3)))
        scores.sort(key=lambda s: (-s[1], s[0]))
        out.append(replace(r, similar=tuple(scores[:top])))
    return out




# -- reviews -----------------------------------------------------------------------------------

def review_matrix(m: Matrix, reviewed, thresholds: dict[str, float], paths: dict[str, Path], *,
                  engine: str = "pdfium", ocr: str = "auto", cache: Path | None = None,
                  warnings: list[str] | None = None) -> Matrix:
    """The matrix with a review file applied to each row (reviews.apply). A reviewed contract is
    read again (outline only, OCR from the cache) to find its units by fingerprint; ``paths``
    gives the file of each content hash in this run (else the stored path). Stale reviews, and
    reviews of a contract whose file is not at hand, go to ``warnings``."""
    from . import segment
    from .ingest import OcrOptions
    from .model.review import ReviewsApplied
    from .reviews import apply, for_contract

    warnings = warnings if warnings is not None else []
    rows = []
    for r in m.rows:
        source = r.result.source
        path = paths.get(source.sha256) or Path(source.path)
        mine = for_contract(reviewed, replace(source, path=str(path)))
        if not mine:  # none of the file's reviews are of this contract: the report still says they were read
            rows.append(replace(r, result=replace(r.result, reviews=ReviewsApplied(reviewed.path, ()))))
            continue
        try:
            contract = segment(path, pdf_engine=engine, ocr=OcrOptions(mode=ocr, jobs=1, cache=cache))
        except InputError as exc:
            warnings.append(f"{path}: {len(mine)} review(s) not applied: the file cannot be read to find "
                            f"its units ({exc.problem})")
            rows.append(r)
            continue
        result = apply(r.result, contract, reviewed, thresholds)
        for o in result.reviews.stale:
            warnings.append(f"{path}: stale review ({reviewed.path}:{o.review.line}): {o.review.practice} "
                            f"{o.review.verdict}: {o.detail}")
        rows.append(replace(r, result=result))
    rows = _with_similar(rows)
    return replace(m, rows=tuple(rows), reviews=reviewed.path)

