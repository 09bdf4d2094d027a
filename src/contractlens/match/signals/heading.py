"""``heading``: phrases looked for in the unit's own and its enclosing units' headings."""

from __future__ import annotations

import re
from functools import lru_cache

from ...lexicon import lemma_table
from .base import Kind, Signal, UnitView

_WORDS = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower-case lemmas separated by single spaces, for heading comparison (the units of a
    part share its headings: each is read once)."""
    table = lemma_table()
    return " ".join(table.get(w, w) for w in _WORDS.findall(text.lower()))


class Heading(Kind):
    name = "heading"
    level = "heading"

    def __init__(self, engine):
        super().__init__(engine)
        self.phrases: list[tuple[Signal, list[str]]] = []

    def compile(self, signal: Signal) -> None:
        super().compile(signal)
        self.phrases.append((signal, [f" {normalise(p)} " for p in signal.spec.value]))

    def run(self, view: UnitView, fired=None):
        if fired is not None or not self.phrases or not view.unit.context:
            return []
        context = f" {normalise(view.unit.context)} "
        return [(signal.hit(-1, 0, 0), None) for signal, phrases in self.phrases
                if any(p in context for p in phrases)]

    @staticmethod
    def explain(spec) -> str:
        return "a heading of the unit or of a unit it is part of that says: " + "; ".join(spec.value)
