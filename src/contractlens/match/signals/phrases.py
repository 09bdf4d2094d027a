"""``phrases``: lemma sequences ("staff vote" finds "the staff voted"), through one spaCy
PhraseMatcher for the whole pack."""

from __future__ import annotations

from ..prefilter import Requirement
from .base import Kind, Signal, UnitView, lemma_words


class Phrases(Kind):
    name = "phrases"

    def __init__(self, engine):
        super().__init__(engine)
        from spacy.matcher import PhraseMatcher
        self.matcher = PhraseMatcher(engine.nlp.vocab, attr="LEMMA")
        self.by_id: dict[int, Signal] = {}
        self.docs: dict[str, list] = {}

    def compile(self, signal: Signal) -> None:
        super().compile(signal)
        self.by_id[self.engine.nlp.vocab.strings.add(signal.key)] = signal
        self.docs[signal.key] = docs = self.engine.docs(signal.spec.value)
        self.matcher.add(signal.key, docs)

    def requires(self, signal: Signal) -> Requirement | None:
        """One of the phrases (any will do), each with every one of its words in some form."""
        phrases = []
        for doc in self.docs[signal.key]:
            words = lemma_words(self.engine.prefilter, [t.lemma_ for t in doc])
            if words is None:
                return None
            phrases.append(words)
        return Requirement(phrases)

    def run(self, view: UnitView, fired=None):
        if fired is not None or not self.signals:
            return []
        return [view.token_hit(self.by_id[match_id], a, b) for match_id, a, b in self.matcher(view.doc)]

    @staticmethod
    def explain(spec) -> str:
        return "any of the phrases, in any inflection: " + "; ".join(spec.value)
