"""`contractlens check` for people: what failed, where to look, what was accepted."""

from __future__ import annotations

from ..model import CheckResult
from ._text import location_text as where
from ._text import review_lines


def render(results: list[CheckResult]) -> str:
    out = []
    for r in results:
        head = f"contractlens check: {r.draft.source.path} against {r.policy}"
        if r.previous is not None:
            head += f" (previous version: {r.previous.source.path})"
        out.append(head)
        for v in r.violations:
            out.append(f"  FAIL {v.title}: {v.message}")
            out.append(f"       at {where(v.location)}")
            for rel in v.related:
                out.append(f"       now {where(rel)}")
        for v, s in r.suppressed:
            out.append(f"  suppressed {v.title}: {s.reason}")
        for s in r.stale:
            src = f" ({r.policy}:{s.line})" if s.line else " (baseline)"
            out.append(f"  stale suppression{src}: {s.rule} {s.practice or s.area or ''} matched nothing; remove it")
        for scan in (r.draft, r.previous):
            if scan is not None and scan.reviews is not None:
                out.extend(f"  {line}" + (f" ({scan.source.path})" if scan is r.previous else "")
                           for line in review_lines(scan))
        status = "PASSED" if r.passed else "FAILED"
        out.append(f"  {len(r.checked)} checks, {len(r.violations)} violation(s), {len(r.suppressed)} suppressed: {status}")
    return "\n".join(out) + "\n"
