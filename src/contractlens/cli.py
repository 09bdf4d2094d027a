"""Command line: parse arguments, call one command of the library (``contractlens.commands``),
render its result and exit with the status the result knows. No logic lives here."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
import typer.core
from rich.console import Console

from . import __version__
from . import commands
from .errors import (EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_PARTIAL, ConfigError,
                     ContractLensError, Interrupted, printable)

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 a check failed (policy violated; diff --exit-code: a practice lost); "
    "2 usage or configuration error; "
    "3 an input file could not be read; 4 some files of a batch (scan, check, compare) failed, the rest completed; "
    "130 interrupted (Ctrl-C or SIGTERM)."
)

class _Group(typer.core.TyperGroup):
    """Typer turns Ctrl-C into a silent exit 130; the commands' own KeyboardInterrupt (an
    ``Interrupted`` that may say how far a batch got) is carried past it to ``main`` instead."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise _Stopped(exc) from None


class _Stopped(BaseException):
    """An interruption on its way from a command to ``main`` (not an Exception: nothing catches it)."""

    def __init__(self, interrupt: KeyboardInterrupt):
        super().__init__(interrupt)
        self.interrupt = interrupt


app = typer.Typer(
    cls=_Group,
    name="contractlens",
    help="Find innovative labor-management practices in teacher collective bargaining agreements.\n\n"
         + EXIT_CODES_HELP,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class _Voice:
    """How much the command says on stderr besides errors: -q nothing else, -v more."""
    quiet = False
    verbose = False


_voice = _Voice()


def _command(typer_app: typer.Typer, *args, **kwargs):
    """``typer_app.command(...)`` that gives every command the same -q/--quiet and -v/--verbose
    options: they are added to the function's signature here, once, and set ``_voice``."""
    def decorate(fn):
        @functools.wraps(fn)
        def run(*a, quiet: bool = False, verbose: bool = False, **k):
            if quiet and verbose:
                raise ConfigError("--quiet and --verbose contradict each other; give one of them")
            _voice.quiet, _voice.verbose = quiet, verbose
            return fn(*a, **k)
        sig = inspect.signature(fn)
        extra = [inspect.Parameter("quiet", inspect.Parameter.KEYWORD_ONLY, annotation="bool", default=typer.Option(
                     False, "--quiet", "-q", help="Only errors on stderr: no progress bar, notes or warnings.")),
                 inspect.Parameter("verbose", inspect.Parameter.KEYWORD_ONLY, annotation="bool", default=typer.Option(
                     False, "--verbose", "-v", help="More on stderr: what each file took, which files were used."))]
        run.__signature__ = sig.replace(parameters=[*sig.parameters.values(), *extra])
        run.__annotations__ = {**fn.__annotations__, "quiet": "bool", "verbose": "bool"}
        return typer_app.command(*args, **kwargs)(run)
    return decorate


def _note(message: str, prefix: str = "contractlens: note: ") -> None:
    """Progress and notes on stderr, unless -q."""
    if not _voice.quiet:
        print(prefix + printable(message), file=sys.stderr)


def _detail(message: str) -> None:
    """More detail on stderr, with -v."""
    if _voice.verbose:
        print(f"contractlens: {printable(message)}", file=sys.stderr)


def _progress_wanted() -> bool:
    return sys.stderr.isatty() and not _voice.quiet


class OutlineFormat(str, Enum):
    table = "table"
    json = "json"


class PdfEngine(str, Enum):
    pdfium = "pdfium"
    pdfminer = "pdfminer"


class OcrMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


OCR_HELP = ("OCR: auto reads pages without a usable text layer by OCR; always reads every page; "
            "never keeps the text layer only.")
JOBS_HELP = "Pages read by OCR in parallel (0: one per CPU core)."
REVIEWS_HELP = ("A review file (contractlens review): apply its verdicts on the findings; the report says so "
                "and lists stale reviews.")


def _output_option(what: str = "the report"):
    return typer.Option(None, "--output", "-o", help=f"Write {what} to this file (atomically; never over an input).")


def _ocr(mode: OcrMode, jobs: int):
    """OCR options for each file, with a progress bar per page on a terminal."""
    from .ingest import OcrOptions, default_ocr_cache

    @contextmanager
    def options(file: Path):
        bar = _progress_bar() if _progress_wanted() else None
        try:
            yield OcrOptions(mode=mode.value, jobs=jobs or (os.cpu_count() or 1), cache=default_ocr_cache(),
                             progress=(lambda done, total, page: bar.update(done, total,
                                                                            f"{file.name}: OCR, page {page}"))
                             if bar else None)
        finally:
            if bar:
                bar.close()
    return options


def _errors(failures) -> None:
    for f in failures:
        print(f"contractlens: error: {f}", file=sys.stderr)


def _exit(run) -> None:
    if run.exit_code:
        raise typer.Exit(run.exit_code)


def _stdout() -> Console:
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "160"))
    return Console(width=width, soft_wrap=False, highlight=False)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"contractlens {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    pass


@_command(app, epilog=EXIT_CODES_HELP)
def segment(
    file: Path = typer.Argument(..., help="Contract: PDF, .docx, .txt or .md.", show_default=False),
    format: OutlineFormat = typer.Option(OutlineFormat.table, "--format", "-f", help="Output format."),
    depth: Optional[int] = typer.Option(None, "--depth", min=1, help="Table: show units down to this level."),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.pdfium, "--pdf-engine",
                                         help="PDF text engine: pdfium (fast) or pdfminer (pure Python)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Text files: encoding if not UTF-8."),
    password: Optional[str] = typer.Option(None, "--password", help="Password of an encrypted PDF."),
    ocr: OcrMode = typer.Option(OcrMode.auto, "--ocr", help=OCR_HELP),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help=JOBS_HELP),
    output: Optional[Path] = _output_option(),
) -> None:
    """Show a contract's structure: articles, sections, items and their pages."""
    run = commands.segment(file, pdf_engine=pdf_engine.value, encoding=encoding, password=password,
                           ocr=_ocr(ocr, jobs), output=output)
    c = run.contract
    _detail(f"{c.source.path}: {c.source.format} via {c.source.engine}, {c.source.pages} page(s), "
            f"{len(c.units)} unit(s), read in {run.seconds:.2f} s")
    if format is OutlineFormat.json:
        _write(output, commands.to_json(run))
    else:
        from .reporters import outline_table
        _report(output, lambda console: outline_table.render(run.contract, console, depth=depth))
    _exit(run)


class ScanFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@_command(app, epilog=EXIT_CODES_HELP)
def scan(
    files: list[Path] = typer.Argument(..., help="Contracts: PDF, .docx, .txt or .md; - reads one from stdin.",
                                       show_default=False),
    format: ScanFormat = typer.Option(ScanFormat.table, "--format", "-f", help="Output format."),
    rules: Optional[str] = typer.Option(None, "--rules", help="A rule pack directory or rule file of your own."),
    pack: str = typer.Option("handbook", "--pack", help="Bundled rule pack: handbook or principles."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help="Leave out evidence below this confidence."),
    evidence: int = typer.Option(1, "--evidence", min=1, max=50, help="Evidence quotes per practice."),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.pdfium, "--pdf-engine", help="PDF text engine."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Text files: encoding if not UTF-8."),
    password: Optional[str] = typer.Option(None, "--password", help="Password of an encrypted PDF."),
    ocr: OcrMode = typer.Option(OcrMode.auto, "--ocr", help=OCR_HELP),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help=JOBS_HELP),
    reviews: Optional[Path] = typer.Option(None, "--reviews", help=REVIEWS_HELP),
    output: Optional[Path] = _output_option(),
) -> None:
    """Report which practices each contract codifies, where, and how sure."""
    run = commands.scan(files, rules=rules, pack=pack, min_confidence=min_confidence, evidence=evidence,
                        pdf_engine=pdf_engine.value, encoding=encoding, password=password, ocr=_ocr(ocr, jobs),
                        reviews=reviews, output=output, stdin=sys.stdin.buffer if "-" in map(str, files) else None)
    _errors(run.failures)
    for path, seconds in run.timings:
        _detail(f"{path}: read and scanned in {seconds:.2f} s")
    if format is ScanFormat.json:
        _write(output, commands.to_json(run))
    elif format is ScanFormat.markdown:
        from .reporters import scan_markdown
        _write(output, scan_markdown.render(list(run.results), list(run.failures), evidence=evidence), nl=True)
    else:
        from .reporters import scan_table

        def render(console):
            for result in run.results:
                scan_table.render(result, console, evidence=evidence)
        _report(output, render)
    _exit(run)


rules_app = typer.Typer(help="List, show, validate and test rule packs.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@_command(rules_app, "list")
def rules_list(pack: str = typer.Argument("handbook", help="A bundled pack name or a directory of rule files.")) -> None:
    """The practices a pack looks for."""
    from .reporters import rules_report

    run = commands.rules_list(pack)
    rules_report.render_list(run, _stdout())
    _exit(run)


@_command(rules_app, "show")
def rules_show(rule_id: str = typer.Argument(..., help="A practice id, e.g. waivers_overrides."),
               pack: str = typer.Option("handbook", "--pack", help="Bundled pack name or directory.")) -> None:
    """One rule: what it means, its signals, exclusions and examples."""
    from .reporters import rules_report

    run = commands.rules_show(rule_id, pack)
    rules_report.render_show(run, _stdout())
    _exit(run)


@_command(rules_app, "validate")
def rules_validate(path: str = typer.Argument("handbook", help="A bundled pack name, a directory or a rule file.")) -> None:
    """Check every rule file against the schema (exit 2 with file:line on the first problem)."""
    from .reporters import rules_report

    run = commands.rules_validate(path)
    for file in run.files:
        _detail(f"{file}: valid")
    typer.echo(rules_report.render_validate(run))
    _exit(run)


@_command(rules_app, "test")
def rules_test(path: str = typer.Argument("handbook", help="A bundled pack name, a directory or a rule file.")) -> None:
    """Run every example of every rule; print each failure with what fired (exit 1 if any fail)."""
    from .reporters import rules_report

    run = commands.rules_test(path)
    _detail(f"{len(run.results)} examples of {run.rules} rules in {run.seconds:.2f} s")
    typer.echo(rules_report.render_test(run))
    _exit(run)


@_command(app, "eval", epilog=EXIT_CODES_HELP)
def eval_(
    gold: list[Path] = typer.Argument(..., help='Labeled clauses, JSON lines {"id", "text", "labels"}; '
                                           'several files are read as one set. With --reviews: the contracts '
                                           'reviewed.', show_default=False),
    format: OutlineFormat = typer.Option(OutlineFormat.table, "--format", "-f", help="Output format."),
    predictions_out: Optional[Path] = typer.Option(None, "--predictions-out",
                                                   help='Write {"id", "labels", "scores"} per clause here.'),
    rules: Optional[str] = typer.Option(None, "--rules", help="A rule pack directory or rule file."),
    pack: str = typer.Option("handbook", "--pack", help="Bundled rule pack."),
    by: Optional[str] = typer.Option(None, "--by", help="Also report each district (clauses without one: "
                                     "their source page)."),
    leave_one_out: Optional[str] = typer.Option(None, "--leave-one-out", help="district: fit the weights "
                                                "again without each district and score it with them."),
    lodo: bool = typer.Option(False, "--lodo", help="Same as --leave-one-out district."),
    hand_weights: bool = typer.Option(False, "--hand-weights", help="Use the rule files' own weights, "
                                      "not the pack's fitted ones."),
    fit_out: Optional[Path] = typer.Option(None, "--fit-out", help="Fit weights and thresholds on these "
                                           "clauses and write them here (a pack's fitted.yaml)."),
    reviews: Optional[Path] = typer.Option(None, "--reviews", help="A review file as the gold: measure the rules "
                                           "on the contracts given, per practice (--by district: per contract)."),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.pdfium, "--pdf-engine", help="With --reviews: PDF text engine."),
    output: Optional[Path] = _output_option(),
) -> None:
    """Measure the rules on labeled clauses: precision, recall, F1 per practice; held out by district.
    With --reviews FILE CONTRACTS...: on your own contracts, the reviews as gold."""
    run = commands.evaluate(gold, rules=rules, pack=pack, by=by, leave_one_out="district" if lodo else leave_one_out,
                            hand_weights=hand_weights, predictions_out=predictions_out, fit_out=fit_out,
                            reviews=reviews, pdf_engine=pdf_engine.value, output=output)
    for f in run.files:
        _detail(f"{f.name}: {f.clauses} clause(s), sha256 {f.sha256[:12]}")
    _detail(f"pack {run.pack}, {run.weights} weights" + (f", {run.folds} folds" if run.folds else ""))
    if format is OutlineFormat.json:
        _write(output, commands.to_json(run))
    else:
        from .reporters import eval_report

        def render(console):
            eval_report.render_run(run, console, title=f"{', '.join(run.gold)} — pack {run.pack}")
            if run.fit_out is not None:
                console.print(f"fitted weights written to {run.fit_out}", highlight=False)
        _report(output, render)
    _exit(run)


@_command(app, epilog=EXIT_CODES_HELP)
def review(
    contract: Path = typer.Argument(..., help="The contract reviewed: PDF, .docx, .txt or .md.", show_default=False),
    practice: Optional[str] = typer.Option(None, "--practice", help="The practice id (contractlens rules list)."),
    right: bool = typer.Option(False, "--right", help="The finding is right."),
    wrong: bool = typer.Option(False, "--wrong", help="The finding is wrong: the unit does not establish it."),
    missed: bool = typer.Option(False, "--missed", help="The rules missed it: --unit holds the practice."),
    unit: Optional[str] = typer.Option(None, "--unit", help="The unit, cited as scan prints it (\"Article XIII, "
                                       "13.5\"), or its id; default for --right/--wrong: the finding's best evidence."),
    note: str = typer.Option("", "--note", help="Why, in a few words."),
    reviewer: str = typer.Option("", "--reviewer", envvar="CONTRACTLENS_REVIEWER", help="Who reviewed."),
    file: Optional[Path] = typer.Option(None, "--file", help="The review file (default: contractlens-reviews.yaml "
                                        "in the current directory)."),
    list_: bool = typer.Option(False, "--list", help="List the file's reviews of this contract instead."),
    pack: str = typer.Option("handbook", "--pack", help="Bundled rule pack."),
    rules: Optional[str] = typer.Option(None, "--rules", help="A rule pack directory of your own."),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.pdfium, "--pdf-engine", help="PDF text engine."),
    ocr: OcrMode = typer.Option(OcrMode.auto, "--ocr", help=OCR_HELP),
) -> None:
    """Mark a finding right or wrong, or add one the rules missed, in a review file that scan,
    check, compare and eval read with --reviews."""
    from .errors import ConfigError
    from .reporters import review_report

    if list_:
        typer.echo(review_report.render_list(commands.list_reviews(contract, file=file, rules=rules, pack=pack,
                                                                   pdf_engine=pdf_engine.value, ocr=ocr.value)),
                   nl=False)
        return
    chosen = [name for name, on in (("right", right), ("wrong", wrong), ("missed", missed)) if on]
    if len(chosen) != 1 or practice is None:
        raise ConfigError("give --practice ID and one of --right, --wrong or --missed (or --list)")
    run = commands.review(contract, practice=practice, verdict=chosen[0], unit=unit, note=note, reviewer=reviewer,
                          file=file, rules=rules, pack=pack, pdf_engine=pdf_engine.value, ocr=ocr.value)
    typer.echo(review_report.render_recorded(run), nl=False)
    _exit(run)


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


CHECK_EXIT_HELP = ("Exit codes: 0 the policy passed; 1 the policy is violated; 2 a usage or configuration error "
                   "(bad option, policy or baseline file); 3 an input file could not be read; 4 some drafts could "
                   "not be read, the others were checked.")


@_command(app, epilog=CHECK_EXIT_HELP, help="Check draft agreements against a policy: practices that must be "
             "present or kept, minimums per area, maximum length. " + CHECK_EXIT_HELP)
def check(
    drafts: list[Path] = typer.Argument(..., help="Draft agreements: PDF, .docx, .txt or .md.", show_default=False),
    policy: Optional[Path] = typer.Option(None, "--policy", help="The policy file (YAML, or a pyproject.toml with "
                                          "[tool.contractlens]); default: contractlens-policy.yaml or "
                                          "[tool.contractlens] found in this directory or a parent."),
    against: Optional[Path] = typer.Option(None, "--against", help="The previous version: what it has must be kept."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Accepted violations (from --write-baseline)."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline",
                                                  help="Record the current violations as accepted, in this file."),
    reason: str = typer.Option("accepted when the baseline was taken", "--reason",
                               help="The reason recorded with --write-baseline."),
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = _output_option(),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.pdfium, "--pdf-engine", help="PDF text engine."),
    reviews: Optional[Path] = typer.Option(None, "--reviews", help=REVIEWS_HELP),
) -> None:
    run = commands.check(drafts, policy, against=against, baseline=baseline, write_baseline=write_baseline,
                         reason=reason, output=output, pdf_engine=pdf_engine.value, reviews=reviews)
    _detail(f"policy {run.policy}; rule pack {run.rules[0].pack if run.rules else '?'}")
    for path, seconds in run.timings:
        _detail(f"{path}: checked in {seconds:.2f} s")
    _errors(run.failures)
    if run.baseline is not None:
        _note(f"wrote {run.baseline_entries} accepted violation(s) to {run.baseline}", "contractlens: ")
    from .reporters import check_text, github, junit, sarif
    results, failures = list(run.results), list(run.failures)
    text = {CheckFormat.text: lambda: check_text.render(results) + "".join(f"error: {e}\n" for e in failures),
            CheckFormat.json: lambda: commands.to_json(run),
            CheckFormat.sarif: lambda: sarif.render(results, run.rules),
            CheckFormat.junit: lambda: junit.render(results, failures),
            CheckFormat.github: lambda: github.render(results, failures)}[format]()
    _write(output, text)
    _exit(run)


def _write(output: Optional[Path], text: str, nl: Optional[bool] = None) -> None:
    """The report on stdout (``nl``: add a newline; by default when it has none), or with -o the
    same text in a file written through files.write_atomically, ending in a newline."""
    nl = not text.endswith("\n") if nl is None else nl
    if output is not None:
        from .files import write_atomically
        text += "\n" if nl else ""
        write_atomically(output, text if text.endswith("\n") else text + "\n")
    else:
        typer.echo(text, nl=nl)


def _report(output: Optional[Path], render) -> None:
    """A report a reporter draws on a rich console: on stdout, or with -o as plain text in a file,
    as wide as stdout would be in a pipe."""
    if output is None:
        render(_stdout())
        return
    import io

    buffer = io.StringIO()
    render(Console(file=buffer, width=int(os.environ.get("COLUMNS", "160")), soft_wrap=False, highlight=False,
                   color_system=None, force_terminal=False))
    _write(output, buffer.getvalue())


@_command(app, epilog=EXIT_CODES_HELP)
def diff(
    old: Path = typer.Argument(..., help="The earlier version.", show_default=False),
    new: Path = typer.Argument(..., help="The later version.", show_default=False),
    format: OutlineFormat = typer.Option(OutlineFormat.table, "--format", "-f", help="table (text) or json."),
    pack: str = typer.Option("handbook", "--pack", help="Rule pack for practices gained and lost."),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.pdfium, "--pdf-engine", help="PDF text engine."),
    output: Optional[Path] = _output_option(),
    exit_code: bool = typer.Option(False, "--exit-code", help="Exit 1 when a practice of OLD is lost in NEW "
                                   "(as check does when a policy is violated); 0 otherwise."),
) -> None:
    """What changed between two versions: practices gained and lost; units added, removed or changed."""
    run = commands.diff(old, new, pack=pack, pdf_engine=pdf_engine.value, output=output, fail_on_lost=exit_code)
    _detail(f"{run.result.matched} unit(s) aligned, {len(run.result.practices)} practice(s) gained or lost, "
            f"{run.seconds:.2f} s")
    if format is OutlineFormat.json:
        _write(output, commands.to_json(run), nl=False)
    else:
        from .reporters import diff_report
        _write(output, diff_report.render_text(run.result), nl=False)
    _exit(run)


class MatrixFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    html = "html"
    xlsx = "xlsx"


@_command(app, epilog=EXIT_CODES_HELP)
def compare(
    paths: Optional[list[str]] = typer.Argument(None, help="Contracts: files, directories or glob patterns.",
                                                show_default=False),
    manifest: Optional[Path] = typer.Option(None, "--manifest",
                                            help="CSV with columns path, district, state, term."),
    db: Optional[Path] = typer.Option(None, "--db", help="Results database (default: in your cache directory)."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Parallel processes (0: one per CPU core)."),
    format: MatrixFormat = typer.Option(MatrixFormat.table, "--format", "-f", help="Output format."),
    output: Optional[Path] = _output_option("the matrix"),
    pack: str = typer.Option("handbook", "--pack", help="Rule pack: handbook, principles, or a directory."),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.pdfium, "--pdf-engine", help="PDF text engine."),
    ocr: OcrMode = typer.Option(OcrMode.auto, "--ocr", help=OCR_HELP + " OCR'd pages are cached in the database."),
    exclude: Optional[list[str]] = typer.Option(None, "--exclude", help="Skip files matching this pattern "
                                                "(gitignore syntax; repeatable; also .contractlensignore in a folder)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Scan on this Dask "
                                            "cluster (tcp://host:8786) instead of local processes; see the README."),
    reviews: Optional[Path] = typer.Option(None, "--reviews", help=REVIEWS_HELP),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Read again the files that failed before "
                                      "(by default their stored reason is reported without reading them)."),
) -> None:
    """Compare many contracts: a district x practice matrix. Unchanged files come from the
    results database without being read again; with --db and no paths, re-renders what it holds."""
    if output is not None and output.suffix.lower() == ".xlsx":
        format = MatrixFormat.xlsx  # -o out.xlsx: the extension says the format
    if _voice.quiet:
        progress = _progress_none()
    else:
        progress = _progress_bar() if sys.stderr.isatty() else _progress_lines()
    try:
        run = commands.compare(paths, manifest=manifest, db=db, jobs=jobs, output=output, pack=pack,
                               pdf_engine=pdf_engine.value, ocr=ocr.value, exclude=exclude,
                               progress=progress.update, scheduler=scheduler, reviews=reviews,
                               retry_failed=retry_failed)
    finally:
        progress.close()
    for note in run.notes:
        _note(note)
    for warning in run.warnings:
        _note(warning, "warning: ")
    _errors(run.failures)
    matrix = run.matrix
    for note in matrix.duplicates:
        _note(note)
    _detail(f"{len(matrix.rows)} contract(s): {matrix.scanned} scanned in this run, "
            f"{len(matrix.rows) - matrix.scanned} from the results database {run.db} (pack {matrix.pack} "
            f"version {matrix.pack_version}) in {run.seconds:.2f} s")
    if format is MatrixFormat.xlsx and output is None and sys.stdout.isatty():
        from .errors import ConfigError
        raise ConfigError("-f xlsx writes a binary workbook: give -o FILE.xlsx (or redirect the output)")
    if format is MatrixFormat.table and output is None:
        from .reporters import matrix_table
        matrix_table.render(matrix, _stdout())
    else:
        from .reporters import matrix_export, matrix_html, matrix_table
        if format is MatrixFormat.xlsx:
            from .reporters import matrix_xlsx
            text = matrix_xlsx.render(matrix)
        elif format is MatrixFormat.html:
            text = matrix_html.render(matrix, definitions=commands.practice_definitions(pack),
                                      base=Path(output).parent if output is not None else None)
        elif format is MatrixFormat.csv:
            text = matrix_export.render_csv(matrix)
        elif format is MatrixFormat.json:
            text = commands.to_json(run) + "\n"
        else:
            from rich.console import Console
            console = Console(record=True, width=200, file=open(os.devnull, "w"))
            matrix_table.render(matrix, console)
            text = console.export_text()
        if output is not None:
            from .files import write_atomically
            write_atomically(output, text)
            _note(f"wrote {output} ({len(matrix.rows)} contracts)", "contractlens: ")
        elif isinstance(text, bytes):
            sys.stdout.buffer.write(text)
            sys.stdout.flush()
        else:
            typer.echo(text, nl=False)
    _exit(run)


class _progress_bar:
    """A progress bar on stderr while files are scanned."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            TextColumn("{task.description}"), console=Console(stderr=True), transient=True)
        self.task = None

    def update(self, done: int, total: int, path: str) -> None:
        if self.task is None:
            if total == 0:
                return
            self.bar.start()
            self.task = self.bar.add_task("", total=total)
        self.bar.update(self.task, completed=done, description=path.rsplit("/", 1)[-1])

    def close(self) -> None:
        if self.task is not None:
            self.bar.stop()


class _progress_none:
    """No progress at all (-q)."""

    def update(self, done: int, total: int, path: str) -> None:
        pass

    def close(self) -> None:
        pass


class _progress_lines:
    """Progress where stderr is not a terminal (a pipe, a log file, CI): one plain line per
    finished document, ``[3/6] contracts/file.pdf``, instead of a live display."""

    def update(self, done: int, total: int, path: str) -> None:
        if done and total:
            print(f"[{done}/{total}] {printable(path)}", file=sys.stderr, flush=True)

    def close(self) -> None:
        pass


@contextmanager
def _interruptible(stopping: list):
    """Ctrl-C and SIGTERM raise ``Interrupted`` in the main thread, so the work stops where it
    is, cleans up (a process pool, a cluster client, an open transaction) and ``main`` says
    how far it got. A second signal while that happens ends the process at once. The previous
    handlers come back afterwards (``main`` may run inside a test or another program)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        if stopping:
            print("contractlens: interrupted", file=sys.stderr, flush=True)
            os._exit(EXIT_INTERRUPTED)
        stopping.append(signum)
        raise Interrupted()

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def main(argv: list[str] | None = None) -> None:
    """Entry point: one line on stderr and a documented exit code for every user error.

    Click runs without its standalone mode, so every error comes back here: usage errors
    (unknown option, missing argument, bad choice) become one line naming the command, exit 2,
    instead of click's usage text and typer's boxed message. Ctrl-C and SIGTERM raise
    ``Interrupted`` inside the command (``_interruptible``), which ``_Group`` carries past typer."""
    import importlib

    # click's exceptions, wherever this typer takes click from (it may vendor its own copy)
    click = importlib.import_module(typer.BadParameter.__module__)
    command = typer.main.get_command(app)
    stopping: list = []  # the signals received
    try:
        with _interruptible(stopping):
            code = command.main(args=argv, prog_name="contractlens", standalone_mode=False)
    except (_Stopped, KeyboardInterrupt) as exc:
        interrupt = exc.interrupt if isinstance(exc, _Stopped) else exc
        _interrupted(str(interrupt) if isinstance(interrupt, Interrupted) and str(interrupt) else "interrupted")
    except click.NoArgsIsHelpError as exc:  # `contractlens` or `contractlens rules` alone: the help
        if exc.format_message():  # typer's rich help has printed itself already
            typer.echo(exc.format_message(), err=True)
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        _usage_error(exc, command, sys.argv[1:] if argv is None else argv)
    except click.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code)
    except ContractLensError as exc:
        _fail(str(exc), exc.exit_code)
    except (typer.Abort, getattr(click, "Abort", typer.Abort)):
        _interrupted("interrupted")
    except (SystemExit, typer.Exit):
        raise
    except Exception as exc:
        if os.environ.get("CONTRACTLENS_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set CONTRACTLENS_DEBUG=1 for details; "
              "please report it)", EXIT_INTERNAL)
    else:
        if code == EXIT_INTERRUPTED:  # typer turns Ctrl-C inside a command into Exit(130)
            _interrupted("interrupted")
        sys.exit(code if isinstance(code, int) else 0)


def _usage_error(exc, group, argv: list[str]) -> None:
    """``contractlens scan: error: no such option: --foo (try --help)`` and exit 2."""
    if exc.ctx is not None:
        where = exc.ctx.command_path
    else:  # click's parser raises some errors without a context: the command from the arguments
        names = ["contractlens"]
        for arg in argv:
            sub = getattr(group, "commands", {}).get(arg)
            if sub is None:
                break
            names.append(arg)
            group = sub
        where = " ".join(names)
    message = " ".join(exc.format_message().split()).rstrip(".")
    if len(message) > 1 and message[0].isupper() and not message[1].isupper():
        message = message[0].lower() + message[1:]
    print(f"{printable(where)}: error: {printable(message)} (try --help)", file=sys.stderr)
    sys.exit(exc.exit_code)


def _interrupted(message: str) -> None:
    print(f"contractlens: {printable(message)}", file=sys.stderr, flush=True)
    sys.exit(EXIT_INTERRUPTED)


def _fail(message: str, code: int) -> None:
    print(f"contractlens: error: {printable(message)}", file=sys.stderr)
    sys.exit(code)


__all__ = ["app", "main", "EXIT_INPUT", "EXIT_PARTIAL", "EXIT_FINDINGS"]
