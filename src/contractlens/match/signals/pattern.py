"""``pattern``: spaCy token patterns ([{LEMMA: waive}, {OP: '?'}, {LOWER: provision}]),
through one Matcher for the whole pack."""

from __future__ import annotations

from .base import Kind, Signal, UnitView


class Pattern(Kind):
    name = "pattern"

    def __init__(self, engine):
        super().__init__(engine)
        from spacy.matcher import Matcher
        self.matcher = Matcher(engine.nlp.vocab, validate=True)
        self.by_id: dict[int, Signal] = {}

    def compile(self, signal: Signal) -> None:
        super().compile(signal)
        self.by_id[self.engine.nlp.vocab.strings.add(signal.key)] = signal
        self.matcher.add(signal.key, [list(signal.spec.value)])

    def run(self, view: UnitView, fired=None):
        if fired is not None or not self.signals:
            return []
        return [view.token_hit(self.by_id[match_id], a, b) for match_id, a, b in self.matcher(view.doc)]

    @staticmethod
    def explain(spec) -> str:
        return f"the token pattern {list(spec.value)}"
