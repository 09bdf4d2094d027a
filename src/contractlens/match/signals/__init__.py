"""The kinds of signal, one module each: phrases, pattern, near, regex, heading, metric.

Each keeps the contract of ``base.Kind`` (compile / run / explain). The engine runs the
text kinds in the order listed here, then the heading kinds; metric signals are scored
from the whole agreement (score.py). Adding a kind: a module here, an entry in KINDS,
and its name in rules/schema.py's SIGNAL_KINDS with the check of its value.
"""

from __future__ import annotations

from .base import Kind, Signal, UnitView
from .heading import Heading, normalise
from .metric import Metric
from .near import Near
from .pattern import Pattern
from .phrases import Phrases
from .regex import Regex, regex_gate

KINDS: dict[str, type[Kind]] = {k.name: k for k in (Phrases, Pattern, Near, Regex, Heading, Metric)}


def level(spec) -> str:
    """Where a signal is looked for: "text", "heading" or "document"."""
    return KINDS[spec.kind].level


def explain(spec) -> str:
    """What a signal looks for, in words."""
    return KINDS[spec.kind].explain(spec)


__all__ = ["KINDS", "Kind", "Signal", "UnitView", "level", "explain", "normalise", "regex_gate", "Metric"]
