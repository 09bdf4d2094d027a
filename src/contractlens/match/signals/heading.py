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
        self._seen: dict[str, list[Signal]] = {}  # a context -> the signals it fires (a part's units share one)

    def __getstate__(self):
        return {**self.__dict__, "_seen": {}}

    def compile(self, signal: Signal) -> None:
        super().compile(signal)
        self.phrases.append((signal, [f" {normalise(p)} " for p in signal.spec.value]))
        self._seen.clear()

    def run(self, view: UnitView, fired=None):
        if fired is not None or not self.phrases or not view.unit.context:
            return []
        signals = self._seen.get(view.unit.context)
        if signals is None:
            if len(self._seen) > 4096:
                self._seen.clear()
            context = f" {normalise(view.unit.context)} "
            signals = self._seen[view.unit.context] = [signal for signal, phrases in self.phrases
                                                       if any(p in context for p in phrases)]
        return [(signal.hit(-1, 0, 0), None) for signal in signals]

    @staticmethod
    def explain(spec) -> str:
        return "a heading of the unit or of a unit it is part of that says: " + "; ".join(spec.value)
