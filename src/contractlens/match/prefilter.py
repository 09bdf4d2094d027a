"""One cheap pass over a unit decides whether any rule can score there.

Every anchor signal has a *requirement*, read from the compiled signal by its kind
(``Kind.requires``): alternatives (any one will do: a phrase signal's phrases), each a list of
sets of lower-case strings of every one of which the unit's lower-cased text must contain one
(a word of each of the phrase's words, in some form); or None when nothing can be read from
the signal (the unit is then always matched). One Aho-Corasick pass over the unit's
lower-cased text finds which of the pack's strings occur. A unit where no anchor can fire and
no heading signal fired is not tokenized, split into sentences or read for context: no rule
has an anchor there, so none can score (score.score_unit), and the model fit counts only rows
with an anchor. Such a unit's UnitMatch has no sentences and no hits (matched, it could have
had supporting hits that count for nothing). Where a unit is matched, its hits are exactly
those of matching without the prefilter; the regex kind picks its signals from the strings
found (the words of its gates, ``regex_gate``, which it already relied on).

Requirements are read soundly (``CompiledPack(prefilter=False)`` turns the prefilter off;
tests compare the two on every rule example, sample and real text contract):

- a token's lemma is ``lemma_table().get(lower, lower)``, so a token with lemma L has one of
  the lower-case forms the table maps to L, or L itself; those forms (``forms``) are what a
  lemma requires. A token's lower-case text is part of the unit's lower-cased text (spaCy
  lower-cases with ``str.lower``; only a capital sigma lower-cases differently inside a word,
  so a unit with one counts every token requirement as met);
- a regex requires a word of each part of its gate.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Iterable

_second = itemgetter(1)  # an automaton hit is (end, word): map() over it runs no Python frame a hit

# Python's str.lower is per character except for the capital sigma (final form at a word's
# end): a token's lower-case text might then not be a piece of the unit's lower-cased text.
_CONTEXT_LOWER = "\u03a3"


class Requirement:
    """What a unit's lower-cased text must contain for a signal to fire: for one of the
    alternatives, a string of each of its sets. No alternative: the signal can never fire."""

    __slots__ = ("any_of", "tokens")

    def __init__(self, any_of: Iterable[Iterable[Iterable[str]]], tokens: bool = True):
        self.any_of = tuple(tuple(frozenset(words) for words in all_of) for all_of in any_of)
        self.tokens = tokens  # read from token texts or lemmas (not from a regex's own text)

    @classmethod
    def all_of(cls, sets: Iterable[Iterable[str]], tokens: bool = True) -> "Requirement":
        return cls([sets], tokens)

    @property
    def words(self) -> frozenset[str]:
        return frozenset(w for all_of in self.any_of for words in all_of for w in words)

    def met_by(self, found: set[str]) -> bool:
        return any(not any(map(found.isdisjoint, all_of)) for all_of in self.any_of)  # map: no frame per set


class Prefilter:
    """The requirements of a pack's signals, and one automaton over all their strings."""

    def __init__(self, table: dict[str, str]):
        self._table = table
        self._forms: dict[str, frozenset[str]] | None = None
        self.requirements: dict[str, Requirement | None] = {}  # signal key -> requirement
        self._anchors: set[str] = set()
        self._built = False

    # -- compiling --------------------------------------------------------------------------

    def forms(self, lemma: str) -> frozenset[str]:
        """Every lower-case word the lemma table reads as ``lemma``, and the lemma itself."""
        if self._forms is None:
            by_lemma: dict[str, set[str]] = {}
            for form, lem in self._table.items():
                by_lemma.setdefault(lem, set()).add(form)
            self._forms = {lem: frozenset(forms) for lem, forms in by_lemma.items()}
        return self._forms.get(lemma, frozenset()) | {lemma}

    def add(self, key: str, requirement: Requirement | None, anchor: bool) -> None:
        """A signal's requirement (of an anchor, or of a signal its kind runs only where the
        prefilter says it can fire)."""
        self.requirements[key] = requirement
        if anchor:
            self._anchors.add(key)
        self._built = False

    def _build(self) -> None:
        import ahocorasick

        by_word: dict[str, set[str]] = {}
        for key, r in self.requirements.items():
            if r is not None:
                for w in r.words:
                    by_word.setdefault(w, set()).add(key)
        anchors = {k: r for k, r in self.requirements.items() if k in self._anchors}
        self._anchor_by_word = {w: tuple(sorted(k for k in keys if k in anchors)) for w, keys in by_word.items()}
        self._always_anchor = any(r is None for r in anchors.values())
        self._token_anchor = any(r is not None and r.tokens for r in anchors.values())
        self._automaton = None
        if by_word:
            self._automaton = ahocorasick.Automaton()
            for w in sorted(by_word):
                self._automaton.add_word(w, w)
            self._automaton.make_automaton()
        self._built = True

    # -- running ----------------------------------------------------------------------------

    def scan(self, text: str) -> "Present":
        """What of the pack's strings the unit's text contains; which signals can fire there
        is then read on demand (``Present.can_fire``)."""
        if not self._built:
            self._build()
        found = set(map(_second, self._automaton.iter(text.lower()))) if self._automaton is not None else set()
        # A capital sigma: token texts may lower-case otherwise, so token requirements count as met.
        return Present(self, found, _CONTEXT_LOWER in text)


class Present:
    """One unit's prefilter reading: the pack's strings it contains, and which signals can
    fire there (worked out when asked, once per signal)."""

    __slots__ = ("prefilter", "words", "unsure", "_known")

    def __init__(self, prefilter: Prefilter, words: set[str], unsure: bool):
        self.prefilter = prefilter
        self.words = words
        self.unsure = unsure
        self._known: dict[str, bool] = {}

    def can_fire(self, key: str) -> bool:
        known = self._known.get(key)
        if known is None:
            r = self.prefilter.requirements.get(key)
            known = self._known[key] = r is None or (r.tokens and self.unsure) or r.met_by(self.words)
        return known

    @property
    def any_anchor(self) -> bool:
        """Whether an anchor can fire here: when none can, no rule scores in the unit's text."""
        p = self.prefilter
        if p._always_anchor or (self.unsure and p._token_anchor):
            return True
        words = self.words
        for w in words:
            for key in p._anchor_by_word.get(w, ()):
                if self.can_fire(key):
                    return True
        return False
