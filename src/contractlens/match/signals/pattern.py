"""``pattern``: spaCy token patterns ([{LEMMA: waive}, {OP: '?'}, {LOWER: provision}]),
through one Matcher for the whole pack."""

from __future__ import annotations

import re

from ..prefilter import Requirement
from .base import Kind, Signal, UnitView

_AT_LEAST_ONE = re.compile(r"\{([1-9]\d*)(?:,\d*)?\}")


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

    def requires(self, signal: Signal) -> Requirement | None:
        """The words each token every match has must be (no "?", "*", "!" or "{0,n}" on it),
        read from its LOWER, ORTH/TEXT or LEMMA (a word or {"IN": [...]}); None when no such token."""
        options = []
        for token in signal.spec.value:
            op = token.get("OP")
            if not (op in (None, "1", "+") or (isinstance(op, str) and _AT_LEAST_ONE.fullmatch(op))):
                continue
            for attr, value in token.items():
                values = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else [value]
                if not all(isinstance(v, str) for v in values):
                    continue
                key = attr.upper() if isinstance(attr, str) else attr
                if key == "LOWER":
                    options.append(frozenset(values))
                elif key in ("ORTH", "TEXT"):
                    options.append(frozenset(v.lower() for v in values))
                elif key == "LEMMA":
                    options.append(frozenset().union(*(self.engine.prefilter.forms(v) for v in values)))
        options = [o for o in options if not any(c.isspace() for w in o for c in w)]
        return Requirement.all_of(options) if options else None

    def run(self, view: UnitView, fired=None):
        if fired is not None or not self.signals:
            return []
        return [view.token_hit(self.by_id[match_id], a, b) for match_id, a, b in self.matcher(view.doc)]

    @staticmethod
    def explain(spec) -> str:
        return f"the token pattern {list(spec.value)}"
