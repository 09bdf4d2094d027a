"""Command line: parse arguments, call one command of the library (``contractlens.commands``),
render its result and exit with the status the result knows. No logic lives here."""

from __future__ import annotations

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
from .errors import (EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_PARTIAL, ContractLensError,
                     Interrupted, printable)

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 a check failed (policy violated); 2 usage or configuration error; "
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


def _ocr(mode: OcrMode, jobs: int):
    """OCR options for each file, with a progress bar per page on a terminal."""
    from .ingest import OcrOptions, default_ocr_cache

    @contextmanager
    def options(file: Path):
        bar = _progress_bar() if sys.stderr.isatty() else None
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


@app.command(epilog=EXIT_CODES_HELP)
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
) -> None:
    """Show a contract's structure: articles, sections, items and their pages."""
    run = commands.segment(file, pdf_engine=pdf_engine.value, encoding=encoding, password=password,
                           ocr=_ocr(ocr, jobs))
    if format is OutlineFormat.json:
        typer.echo(commands.to_json(run))
    else:
        from .reporters import outline_table
        outline_table.render(run.contract, _stdout(), depth=depth)
    _exit(run)


class ScanFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command(epilog=EXIT_CODES_HELP)
def scan(
    files: list[Path] = typer.Argument(..., help="Contracts: PDF, .docx, .txt or .md.", show_default=False),
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
) -> None:
    """Report which practices each contract codifies, where, and how sure."""
    run = commands.scan(files, rules=rules, pack=pack, min_confidence=min_confidence, evidence=evidence,
                        pdf_engine=pdf_engine.value, encoding=encoding, password=password, ocr=_ocr(ocr, jobs),
                        reviews=reviews)
    _errors(run.failures)
    if format is ScanFormat.json:
        typer.echo(commands.to_json(run))
    elif format is ScanFormat.markdown:
        from .reporters import scan_markdown
        typer.echo(scan_markdown.render(list(run.results), list(run.failures), evidence=evidence))
    else:
        from .reporters import scan_table
        console = _stdout()
        for result in run.results:
            scan_table.render(result, console, evidence=evidence)
    _exit(run)


rules_app = typer.Typer(help="List, show, validate and test rule packs.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("list")
def rules_list(pack: str = typer.Argument("handbook", help="A bundled pack name or a directory of rule files.")) -> None:
    """The practices a pack looks for."""
    from rich.table import Table

    from .rules import load_pack

    p = load_pack(pack)
    table = Table(title=f"{p.title} ({p.name}, version {p.version})", title_justify="left")
    for col in ("Id", "Practice", "Area", "Signals", "Exclusions", "Threshold"):
        table.add_column(col)
    for r in p.rules:
        table.add_row(r.id, r.name, p.area_name(r.area), str(len(r.signals)), str(len(r.exclusions)),
                      f"{r.threshold:.2f}")
    _stdout().print(table)


@rules_app.command("show")
def rules_show(rule_id: str = typer.Argument(..., help="A practice id, e.g. waivers_overrides."),
               pack: str = typer.Option("handbook", "--pack", help="Bundled pack name or directory.")) -> None:
    """One rule: what it means, its signals, exclusions and examples."""
    from .errors import ConfigError
    from .rules import load_pack

    p = load_pack(pack)
    try:
        r = p.rule(rule_id)
    except KeyError:
        raise ConfigError(f"no rule {rule_id!r} in pack {p.name} (try: contractlens rules list)") from None
    console = _stdout()
    console.print(f"[bold]{r.name}[/] ({r.id}) — {p.area_name(r.area)}\n{r.description}\n"
                  f"file: {r.path}; scope: {r.scope}; present at confidence >= {r.threshold}", highlight=False)
    for title, specs in (("Signals", r.signals), ("Exclusions", r.exclusions)):
        if specs:
            console.print(f"\n[bold]{title}[/]")
        for s in specs:
            flag = "" if s.anchor or title == "Exclusions" else " (adds to an anchor)"
            console.print(f"  {s.id}: {s.kind}, weight {s.weight}{flag}: {s.value}", highlight=False)
    console.print("\n[bold]Must fire[/]", highlight=False)
    for t in r.fire:
        console.print(f"  + {t}", highlight=False)
    console.print("[bold]Must not fire[/]", highlight=False)
    for t in r.no_fire:
        console.print(f"  - {t}", highlight=False)


@rules_app.command("validate")
def rules_validate(path: str = typer.Argument("handbook", help="A bundled pack name, a directory or a rule file.")) -> None:
    """Check every rule file against the schema (exit 2 with file:line on the first problem)."""
    from .rules import load_pack

    p = load_pack(path)
    typer.echo(f"ok: {len(p.rules)} rules in {p.path} (pack {p.name}, version {p.version})")


@rules_app.command("test")
def rules_test(path: str = typer.Argument("handbook", help="A bundled pack name, a directory or a rule file.")) -> None:
    """Run every example of every rule; print each failure with what fired (exit 1 if any fail)."""
    from .rules import load_pack
    from .rules.examples import run_examples

    p = load_pack(path)
    results = run_examples(p)
    failures = [r for r in results if not r.ok]
    for f in failures:
        want = "should fire" if f.expected else "should not fire"
        got = f"fired at {f.confidence:.2f} via {', '.join(f.signals)}" if f.fired else (
            f"confidence {f.confidence:.2f}" + (f" via {', '.join(f.signals)}" if f.signals else ", no signal"))
        typer.echo(f"FAIL {f.rule}: {want}, {got}\n     {f.text}")
    typer.echo(f"{len(results) - len(failures)} of {len(results)} examples pass ({len(p.rules)} rules)")
    if failures:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("eval", epilog=EXIT_CODES_HELP)
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
) -> None:
    """Measure the rules on labeled clauses: precision, recall, F1 per practice; held out by district.
    With --reviews FILE CONTRACTS...: on your own contracts, the reviews as gold."""
    run = commands.evaluate(gold, rules=rules, pack=pack, by=by, leave_one_out="district" if lodo else leave_one_out,
                            hand_weights=hand_weights, predictions_out=predictions_out, fit_out=fit_out,
                            reviews=reviews, pdf_engine=pdf_engine.value)
    if format is OutlineFormat.json:
        typer.echo(commands.to_json(run))
    else:
        from .reporters import eval_report
        eval_report.render_run(run, _stdout(), title=f"{', '.join(run.gold)} — pack {run.pack}")
        if run.fit_out is not None:
            _stdout().print(f"fitted weights written to {run.fit_out}", highlight=False)
    _exit(run)


@app.command(epilog=EXIT_CODES_HELP)
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


@app.command(epilog=CHECK_EXIT_HELP, help="Check draft agreements against a policy: practices that must be "
             "present or kept, minimums per area, maximum length. " + CHECK_EXIT_HELP)
def check(
    drafts: list[Path] = typer.Argument(..., help="Draft agreements: PDF, .docx, .txt or .md.", show_default=False),
    policy: Path = typer.Option(..., "--policy", help="The policy file (YAML)."),
    against: Optional[Path] = typer.Option(None, "--against", help="The previous version: what it has must be kept."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Accepted violations (from --write-baseline)."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline",
                                                  help="Record the current violations as accepted, in this file."),
    reason: str = typer.Option("accepted when the baseline was taken", "--reason",
                               help="The reason recorded with --write-baseline."),
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.pdfium, "--pdf-engine", help="PDF text engine."),
    reviews: Optional[Path] = typer.Option(None, "--reviews", help=REVIEWS_HELP),
) -> None:
    run = commands.check(drafts, policy, against=against, baseline=baseline, write_baseline=write_baseline,
                         reason=reason, output=output, pdf_engine=pdf_engine.value, reviews=reviews)
    _errors(run.failures)
    if run.baseline is not None:
        print(f"contractlens: wrote {run.baseline_entries} accepted violation(s) to {run.baseline}", file=sys.stderr)
    from .reporters import check_text, github, junit, sarif
    results, failures = list(run.results), list(run.failures)
    text = {CheckFormat.text: lambda: check_text.render(results) + "".join(f"error: {e}\n" for e in failures),
            CheckFormat.json: lambda: commands.to_json(run),
            CheckFormat.sarif: lambda: sarif.render(results, run.rules),
            CheckFormat.junit: lambda: junit.render(results, failures),
            CheckFormat.github: lambda: github.render(results, failures)}[format]()
    _write(output, text)
    _exit(run)


def _write(output: Optional[Path], text: str) -> None:
    if output is not None:
        from .files import write_atomically
        write_atomically(output, text if text.endswith("\n") else text + "\n")
    else:
        typer.echo(text, nl=not text.endswith("\n"))


@app.command(epilog=EXIT_CODES_HELP)
def diff(
    old: Path = typer.Argument(..., help="The earlier version.", show_default=False),
    new: Path = typer.Argument(..., help="The later version.", show_default=False),
    format: OutlineFormat = typer.Option(OutlineFormat.table, "--format", "-f", help="table (text) or json."),
    pack: str = typer.Option("handbook", "--pack", help="Rule pack for practices gained and lost."),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.pdfium, "--pdf-engine", help="PDF text engine."),
) -> None:
    """What changed between two versions: practices gained and lost; units added, removed or changed."""
    run = commands.diff(old, new, pack=pack, pdf_engine=pdf_engine.value)
    if format is OutlineFormat.json:
        typer.echo(commands.to_json(run), nl=False)
    else:
        from .reporters import diff_report
        typer.echo(diff_report.render_text(run.result), nl=False)
    _exit(run)


class MatrixFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    html = "html"
    xlsx = "xlsx"


@app.command(epilog=EXIT_CODES_HELP)
def compare(
    paths: Optional[list[str]] = typer.Argument(None, help="Contracts: files, directories or glob patterns.",
                                                show_default=False),
    manifest: Optional[Path] = typer.Option(None, "--manifest",
                                            help="CSV with columns path, district, state, term."),
    db: Optional[Path] = typer.Option(None, "--db", help="Results database (default: in your cache directory)."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Parallel processes (0: one per CPU core)."),
    format: MatrixFormat = typer.Option(MatrixFormat.table, "--format", "-f", help="Output format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the output to this file."),
    pack: str = typer.Option("handbook", "--pack", help="Rule pack: handbook, principles, or a directory."),
    pdf_engine: PdfEngine = typer.Option(PdfEngine.pdfium, "--pdf-engine", help="PDF text engine."),
    ocr: OcrMode = typer.Option(OcrMode.auto, "--ocr", help=OCR_HELP + " OCR'd pages are cached in the database."),
    exclude: Optional[list[str]] = typer.Option(None, "--exclude", help="Skip files matching this pattern "
                                                "(gitignore syntax; repeatable; also .contractlensignore in a folder)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Scan on this Dask "
                                            "cluster (tcp://host:8786) instead of local processes; see the README."),
    reviews: Optional[Path] = typer.Option(None, "--reviews", help=REVIEWS_HELP),
) -> None:
    """Compare many contracts: a district x practice matrix. Unchanged files come from the
    results database without being read again; with --db and no paths, re-renders what it holds."""
    if output is not None and output.suffix.lower() == ".xlsx":
        format = MatrixFormat.xlsx  # -o out.xlsx: the extension says the format
    progress = _progress_bar() if sys.stderr.isatty() else _progress_lines()
    try:
        run = commands.compare(paths, manifest=manifest, db=db, jobs=jobs, output=output, pack=pack,
                               pdf_engine=pdf_engine.value, ocr=ocr.value, exclude=exclude,
                               progress=progress.update, scheduler=scheduler, reviews=reviews)
    finally:
        progress.close()
    for note in run.notes:
        print(f"contractlens: note: {note}", file=sys.stderr)
    for warning in run.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _errors(run.failures)
    matrix = run.matrix
    for note in matrix.duplicates:
        print(f"contractlens: note: {note}", file=sys.stderr)
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
            print(f"contractlens: wrote {output} ({len(matrix.rows)} contracts)", file=sys.stderr)
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

    Typer handles usage errors itself (message and exit code 2).
    """
    stopping: list = []  # the signals received
    try:
        with _interruptible(stopping):
            app(args=argv)
    except ContractLensError as exc:
        _fail(str(exc), exc.exit_code)
    except (_Stopped, KeyboardInterrupt) as exc:
        interrupt = exc.interrupt if isinstance(exc, _Stopped) else exc
        _interrupted(str(interrupt) if isinstance(interrupt, Interrupted) else "interrupted")
    except (SystemExit, typer.Exit) as exc:
        if stopping and getattr(exc, "code", getattr(exc, "exit_code", None)) == EXIT_INTERRUPTED:
            _interrupted("interrupted")  # Typer's own silent exit 130: the signal came while it parsed
        raise
    except Exception as exc:
        if os.environ.get("CONTRACTLENS_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set CONTRACTLENS_DEBUG=1 for details; "
              "please report it)", EXIT_INTERNAL)


def _interrupted(message: str) -> None:
    print(f"contractlens: {printable(message)}", file=sys.stderr, flush=True)
    sys.exit(EXIT_INTERRUPTED)


def _fail(message: str, code: int) -> None:
    print(f"contractlens: error: {printable(message)}", file=sys.stderr)
    sys.exit(code)


__all__ = ["app", "main", "EXIT_INPUT", "EXIT_PARTIAL", "EXIT_FINDINGS"]
