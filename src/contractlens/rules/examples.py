"""Run every rule's own examples: each `fire` text must fire, each `no_fire` text must not."""

from __future__ import annotations

from dataclasses import dataclass

from . import RulePack


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    expected: bool  # should fire
    text: str
    fired: bool
    confidence: float
    signals: tuple[str, ...]
    others: tuple[str, ...]  # other rules of the pack that fired on it

    @property
    def ok(self) -> bool:
        return self.fired == self.expected


def run_examples(pack: RulePack) -> list[ExampleResult]:
    from ..scanner import tag_many

    cases = [(rule, True, t) for rule in pack.rules for t in rule.fire] + \
            [(rule, False, t) for rule in pack.rules for t in rule.no_fire]
    thresholds = {r.id: r.threshold for r in pack.rules}
    results = []
    for (rule, expected, text), tags in zip(cases, tag_many([t for _, _, t in cases], pack)):
        own = next((t for t in tags if t.id == rule.id), None)
        fired = own is not None and own.confidence >= rule.threshold
        others = tuple(t.id for t in tags if t.id != rule.id and t.confidence >= thresholds[t.id])
        results.append(ExampleResult(rule.id, expected, text, fired, own.confidence if own else 0.0,
                                     own.signals if own else (), others))
    return results
