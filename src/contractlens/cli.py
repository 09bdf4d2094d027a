"""Command line: parse arguments, call one library function, map the result to an exit code."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from . import __version__
from .errors import EXIT_INPUT, EXIT_PARTIAL, ContractLensError

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 a check failed (policy violated); 2 usage or configuration error; "
    "3 an input file could not be read; 4 some files of a batch failed, the rest completed."
)

app = typer.Typer(
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
) -> None:
    """Show a contract's structure: articles, sections, items and their pages."""
    from . import segment as do_segment

    contract = do_segment(file, pdf_engine=pdf_engine.value, encoding=encoding, password=password)
    if format is OutlineFormat.json:
        from .reporters import outline_json
        typer.echo(outline_json.render(contract))
    else:
        from .reporters import outline_table
        outline_table.render(contract, _stdout(), depth=depth)


def main(argv: list[str] | None = None) -> None:
    """Entry point: one line on stderr and a documented exit code for every user error.

    Typer handles usage errors itself (message and exit code 2).
    """
    try:
        app(args=argv)
    except ContractLensError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except (SystemExit, typer.Exit):
        raise
    except Exception as exc:
        if os.environ.get("CONTRACTLENS_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set CONTRACTLENS_DEBUG=1 for details; "
              "please report it)", 70)


def _fail(message: str, code: int) -> None:
    print(f"contractlens: error: {message}", file=sys.stderr)
    sys.exit(code)


__all__ = ["app", "main", "EXIT_INPUT", "EXIT_PARTIAL"]
