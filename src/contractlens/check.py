"""Check a draft agreement against a policy, optionally against the previous version.

A violation is located where a reviewer can look: the file, page and unit. Its
fingerprint depends on the rule, the practice or area, and the text of the
unit concerned, never on page numbers, so baselines survive re-pagination.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from pathlib import Path

from . import __version__
from .diff import diff_contracts, unit_fingerprints
from .errors import ConfigError
from .model.check import CheckOutcome, CheckResult, Location, RuleInfo, Violation  # noqa: F401 - re-exported
from .model.document import Contract
from .model.findings import PRESENT, Evidence, ScanResult
from .model.policy import BaselineEntry, Policy, Suppression  # noqa: F401 - BaselineEntry re-exported
from .rules import RulePack
from .structure.citation import citation, contract_metrics


def _fingerprint(rule: str, practice: str | None, area: str | None, unit: str | None) -> str:
    return hashlib.sha1(f"{rule}|{practice or ''}|{area or ''}|{unit or ''}".encode()).hexdigest()[:16]


def _location(contract: Contract, e: Evidence | None, fingerprints: dict[str, str],
              lines: dict[str, int]) -> Location:
    path = contract.source.path
    if e is None or e.unit_id is None:
        return Location(path)
    return Location(path, e.page, e.printed_page, e.citation, e.unit_id, fingerprints.get(e.unit_id),
                    lines.get(e.unit_id))


def source_lines(contract: Contract) -> dict[str, int]:
    """Line of each unit's first line in the text as read (1-based), as ingest recorded it: for
    text and Markdown the source file's line, for PDF and .docx the extracted text's."""
    return {u.id: u.line for u in contract.units if u.line}


def run_check(policy: Policy, pack: RulePack, draft: Contract, draft_scan: ScanResult,
              previous: Contract | None = None, previous_scan: ScanResult | None = None,
              baseline: list[Suppression] | None = None) -> CheckResult:
    fp_new = unit_fingerprints(draft)
    lines_new = source_lines(draft)
    violations: list[Violation] = []
    checked: list[tuple[str, str, str | None]] = []  # (name, rule, subject), in the order evaluated

    for req in policy.require:
        checked.append((f"require {req.practice}", "require", req.practice))
        p = draft_scan.practice(req.practice)
        rule = pack.rule(req.practice)
        need = req.min_confidence if req.min_confidence is not None else rule.threshold
        if p.status == PRESENT and p.confidence >= need:
            continue
        best = p.evidence[0] if p.evidence else None
        found = f"found only at confidence {p.confidence:.2f}" if p.confidence else "not found"
        loc = _location(draft, best, fp_new, lines_new)
        violations.append(Violation("require", req.practice, None,
                                    f"{rule.name} must be present at confidence {need:.2f} or more; {found}"
                                    + (f" (best: {best.citation}, p. {best.page})" if best and best.unit_id else ""),
                                    loc, fingerprint=_fingerprint("require", req.practice, None, None),
                                    check=checked[-1][0]))

    diff = None
    if previous is not None and previous_scan is not None:
        diff = diff_contracts(previous, draft, previous_scan, draft_scan)
        fp_old = unit_fingerprints(previous)
        lines_old = source_lines(previous)
        keep = [r.id for r in pack.rules] if policy.keep == "all" else list(policy.keep)
        for pid in keep:
            checked.append((f"keep {pid}", "keep", pid))
        lost = {c.practice: c for c in diff.lost}
        for pid in keep:
            if pid not in lost:
                continue
            change = lost[pid]
            old_loc = _location(previous, change.old, fp_old, lines_old)
            related = []
            if change.old and change.old.unit_id and change.old.unit_id in diff.alignment:
                new_id = diff.alignment[change.old.unit_id]
                unit = draft.unit(new_id)
                by_id = {u.id: u for u in draft.units}
                page = draft.pages[unit.page_start - 1]
                related.append(Location(draft.source.path, unit.page_start, page.printed, citation(unit, by_id),
                                        unit.id, fp_new.get(unit.id), lines_new.get(unit.id)))
            where = f"{change.old.citation}, p. {change.old.page}" if change.old and change.old.unit_id else "the old version"
            message = (f"{change.name} was in the previous version ({where}) and is missing from this draft"
                       + (f"; that unit is now {related[0].citation}" if related else "; that unit was removed"))
            violations.append(Violation("keep", pid, None, message, old_loc, tuple(related),
                                        _fingerprint("keep", pid, None, old_loc.unit_fingerprint), f"keep {pid}"))

    for area, minimum in policy.min_per_area:
        checked.append((f"min_per_area {area}", "min_per_area", area))
        present = [p for p in draft_scan.practices if p.area == area and p.status == PRESENT]
        if len(present) < minimum:
            name = pack.area_name(area)
            violations.append(Violation("min_per_area", None, area,
                                        f"{name}: {len(present)} practice(s) present, the policy requires {minimum}",
                                        Location(draft.source.path), fingerprint=_fingerprint("min_per_area", None, area, None),
                                        check=checked[-1][0]))

    metrics = contract_metrics(draft)
    for key, metric, unit in (("max_pages", "pages", "pages"), ("max_words", "words", "words")):
        limit = getattr(policy, key)
        if limit is None:
            continue
        checked.append((key, key, None))
        value = metrics.get(metric, 0)
        if value > limit:
            violations.append(Violation(key, None, None,
                                        f"the agreement proper runs {value:.0f} {unit}; the policy allows {limit}",
                                        Location(draft.source.path), fingerprint=_fingerprint(key, None, None, None),
                                        check=key))

    return _apply_suppressions(policy, draft_scan, previous_scan, diff, violations, baseline or [], checked)


def _matches(s: Suppression, v: Violation) -> bool:
    if s.rule != v.rule:
        return False
    if getattr(s, "fingerprint", None):
        return s.fingerprint == v.fingerprint
    if s.practice is not None and s.practice != v.practice:
        return False
    if s.area is not None and s.area != v.area:
        return False
    return s.unit is None or s.unit in {v.location.unit_fingerprint} | {r.unit_fingerprint for r in v.related}


def _apply_suppressions(policy: Policy, draft_scan, previous_scan, diff, violations, baseline, checked) -> CheckResult:
    suppressions = list(policy.suppressions) + list(baseline)
    kept, suppressed = [], []
    used: set[int] = set()
    for v in violations:
        hit = next((k for k, s in enumerate(suppressions) if _matches(s, v)), None)
        if hit is None:
            kept.append(v)
        else:
            used.add(hit)
            suppressed.append((v, suppressions[hit]))
    stale = tuple(s for k, s in enumerate(suppressions) if k not in used)
    outcomes = tuple(CheckOutcome(name, rule, subject, tuple(v for v in kept if v.check == name),
                                  tuple((v, s) for v, s in suppressed if v.check == name))
                     for name, rule, subject in checked)
    return CheckResult(policy.path, draft_scan, previous_scan, diff, tuple(kept), tuple(suppressed), stale, outcomes)


def rule_infos(pack: RulePack) -> tuple[RuleInfo, ...]:
    """The pack's rules as reports describe them."""
    return tuple(RuleInfo(r.id, r.name, r.description, r.area, pack.area_name(r.area), pack.name) for r in pack.rules)


# -- baselines ---------------------------------------------------------------------------------

def write_baseline(path: str | Path, results: CheckResult | list[CheckResult] | tuple[CheckResult, ...],
                   reason: str) -> int:
    """Record the current violations of every draft as accepted, each fingerprint once; returns how many."""
    results = [results] if isinstance(results, CheckResult) else list(results)
    entries, seen = [], set()
    for result in results:
        for v in result.violations:
            if v.fingerprint in seen:  # the same violation in two drafts is accepted once
                continue
            seen.add(v.fingerprint)
            entries.append({"fingerprint": v.fingerprint, "rule": v.rule, "practice": v.practice, "area": v.area,
                            "unit": v.location.unit_fingerprint, "message": v.message, "reason": reason})
    data = {"schema_version": "1.0", "tool": f"contractlens {__version__}",
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "policy": results[0].policy if results else "", "entries": entries}
    from .files import write_atomically

    write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return len(entries)


def read_baseline(path: str | Path) -> list[Suppression]:
    p = Path(path)
    if not p.is_file():
        raise ConfigError("no such baseline file" if not p.exists() else "is not a file", path=p)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        entries = data["entries"]
        return [BaselineEntry(rule=e["rule"], reason=e.get("reason") or "baseline", practice=e.get("practice"),
                              unit=e.get("unit"), area=e.get("area"), fingerprint=e["fingerprint"])
                for e in entries]
    except RecursionError:  # json nests past the interpreter's stack: a hostile or broken file
        raise ConfigError("is not a contractlens baseline file (nested too deeply)", path=p) from None
    except OSError as exc:
        raise ConfigError(f"cannot be read ({exc.strerror or exc})", path=p) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"is not a contractlens baseline file ({type(exc).__name__}: {exc})", path=p) from None
