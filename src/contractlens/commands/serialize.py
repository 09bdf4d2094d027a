"""Command results as JSON text and plain data: exactly what ``-f json`` prints."""

from __future__ import annotations

import json

from ..model import CheckRun, CompareRun, DiffRun, EvalRun, ScanRun, SegmentRun


def to_json(run) -> str:
    """The JSON the CLI prints for this result with ``--format json``."""
    from ..reporters import check_json, diff_report, eval_report, matrix_export, outline_json, scan_json

    if isinstance(run, SegmentRun):
        return outline_json.render(run.contract)
    if isinstance(run, ScanRun):
        return scan_json.render(list(run.results), list(run.failures))
    if isinstance(run, CheckRun):
        return check_json.render(list(run.results), list(run.failures))
    if isinstance(run, DiffRun):
        return diff_report.render_json(run.result)
    if isinstance(run, CompareRun):
        return matrix_export.render_json(run.matrix)
    if isinstance(run, EvalRun):
        return eval_report.render_json(run.result, run.groups, run)
    raise TypeError(f"not a command result: {type(run).__name__}")


def to_data(run):
    """The same as dicts and lists (the documented JSON schema of each command)."""
    return json.loads(to_json(run))
