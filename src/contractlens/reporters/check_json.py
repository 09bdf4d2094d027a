"""`contractlens check --format json`."""

from __future__ import annotations

import dataclasses
import json

from .._version import __version__
from ..model import CheckResult, Failure, Violation
from ._text import review_dict

SCHEMA_VERSION = "1.0"


def _violation(v: Violation) -> dict:
    return {"rule": v.rule, "practice": v.practice, "area": v.area, "message": v.message,
            "fingerprint": v.fingerprint, "location": dataclasses.asdict(v.location),
            "related": [dataclasses.asdict(r) for r in v.related]}


def result_dict(r: CheckResult) -> dict:
    data = {"draft": r.draft.source.path, "previous": r.previous.source.path if r.previous else None,
            "policy": r.policy, "passed": r.passed, "checks": list(r.checked),
            "violations": [_violation(v) for v in r.violations],
            "suppressed": [{**_violation(v), "reason": s.reason} for v, s in r.suppressed],
            "stale_suppressions": [{"rule": s.rule, "practice": s.practice, "area": s.area, "unit": s.unit,
                                    "reason": s.reason, "line": s.line or None} for s in r.stale]}
    if r.draft.reviews is not None:  # only with --reviews
        data["reviews"] = review_dict(r.draft)
        if r.previous is not None and r.previous.reviews is not None:
            data["previous_reviews"] = review_dict(r.previous)
    return data


def render(results: list[CheckResult], errors: list[Failure]) -> str:
    return json.dumps({"schema_version": SCHEMA_VERSION, "tool": {"name": "contractlens", "version": __version__},
                       "passed": all(r.passed for r in results) and not errors,
                       "results": [result_dict(r) for r in results], "errors": [str(e) for e in errors]}, indent=2, ensure_ascii=False)
