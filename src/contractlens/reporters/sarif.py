"""SARIF 2.1.0 for code-scanning tools: one result per violation, rule metadata from the check's rule
descriptions (``model.RuleInfo``), not from the rule pack."""

from __future__ import annotations

import json

from .._version import __version__
from ..model import CheckResult, Location, RuleInfo, Violation
from ._text import uri as _uri

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
POLICY_RULES = {
    "min_per_area": "Too few practices in an area",
    "max_pages": "Agreement longer than the policy's page limit",
    "max_words": "Agreement longer than the policy's word limit",
}


def _location(loc: Location) -> dict:
    physical: dict = {"artifactLocation": {"uri": _uri(loc.file)}}
    if loc.line:
        physical["region"] = {"startLine": loc.line}
    out: dict = {"physicalLocation": physical}
    if loc.citation:
        out["logicalLocations"] = [{"name": loc.citation, "kind": "module"}]
    if loc.page:
        out["properties"] = {"page": loc.page, "printedPage": loc.printed_page}
    return out


def _rule_id(v: Violation) -> str:
    return v.practice if v.practice else f"policy/{v.rule}"


def render(results: list[CheckResult], rules: tuple[RuleInfo, ...]) -> str:
    violations = [v for r in results for v in r.violations]
    descriptors, index = [], {}
    for rule in rules:
        index[rule.id] = len(descriptors)
        descriptors.append({
            "id": rule.id,
            "name": "".join(w.title() for w in rule.id.split("_")),
            "shortDescription": {"text": rule.name},
            "fullDescription": {"text": rule.description},
            "defaultConfiguration": {"level": "error"},
            "properties": {"area": rule.area, "areaName": rule.area_name, "pack": rule.pack},
        })
    for key, text in POLICY_RULES.items():
        index[f"policy/{key}"] = len(descriptors)
        descriptors.append({"id": f"policy/{key}", "shortDescription": {"text": text},
                            "defaultConfiguration": {"level": "error"}})
    sarif_results = []
    for v in violations:
        page = f" (p. {v.location.page})" if v.location.page else ""
        result = {
            "ruleId": _rule_id(v),
            "ruleIndex": index[_rule_id(v)],
            "level": "error",
            "message": {"text": f"[{v.rule}] {v.message}{page}"},
            "locations": [_location(v.location)],
            "partialFingerprints": {"contractlens/v1": v.fingerprint},
            "properties": {"policyRule": v.rule, **({"area": v.area} if v.area else {})},
        }
        if v.related:
            result["relatedLocations"] = [{"id": k + 1, **_location(loc)} for k, loc in enumerate(v.related)]
        sarif_results.append(result)
    run = {
        "tool": {"driver": {"name": "contractlens", "version": __version__,
                            "informationUri": "https://pypi.org/project/contractlens/", "rules": descriptors}},
        "results": sarif_results,
        "columnKind": "unicodeCodePoints",
    }
    reviewed = [r.draft for r in results if r.draft.reviews is not None]
    if reviewed:  # only with --reviews
        run["properties"] = {"reviews": [{"draft": s.source.path, "file": s.reviews.file, "summary": s.reviews.summary}
                                         for s in reviewed]}
        run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": [
            {"level": "warning", "message": {"text": f"stale review ({s.reviews.file}:{o.review.line}): "
                                                     f"{o.review.practice} {o.review.verdict}: {o.detail}"}}
            for s in reviewed for o in s.reviews.stale]}]
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False)
