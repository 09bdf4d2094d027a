"""``near``: groups of terms that must all occur within a window of tokens, in one sentence
unless ``across_sentences``. Terms are compared as lemma sequences."""

from __future__ import annotations

from ..prefilter import Requirement
from .base import Kind, Signal, UnitView, lemma_words, selectivity


class Near(Kind):
    name = "near"
    defers = True

    def __init__(self, engine):
        super().__init__(engine)
        # Anchors run everywhere; the others only where an anchor of their rule fired.
        self.now: list[tuple[Signal, list[dict[str, list[tuple[str, ...]]]]]] = []
        self.later: list[tuple[Signal, list[dict[str, list[tuple[str, ...]]]]]] = []

    def compile(self, signal: Signal) -> None:
        super().compile(signal)
        groups = []
        for group in signal.spec.value["terms"]:
            by_first: dict[str, list[tuple[str, ...]]] = {}
            for term in group:
                lemmas = self.engine.lemmas(term)
                if lemmas:
                    by_first.setdefault(lemmas[0], []).append(lemmas)
            groups.append(by_first)
        (self.later if signal.deferred else self.now).append((signal, groups))

    def requires(self, signal: Signal) -> Requirement | None:
        """A term of every group (each group must be there), a term with each of its words in
        some form. A one-word term that a party's acronym stands for ("union": "SEA") is also
        found at words the table does not say; its group then requires nothing."""
        acronym_words = {word for word, _ in self.engine.acronyms}
        groups = []
        for group in signal.spec.value["terms"]:
            terms: list[list[frozenset[str]]] | None = []
            for term in group:
                lemmas = self.engine.lemmas(term)
                if not lemmas:
                    continue  # never found (compile skips it)
                words = lemma_words(self.engine.prefilter, lemmas)
                if words is None or (len(lemmas) == 1 and lemmas[0] in acronym_words):
                    terms = None
                    break
                terms.append(words)
            if terms is not None:
                groups.append(terms)
        if not groups:
            return None
        # every group: one of its terms; as alternatives, one term of each group
        from itertools import product
        combos = 1
        for terms in groups:
            combos *= max(1, len(terms))
        if combos > 8:  # too many to spell out: each group needs a word of one of its terms
            return Requirement.all_of([frozenset().union(*(max(t, key=selectivity) for t in terms))
                                       for terms in groups])
        return Requirement([[words for term in choice for words in term] for choice in product(*groups)])

    def run(self, view: UnitView, fired=None):
        items = self.now if fired is None else [n for n in self.later if n[0].rule in fired]
        items = [n for n in items if view.can_fire(n[0])]
        if not items:
            return []
        lemmas, index = view.lemma_index
        present = index.keys()
        out = []
        for signal, groups in items:
            found = []  # per group: (start, end) token spans of its terms
            for by_first in groups:
                spans = []
                # a set operation skips most groups at once; sorted, so hits come in the same
                # order in every process (string hashing differs between runs)
                for first in sorted(present & by_first.keys()):
                    for term in by_first[first]:
                        n = len(term)
                        for i in index[first]:
                            if n == 1 or tuple(lemmas[i:i + n]) == term:
                                spans.append((i, i + n))
                if not spans:
                    break
                found.append(spans)
            else:
                across = signal.spec.value.get("across_sentences", False)
                for a, b in windows(found, signal.spec.value["window"], None if across else view.tok_sent):
                    out.append(view.token_hit(signal, a, b))
        return out

    @staticmethod
    def explain(spec) -> str:
        groups = " / ".join("(" + "; ".join(g) + ")" for g in spec.value["terms"])
        where = "" if spec.value.get("across_sentences") else ", in one sentence"
        return f"a term of each group within {spec.value['window']} tokens{where}: {groups}"


def windows(found: list[list[tuple[int, int]]], window: int, tok_sent: list[int] | None) -> list[tuple[int, int]]:
    """Token spans where one term of every group occurs within ``window`` tokens (in one
    sentence unless ``tok_sent`` is None)."""
    out = []
    first, rest = found[0], found[1:]
    for a0, b0 in first:
        lo, hi = a0, b0
        taken = [(a0, b0)]  # each group needs words of its own: "fill" is not found inside "hard-to-fill"
        ok = True
        for spans in rest:
            best = None
            for a, b in spans:
                if tok_sent is not None and tok_sent[a] != tok_sent[a0]:
                    continue
                if any(a < tb and ta < b for ta, tb in taken):
                    continue
                span = max(hi, b) - min(lo, a)
                if span <= window + (b - a) + (b0 - a0) and (best is None or span < best[0]):
                    best = (span, a, b)
            if best is None:
                ok = False
                break
            taken.append((best[1], best[2]))
            lo, hi = min(lo, best[1]), max(hi, best[2])
        if ok:
            out.append((lo, hi))
    return out
