"""Signal weights and thresholds fit from labeled clauses, stored next to the rule files.

The rule files hold the hand-written weights: what a rule writer believes each signal
means. ``fitted.yaml`` in a pack directory holds weights and thresholds fit from
labeled clauses with the hand weights as the prior (see ``fit.py``); loading a pack
applies them. Each practice's entry carries a digest of the rule's signals as they
were when it was fit: when the rule file has changed since, that practice keeps its
hand weights and the pack reports it as stale until the weights are fit again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ConfigError
from .schema import RuleSpec, _Map, load_yaml

FITTED_NAME = "fitted.yaml"


@dataclass(frozen=True)
class PracticeWeights:
    signature: str  # digest of the rule's signals and exclusions when fit
    threshold: float
    weights: dict  # signal id -> weight


@dataclass(frozen=True)
class FittedWeights:
    practices: dict  # practice id -> PracticeWeights
    trained_on: tuple[dict, ...]  # {name, sha256, clauses} per labeled file
    method: str


def rule_signature(rule: RuleSpec) -> str:
    """What the fit depends on: every signal's and exclusion's kind, data, hand weight and role."""
    def spec(s):
        return [s.id, s.kind, s.prior, s.anchor, s.scope, list(s.ignore_modifiers), _jsonable(s.value)]

    data = [[spec(s) for s in rule.signals], [spec(s) for s in rule.exclusions], rule.hand_threshold or rule.threshold]
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def read_fitted(path: Path) -> FittedWeights | None:
    if not path.is_file():
        return None
    data = load_yaml(path)
    if not isinstance(data, _Map) or data.get("kind") != "fitted_weights":
        raise ConfigError("expected a mapping with kind: fitted_weights (written by contractlens eval --fit-out)",
                          path=path, line=1)
    practices = {}
    table = data.get("practices") or {}
    if not isinstance(table, dict):
        raise ConfigError("expected a mapping of practice ids", path=path, field="practices",
                          line=data.lines.get("practices"))
    for pid, entry in table.items():
        line = table.lines.get(pid) if isinstance(table, _Map) else None
        if not (isinstance(entry, dict) and isinstance(entry.get("signature"), str)
                and isinstance(entry.get("threshold"), (int, float)) and 0 < entry["threshold"] <= 1
                and isinstance(entry.get("weights"), dict)
                and all(isinstance(w, (int, float)) and 0 < w <= 1 for w in entry["weights"].values())):
            raise ConfigError("expected signature, threshold in (0, 1] and weights in (0, 1]", path=path, line=line,
                              field=f"practices.{pid}")
        practices[pid] = PracticeWeights(entry["signature"], float(entry["threshold"]),
                                         {k: float(v) for k, v in entry["weights"].items()})
    trained = tuple(dict(x) for x in data.get("trained_on") or () if isinstance(x, dict))
    return FittedWeights(practices, trained, str(data.get("method") or ""))


def apply_fitted(rules: list[RuleSpec], fitted: FittedWeights | None) -> tuple[list[RuleSpec], tuple[str, ...]]:
    """The rules with fitted weights and thresholds; and the practices whose fit is stale."""
    if fitted is None:
        return rules, ()
    out, stale = [], []
    for rule in rules:
        entry = fitted.practices.get(rule.id)
        if entry is None:
            out.append(rule)
            continue
        if entry.signature != rule_signature(rule):
            stale.append(rule.id)
            out.append(rule)
            continue
        out.append(with_weights(rule, entry.weights, entry.threshold))
    return out, tuple(stale)


def with_weights(rule: RuleSpec, weights: dict, threshold: float | None = None) -> RuleSpec:
    """The rule with these signal weights (and threshold); the hand values are kept as the prior."""
    signals = tuple(replace(s, weight=round(float(weights[s.id]), 4), hand_weight=s.prior) if s.id in weights else s
                    for s in rule.signals)
    if threshold is None:
        return replace(rule, signals=signals)
    return replace(rule, signals=signals, threshold=round(float(threshold), 4),
                   hand_threshold=rule.hand_threshold or rule.threshold)


def hand_rule(rule: RuleSpec) -> RuleSpec:
    """The rule as its file writes it."""
    signals = tuple(replace(s, weight=s.prior, hand_weight=None) for s in rule.signals)
    return replace(rule, signals=signals, threshold=rule.hand_threshold or rule.threshold, hand_threshold=None)


def render_fitted(entries: dict, trained_on: list[dict], method: str, header: str) -> str:
    """The fitted.yaml text: one block per practice, hand weight beside each fitted one."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    lines += ["kind: fitted_weights", f"method: {json.dumps(method)}", "trained_on:"]
    for t in trained_on:
        lines.append(f"  - {{name: {json.dumps(t['name'])}, sha256: {t['sha256']}, clauses: {t['clauses']}}}")
    lines.append("practices:")
    for pid, e in entries.items():
        lines += [f"  {pid}:", f"    signature: {e['signature']}",
                  f"    threshold: {e['threshold']:.3f}  # by hand {e['hand_threshold']:.2f}", "    weights:"]
        for sid, (w, hand) in e["weights"].items():
            lines.append(f"      {json.dumps(sid)}: {w:.4f}  # by hand {hand:.2f}")
    return "\n".join(lines) + "\n"
