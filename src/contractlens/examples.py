"""Run every rule's own examples: each `fire` text must fire, each `no_fire` text must not.

A pair example (``{text, also: [ids]}``) must fire its own rule and every practice it
names: one result per practice, so a clause that is peer review *and* induction is
checked as both."""

from __future__ import annotations

from .model.rules import ExampleResult
from .rules import RulePack

__all__ = ["ExampleResult", "run_examples"]


def run_examples(pack: RulePack) -> list[ExampleResult]:
    from .scanner import tag_many

    by_id = {r.id: r for r in pack.rules}
    cases = [(rule, True, t, None) for rule in pack.rules for t in rule.fire] + \
            [(by_id[other], True, text, rule.id) for rule in pack.rules for text, also in rule.pairs
             for other in also if other in by_id] + \
            [(rule, False, t, None) for rule in pack.rules for t in rule.no_fire]
    texts = list(dict.fromkeys(t for _, _, t, _ in cases))
    tagged = dict(zip(texts, tag_many(texts, pack)))
    results = []
    for rule, expected, text, pair_of in cases:
        tags = tagged[text]
        own = next((t for t in tags if t.id == rule.id), None)
        fired = own is not None and own.confidence >= rule.threshold
        others = tuple(t.id for t in tags if t.id != rule.id and t.confidence >= by_id[t.id].threshold)
        results.append(ExampleResult(rule.id, expected, text, fired, own.confidence if own else 0.0,
                                     own.signals if own else (), others, pair_of))
    return results
