"""Golden files: every output format of every command, byte for byte, so a refactor cannot
change what users see without saying so.

Each case runs the CLI in-process from a scratch directory holding copies of the inputs
(relative paths, so outputs do not depend on where the repository lives) and compares
exit code, stdout and stderr with ``tests/data/golden/<case>.txt``. Only what is
legitimately variable is normalised: the scratch directory, the tool version, timestamps.

Real contracts (``../shared/contracts``) are checked against stored SHA-256 digests of
their normalised output in ``tests/data/golden/real_contracts.json``: their text must not
enter the repository.

Regenerate after an intended change with::

    CONTRACTLENS_REGEN_GOLDEN=1 python -m pytest tests/test_golden.py

and add the case to KNOWN_DIFFERENCES with the reason, so the review sees why it moved.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import CONTRACTS, REPO, SAMPLES

GOLDEN = REPO / "tests" / "data" / "golden"
REAL_DIGESTS = GOLDEN / "real_contracts.json"
REGEN = bool(os.environ.get("CONTRACTLENS_REGEN_GOLDEN"))

# Golden files that changed on purpose since they were first recorded, and why.
EVIDENCE = ("issue 11: scan kept max(evidence, 3) quotes, so -f json printed three quotes for --evidence 1 "
            "(the default); now N quotes (the JSON equals the old one with each evidence list cut to N)")
PARTIAL = ("issue 11: one partial-failure exit code across scan, check and compare: a draft not read while "
           "others were checked exits 4, not 3")
PROGRESS = ("issues 14/15: compare tells its progress on stderr as plain lines, one per scanned document "
            "('[1/4] thin.txt'), when stderr is not a terminal (a pipe showed nothing for a long run)")
SCAN_SHAPE = ("issue 15: scan -f json has one shape for one file and for several, schema 2.0: "
              '{"schema_version", "tool", "results": [...], "errors": [...]}; a single file printed a lone '
              "result object (schema 1.0), and each result no longer repeats schema_version and tool")
SPECIAL = ("issue 10: the special_districts rule reads a group named for the officer who runs it (singular, or "
           "without the possessive) and the group's own rules on vacancies, time, class size and incentives; the rules "
           "version changes, and the refit weights move the reform sample's special_districts confidence 0.8625 -> "
           "0.8685 and the order of its evidence (19.2 before 19.4); family_student_evaluations gains a signal for "
           "parents' or students' surveys brought into a staff review, and its refit weights move the reform sample's "
           "confidence 0.978 -> 0.9772")
KNOWN_DIFFERENCES: dict[str, str] = {
    "scan-mou-json": EVIDENCE + "; " + SCAN_SHAPE,
    "scan-partial-json": EVIDENCE + "; " + SCAN_SHAPE,
    "scan-reform-json-evidence1": EVIDENCE + "; " + SCAN_SHAPE,
    "scan-reform-json": EVIDENCE + "; " + SCAN_SHAPE,
    "scan-reform-min-confidence-json": EVIDENCE + "; " + SCAN_SHAPE,
    "scan-reform-principles-json": EVIDENCE + "; " + SCAN_SHAPE,
    "scan-reform.docx-json": EVIDENCE + "; " + SCAN_SHAPE,
    "scan-reform.pdf-json": EVIDENCE + "; " + SCAN_SHAPE,
    "scan-thin-json": EVIDENCE + "; " + SCAN_SHAPE,
    "scan-traditional-json": EVIDENCE + "; " + SCAN_SHAPE,
    "cincinnati-scan-json": SCAN_SHAPE,
    "manchester-scan-json": SCAN_SHAPE,
    "check-partial-text": PARTIAL,
    "check-partial-json": PARTIAL,
    "check-partial-sarif": PARTIAL,
    "check-partial-junit": PARTIAL,
    "check-partial-github": PARTIAL,
    "compare-html": ("issue 14: the HTML report sorts, filters, searches, has a page per district with page "
                     "links, practice definitions, a chart and a print stylesheet; " + PROGRESS),
    "compare-csv": PROGRESS,
    "compare-json": PROGRESS,
    "compare-table": PROGRESS,
    "compare-xlsx": PROGRESS,
    "compare-partial-csv": PROGRESS,
    "check-write-baseline-each-draft": ("issue 11: --write-baseline recorded the first draft's violations only; "
                                        "now every draft's, each fingerprint once"),
}
for _name in ("compare-csv", "compare-json", "compare-xlsx", "compare-html", "scan-mou-json", "scan-partial-json",
              "scan-reform-json-evidence1", "scan-reform-json", "scan-reform-markdown-evidence2", "scan-reform-markdown",
              "scan-reform-min-confidence-json", "scan-reform-principles-json", "scan-reform-table", "scan-reform.docx-json", "scan-reform.pdf-json",
              "scan-thin-json", "scan-traditional-json", "cincinnati-scan-json", "manchester-scan-json"):
    KNOWN_DIFFERENCES[_name] = f"{KNOWN_DIFFERENCES[_name]}; {SPECIAL}" if _name in KNOWN_DIFFERENCES else SPECIAL

SAMPLE_TEXTS = ("traditional", "reform", "thin", "mou")
CHECK_FORMATS = ("text", "json", "sarif", "junit", "github")
MATRIX_FORMATS = ("csv", "json", "table", "html")


def _cases() -> dict[str, tuple]:
    """name -> (args, files to dump after the run)."""
    c: dict[str, tuple] = {}
    for s in SAMPLE_TEXTS:
        for fmt in ("table", "json"):
            c[f"segment-{s}-{fmt}"] = (["segment", f"{s}.txt", "-f", fmt], ())
        for fmt in ("table", "markdown", "json"):
            c[f"scan-{s}-{fmt}"] = (["scan", f"{s}.txt", "-f", fmt], ())
    for ext in ("pdf", "docx"):
        c[f"segment-reform.{ext}-json"] = (["segment", f"reform.{ext}", "-f", "json"], ())
        c[f"scan-reform.{ext}-json"] = (["scan", f"reform.{ext}", "-f", "json"], ())
    c["segment-reform-table-depth1"] = (["segment", "reform.txt", "--depth", "1"], ())
    c["scan-reform-json-evidence1"] = (["scan", "reform.txt", "-f", "json", "--evidence", "1"], ())
    c["scan-reform-markdown-evidence2"] = (["scan", "reform.txt", "-f", "markdown", "--evidence", "2"], ())
    c["scan-reform-principles-json"] = (["scan", "reform.txt", "--pack", "principles", "-f", "json"], ())
    c["scan-reform-min-confidence-json"] = (["scan", "reform.txt", "--min-confidence", "0.6", "-f", "json"], ())
    for fmt in ("table", "json"):
        c[f"scan-partial-{fmt}"] = (["scan", "thin.txt", "missing.txt", "-f", fmt], ())
    c["scan-missing"] = (["scan", "missing.txt"], ())
    for fmt in CHECK_FORMATS:
        c[f"check-draft1-{fmt}"] = (["check", "draft1.md", "--policy", "policy.yaml", "-f", fmt], ())
        c[f"check-against-{fmt}"] = (["check", "draft2.md", "--policy", "policy.yaml", "--against", "draft1.md",
                                      "-f", fmt], ())
        c[f"check-partial-{fmt}"] = (["check", "draft1.md", "missing.md", "--policy", "policy.yaml", "-f", fmt], ())
    c["check-two-drafts-json"] = (["check", "draft1.md", "draft2.md", "--policy", "policy.yaml", "-f", "json"], ())
    c["check-write-baseline"] = (["check", "draft1.md", "draft2.md", "--policy", "strict.yaml",
                                  "--write-baseline", "baseline.json", "--reason", "golden"], ("baseline.json",))
    c["check-write-baseline-each-draft"] = (["check", "draft1.md", "draft2.md", "--policy", "each.yaml",
                                             "--write-baseline", "baseline.json", "-f", "json"], ("baseline.json",))
    c["check-output-file"] = (["check", "draft1.md", "--policy", "policy.yaml", "-f", "junit", "-o", "out.xml"],
                              ("out.xml",))
    c["check-output-is-input"] = (["check", "draft1.md", "--policy", "policy.yaml", "-o", "draft1.md"], ())
    for fmt in ("table", "json"):
        c[f"diff-drafts-{fmt}"] = (["diff", "draft1.md", "draft2.md", "-f", fmt], ())
        c[f"diff-samples-{fmt}"] = (["diff", "traditional.txt", "reform.txt", "-f", fmt], ())
    samples = [f"{s}.txt" for s in SAMPLE_TEXTS]
    for fmt in MATRIX_FORMATS:
        c[f"compare-{fmt}"] = (["compare", *samples, "--db", "{db}", "-j", "1", "-f", fmt], ())
    c["compare-xlsx"] = (["compare", *samples, "--db", "{db}", "-j", "1", "-o", "matrix.xlsx"], ("matrix.xlsx",))
    c["compare-partial-csv"] = (["compare", "thin.txt", "mou.txt", "missing.txt", "--db", "{db}", "-j", "1",
                                 "-f", "csv"], ())
    for fmt in ("table", "json"):
        c[f"eval-{fmt}"] = (["eval", "validation.jsonl", "-f", fmt], ())
        c[f"eval-by-district-{fmt}"] = (["eval", "validation.jsonl", "--by", "district", "-f", fmt], ())
    return c


CASES = _cases()
STRICT_POLICY = "pack: handbook\nrequire:\n  - salary_benchmarking\n  - waivers_overrides\n"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("golden-inputs")
    for s in SAMPLE_TEXTS:
        shutil.copy(SAMPLES / f"{s}.txt", d / f"{s}.txt")
    for ext in ("pdf", "docx"):
        shutil.copy(SAMPLES / f"reform.{ext}", d / f"reform.{ext}")
    drafts = REPO / "tests" / "data" / "drafts"
    shutil.copy(drafts / "riverbend_2026_draft1.md", d / "draft1.md")
    shutil.copy(drafts / "riverbend_2026_draft2.md", d / "draft2.md")
    shutil.copy(drafts / "policy.yaml", d / "policy.yaml")
    (d / "strict.yaml").write_text(STRICT_POLICY)
    (d / "each.yaml").write_text("pack: handbook\nrequire:\n  - peer_review_assistance\n")  # draft 2 lost it
    shutil.copy(REPO / "tests" / "data" / "validation.jsonl", d / "validation.jsonl")
    return d


def _normalise(text: str, work: Path) -> str:
    from contractlens import __version__

    text = text.replace(work.resolve().as_uri(), "file://<WORK>").replace(str(work.resolve()), "<WORK>")
    text = text.replace(str(work), "<WORK>")
    text = text.replace(f"contractlens {__version__}", "contractlens <VERSION>")
    text = text.replace(f'"version": "{__version__}"', '"version": "<VERSION>"')
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?", "<TIME>", text)


def _dump(path: Path) -> str:
    if not path.exists():
        return "(not written)\n"
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path)
        lines = []
        for sheet in book.worksheets:
            lines.append(f"[sheet {sheet.title}]")
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        lines.append(f"{cell.coordinate}={cell.value!r}")
        return "\n".join(lines) + "\n"
    return path.read_text(encoding="utf-8")


def _run(args: list[str], work: Path, capsys, monkeypatch) -> str:
    """Exit code, stdout and stderr of one CLI run inside ``work``."""
    from contractlens.cli import main

    monkeypatch.chdir(work)
    monkeypatch.setenv("COLUMNS", "200")
    code = 0
    try:
        main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out = capsys.readouterr()
    return f"exit: {code}\n--- stdout\n{out.out}\n--- stderr\n{out.err}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name, inputs, tmp_path, capsys, monkeypatch):
    args, dumps = CASES[name]
    work = tmp_path / "w"
    shutil.copytree(inputs, work)
    args = [a.replace("{db}", "results.db") for a in args]
    got = _run(args, work, capsys, monkeypatch)
    for f in dumps:
        got += f"\n--- file {f}\n" + _dump(work / f)
    got = _normalise(got, work)
    golden = GOLDEN / f"{name}.txt"
    if REGEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with CONTRACTLENS_REGEN_GOLDEN=1"
    want = golden.read_text(encoding="utf-8")
    assert got == want, f"{name} differs from {golden}" + (f" (known: {KNOWN_DIFFERENCES[name]})"
                                                          if name in KNOWN_DIFFERENCES else "")


def test_no_stray_golden_files():
    names = {p.stem for p in GOLDEN.glob("*.txt")}
    assert names <= set(CASES), f"golden files without a case: {sorted(names - set(CASES))}"
    assert set(KNOWN_DIFFERENCES) <= set(CASES) | set(REAL)


# -- real contracts: digests only ---------------------------------------------------------------

REAL = {
    "cincinnati-scan-json": ["scan", "cincinnati_oh_2007-2009_cft_contract.txt", "-f", "json", "--evidence", "3"],
    "cincinnati-segment-json": ["segment", "cincinnati_oh_2007-2009_cft_contract.txt", "-f", "json"],
    "manchester-scan-json": ["scan", "manchester_nh_2007-2010_mea_agreement.pdf", "-f", "json", "--evidence", "3"],
    "manchester-segment-json": ["segment", "manchester_nh_2007-2010_mea_agreement.pdf", "-f", "json"],
}


@pytest.mark.skipif(not CONTRACTS.is_dir(), reason=f"the real contracts are not here ({CONTRACTS}); "
                    "they live outside the repository in ../shared/contracts")
@pytest.mark.parametrize("name", sorted(REAL))
def test_golden_real_contract(name, tmp_path, capsys, monkeypatch):
    args = REAL[name]
    source = CONTRACTS / args[1]
    if not source.exists():
        pytest.skip(f"{source} is not here")
    (tmp_path / source.name).symlink_to(source)
    got = _normalise(_run(args, tmp_path, capsys, monkeypatch), tmp_path)
    digest = hashlib.sha256(got.encode("utf-8")).hexdigest()
    stored = json.loads(REAL_DIGESTS.read_text()) if REAL_DIGESTS.exists() else {}
    if REGEN:
        stored[name] = digest
        REAL_DIGESTS.write_text(json.dumps(dict(sorted(stored.items())), indent=2) + "\n")
    assert stored.get(name) == digest, f"{name}: output digest changed" + (
        f" (known: {KNOWN_DIFFERENCES[name]})" if name in KNOWN_DIFFERENCES else "")
