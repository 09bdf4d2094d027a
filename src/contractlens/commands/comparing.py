"""`compare`: many contracts, a district x practice matrix, through the results database."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

from ..errors import ConfigError
from ..model import CompareRun
from ._common import refuse_overwrite


def compare(paths=(), *, manifest: str | Path | None = None, db: str | Path | None = None, jobs: int = 0,
            output: str | Path | None = None, pack: str = "handbook", pdf_engine: str = "pdfium",
            ocr: str = "auto", exclude=(), progress: Callable[[int, int, str], None] | None = None,
            scheduler: str | None = None, reviews: str | Path | None = None,
            retry_failed: bool = False) -> CompareRun:
    """Scan what the results database lacks and build the matrix. With ``db`` and neither
    paths nor a manifest, the matrix is built from what the database holds.

    ``jobs``: parallel processes (0: one per CPU core). ``output`` is where the caller will
    write the matrix; it is refused when it is an input. ``scheduler``: a Dask scheduler's
    address to scan on instead of local processes (the store is written here alone).
    ``reviews``: a review file applied to each contract's findings (the store keeps the rules' own).
    ``retry_failed``: read again the files that failed before (else their stored reason is reported)."""
    from ..compare import build_matrix, expand, read_manifest, review_matrix, run
    from ..rules import pack_identity
    from ..store import Store, default_db

    paths = [str(p) for p in paths or ()]
    rule_pack = pack_identity(pack)  # the rules themselves load only if a file needs scanning
    labels = read_manifest(manifest) if manifest else {}
    reviewed = limits = None
    if reviews is not None:
        from ..rules import load_pack
        from .reviewing import load_for, thresholds

        full_pack = load_pack(pack)
        reviewed, limits = load_for(reviews, full_pack), thresholds(full_pack)
    notes: list[str] = []
    files, missing = expand(paths + ([str(p) for p in labels] if not paths else []), tuple(exclude or ()), notes)
    db_path = Path(db) if db else default_db()
    refuse_overwrite([*files, manifest, db_path, reviews], (output, "--output"))
    if not paths and not manifest and db is None:
        raise ConfigError("give contracts to compare (files, directories or globs), a --manifest, "
                          "or --db to re-render a results database")
    warnings: list[str] = []
    start = time.perf_counter()
    store = Store(db_path)
    try:
        if paths or manifest:
            keys, failures, scanned = run(files, rule_pack, store, jobs=jobs or (os.cpu_count() or 1),
                                          engine=pdf_engine, labels=labels, ocr=ocr, progress=progress,
                                          scheduler=scheduler, retry_failed=retry_failed,
                                          warnings=warnings, notes=notes)
            failures = missing + failures
        else:
            keys = [(None, k) for k in store.keys(rule_pack.name, rule_pack.version)]
            failures, scanned = [], 0
            if not keys:
                raise ConfigError(f"holds no results for rule pack {rule_pack.name} version {rule_pack.version}",
                                  path=db_path)
        matrix = build_matrix(rule_pack, store, keys, failures, scanned, labels)
        if reviewed is not None:
            paths = {key.split(":", 1)[0]: path for path, key in keys if path is not None}
            matrix = review_matrix(matrix, reviewed, limits, paths, engine=pdf_engine, ocr=ocr, cache=store.path,
                                   warnings=warnings)
    finally:
        store.close()
    return CompareRun(matrix, tuple(notes), tuple(warnings), str(db_path), time.perf_counter() - start)


def practice_definitions(pack: str = "handbook") -> dict[str, str]:
    """Practice id -> its plain-words description, for reports that explain each column."""
    from ..rules import load_pack

    return {r.id: r.description for r in load_pack(pack).rules}
