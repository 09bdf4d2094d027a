"""contractlens: which innovative labor-management practices a teacher contract codifies.

Library use::

    import contractlens
    contract = contractlens.segment("agreement.pdf")   # structure only
"""

from __future__ import annotations

from pathlib import Path

from .errors import ConfigError, ContractLensError, InputError
from .models import Contract, Evidence, Page, PracticeResult, ScanResult, Source, Tag, TocEntry, Unit

from ._version import __version__  # noqa: E402


def segment(path: str | Path, *, pdf_engine: str = "pdfium", encoding: str | None = None,
            password: str | None = None, ocr="auto", data: bytes | None = None) -> Contract:
    """Read a contract file into its structure: pages, articles, sections, items.

    ``ocr``: "auto" (pages without a usable text layer), "always", "never", or
    ``contractlens.ingest.OcrOptions`` (mode, parallel jobs, cache, progress).
    ``data``: the file's bytes when they were read elsewhere; ``path`` then only names it."""
    from .ingest import read_document
    from .structure import build_contract

    raw = read_document(path, pdf_engine=pdf_engine, encoding=encoding, password=password, ocr=ocr, data=data)
    return build_contract(raw)


def scan(path: str | Path, rules=None, **options):
    """Which practices a contract codifies, where and how sure: a ``ScanResult``.

    ``rules`` is a bundled pack name ("handbook", "principles"), a directory of
    rule files, a rule file, or None for the handbook pack.
    """
    from .scanner import scan as _scan
    return _scan(path, rules, **options)


def check(drafts, policy, **options):
    """Drafts against a policy: a ``model.CheckRun`` (see ``contractlens.commands.check``)."""
    from .commands import check as _check
    return _check(drafts, policy, **options)


def diff(old, new, **options):
    """What changed between two versions: a ``model.DiffRun``."""
    from .commands import diff as _diff
    return _diff(old, new, **options)


def compare(paths=(), **options):
    """Many contracts as a district x practice matrix: a ``model.CompareRun``."""
    from .commands import compare as _compare
    return _compare(paths, **options)


def evaluate(gold, **options):
    """Accuracy on labeled clauses: a ``model.EvalRun``."""
    from .commands import evaluate as _evaluate
    return _evaluate(gold, **options)


def to_json(run) -> str:
    """A command's result as the JSON its ``-f json`` prints."""
    from .commands import to_json as _to_json
    return _to_json(run)


def to_data(run):
    """A command's result as dicts and lists (the same schema as ``to_json``)."""
    from .commands import to_data as _to_data
    return _to_data(run)


def tag(text: str, rules=None):
    """The practices a piece of text codifies, read as one clause: a list of ``Tag``, best first."""
    from .scanner import tag as _tag
    return _tag(text, rules)


__all__ = ["segment", "scan", "tag", "check", "diff", "compare", "evaluate", "to_json", "to_data", "ScanResult", "PracticeResult", "Evidence", "Tag", "Contract", "Unit", "Page", "Source", "TocEntry", "ContractLensError", "InputError",
           "ConfigError", "__version__"]
