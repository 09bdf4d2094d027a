"""The contract every kind of signal keeps, and the unit as the kinds see it.

A kind (one module each, like a linter's rules) is compiled once per pack and run on
every unit:

- ``compile(signal)`` takes one signal of the pack (its rule, spec and whether it is an
  exclusion) into the kind's matcher;
- ``run(view, fired)`` gives the hits in one unit: with ``fired=None`` the signals that
  run everywhere, else only the deferred ones of the rules in ``fired`` (see ``deferred``);
- ``explain(spec)`` says in words what a signal of the kind looks for;
- ``requires(signal)`` says what a unit's text must contain for the signal to fire
  (``prefilter.Requirement``), or None when that cannot be read from it: the engine runs a
  signal only in units that meet its requirement (see match/prefilter.py).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar, Iterable

from ...rules.schema import SignalSpec
from ..hits import SignalHit, UnitText
from ..prefilter import Requirement


@dataclass(frozen=True)
class Signal:
    """One signal of one rule, as compiled."""

    rule: str
    spec: SignalSpec
    exclusion: bool
    key: str = field(init=False, compare=False)  # "rule|s|id" (x for an exclusion)

    def __post_init__(self):
        object.__setattr__(self, "key", f"{self.rule}|{'x' if self.exclusion else 's'}|{self.spec.id}")

    @property
    def anchor(self) -> bool:
        return self.spec.anchor and not self.exclusion

    @property
    def deferred(self) -> bool:
        """Supporting signals and exclusions decide nothing alone: where matching them is
        costly they run only in units where an anchor of their rule fired."""
        return not self.anchor

    def hit(self, sentence: int, start: int, end: int) -> SignalHit:
        return SignalHit(self.rule, self.spec.id, self.exclusion, sentence, start, end)


# A hit, and for evidence (not exclusions) the (sentence, (first token, end token)) it covers:
# the context reading (negation, force, actor) looks only at those sentences.
Found = tuple[SignalHit, "tuple[int, tuple[int, int]] | None"]


class UnitView:
    """One unit's text and its spaCy doc, with the tables every kind needs."""

    def __init__(self, unit: UnitText, doc, strings, acronyms=(), present=None):
        self.unit = unit
        self.doc = doc  # None until the unit is tokenized (headings do not need it)
        self.text = unit.text
        self.lower = unit.text.lower()
        self.strings = strings
        self.acronyms = acronyms
        self.present = present  # prefilter.Present: the pack's strings in the text (None: not looked)
        self.memo: dict = {}  # per-unit values a kind reuses between its two runs

    @cached_property
    def _sentences(self) -> tuple[list[tuple[int, int]], list[int]]:
        doc = self.doc
        n = len(doc)
        starts = doc.user_data.get("sent_starts") or [0]
        from spacy.attrs import IDX
        token_idx = doc.to_array([IDX]).tolist() if n else []
        bounds = starts + [n]
        sents = []
        tok_sent = [0] * n
        for k in range(len(starts)):
            a, b = bounds[k], bounds[k + 1]
            last = doc[b - 1] if b > a else None
            sents.append((token_idx[a] if a < n else 0, last.idx + len(last.text) if last is not None else 0))
            tok_sent[a:b] = [k] * (b - a)
        return sents, tok_sent

    @property
    def sentences(self) -> list[tuple[int, int]]:
        return self._sentences[0]

    @property
    def tok_sent(self) -> list[int]:
        return self._sentences[1]

    @cached_property
    def sent_starts(self) -> list[int]:
        return [a for a, _ in self.sentences]

    def sentence_at(self, char: int) -> int:
        return max(0, bisect_right(self.sent_starts, char) - 1)

    def token_hit(self, signal: Signal, a: int, b: int) -> Found:
        """A hit over tokens a..b."""
        span = self.doc[a:b]
        k = self.tok_sent[a]
        return signal.hit(k, span.start_char, span.end_char), None if signal.exclusion else (k, (a, b))

    def char_hit(self, signal: Signal, start: int, end: int) -> Found:
        """A hit over characters start..end, with the tokens that cover them."""
        k = self.sentence_at(start)
        tokens = None
        if not signal.exclusion:
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                tokens = (k, (span.start, span.end))
        return signal.hit(k, start, end), tokens


class Kind:
    """One kind of signal: the contract of the module docstring."""

    name: ClassVar[str]
    reads_present: ClassVar[bool] = False  # run() reads view.present.words: the prefilter looks
    # for the words of every signal of the kind (else only for its anchors')
    level: ClassVar[str] = "text"  # text: matched in a unit's words; heading: in its headings;
    # document: scored from the whole agreement (score.py), never matched

    def __init__(self, engine):
        self.engine = engine  # gives nlp, docs(phrases) and lemmas(phrase)
        self.signals: list[Signal] = []

    def compile(self, signal: Signal) -> None:
        self.signals.append(signal)

    def run(self, view: UnitView, fired: frozenset[str] | None = None) -> Iterable[Found]:
        return ()

    def requires(self, signal: Signal) -> Requirement | None:
        return None

    @staticmethod
    def explain(spec: SignalSpec) -> str:
        raise NotImplementedError


def lemma_words(prefilter, lemmas) -> list[frozenset[str]] | None:
    """The words a lemma sequence's tokens can be, for it to be in a unit: per lemma, its
    forms. None when every lemma is a space (no word to look for)."""
    options = [frozenset(f for f in prefilter.forms(lemma) if " " not in f)
               for lemma in lemmas if lemma and not any(c.isspace() for c in lemma)]
    return options or None


def selectivity(words: frozenset[str]) -> tuple[int, int]:
    """Longer words are rarer; fewer alternatives pass less text."""
    return min((len(w) for w in words), default=1_000), -len(words)
