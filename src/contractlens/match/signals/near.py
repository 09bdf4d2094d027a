"""``near``: groups of terms that must all occur within a window of tokens, in one sentence
unless ``across_sentences``. Terms are compared as lemma sequences."""

from __future__ import annotations

from ..prefilter import Requirement
from .base import Kind, Signal, UnitView, lemma_words, selectivity


class Near(Kind):
    name = "near"

    def __init__(self, engine):
        super().__init__(engine)
        # Anchors run everywhere; the others only where an anchor of their rule fired. Per
        # group: (first lemma, its hash, the terms that start with it as lemma hashes), in
        # the order of the first lemmas, so hits come in the same order in every process.
        self.now: list[tuple[Signal, list[list[tuple[str, int, list[tuple[int, ...]]]]]]] = []
        self.later: list[tuple[Signal, list[list[tuple[str, int, list[tuple[int, ...]]]]]]] = []
        self._firsts: set[int] = set()  # hashes of every term's first lemma
        self._sorted_firsts = None  # the same, as a sorted array (built when first needed)
        self._groups: dict[str, list] = {}  # one list per distinct group
        self._by_first: dict[str, dict[int, list[int]]] = {}  # "now"|"later" -> first -> items (not id(): the pack is pickled)
        self._acronym_of: dict[int, int | None] = {}  # a token text's hash -> the word it stands for
        # Terms of two or more lemmas by first and second lemma hash, over every group: many
        # groups share terms ("school board"), and many terms share a first lemma ("school ..."),
        # so a unit's matches of all terms that start with one lemma are found in one walk over
        # that lemma's positions (``_found``), once per unit.
        self._longer: dict[int, dict[int, dict[tuple[int, ...], list[int]]]] = {}

    def compile(self, signal: Signal) -> None:
        super().compile(signal)
        strings = self.engine.nlp.vocab.strings
        groups = []
        for group in signal.spec.value["terms"]:
            by_first: dict[str, list[tuple[int, ...]]] = {}
            for term in group:
                lemmas = self.engine.lemmas(term)
                if lemmas:
                    hashes = tuple(strings.add(x) for x in lemmas)
                    by_first.setdefault(lemmas[0], []).append(hashes)
                    if len(hashes) > 1:
                        self._longer.setdefault(hashes[0], {}).setdefault(hashes[1], {})[hashes] = list(hashes)
            entry = [(first, strings.add(first), terms) for first, terms in sorted(by_first.items())]
            # signals share groups ("teacher", "educator"): one list each, its spans found once a unit
            groups.append(self._groups.setdefault(repr(entry), entry))
            self._firsts.update(strings.add(first) for first in by_first)
            self._sorted_firsts = None
        items, pool_name = (self.later, "later") if signal.deferred else (self.now, "now")
        # The signal can fire only where a term of each group is, so only where a first lemma
        # of its group with the fewest is: the unit's lemmas pick the signals to run.
        key_group = min(groups, key=len) if groups else []
        for _, first, _ in key_group:
            self._by_first.setdefault(pool_name, {}).setdefault(first, []).append(len(items))
        # the first lemmas of each group, fewest first: a unit lacking all of one is passed by
        items.append((signal, groups, sorted((frozenset(first for _, first, _ in g) for g in groups), key=len)))

    def _index(self, view: UnitView) -> tuple[list[int], dict[int, list[int]]]:
        """Each token's lemma hash, and the positions of every term's first lemma; a party's
        acronym ("SEA") also stands at the word it abbreviates ("union"). Once per unit."""
        memo = view.memo.get("near-index")
        if memo is not None:
            return memo
        import numpy
        from spacy.attrs import IS_UPPER, LEMMA, ORTH

        doc = view.doc
        if not len(doc):
            memo = view.memo["near-index"] = ([], {})
            return memo
        arr = doc.to_array([LEMMA, ORTH, IS_UPPER])
        column = arr[:, 0]
        lemmas = column.tolist()
        if self._sorted_firsts is None:
            self._sorted_firsts = numpy.array(sorted(self._firsts), dtype=column.dtype)
        # the tokens whose lemma is some term's first, found in bulk (a binary search each)
        table = self._sorted_firsts
        firsts = self._firsts
        index: dict[int, list[int]] = {}
        if len(table):
            where = numpy.minimum(numpy.searchsorted(table, column), len(table) - 1)
            for i in numpy.flatnonzero(table[where] == column).tolist():
                index.setdefault(lemmas[i], []).append(i)
        if view.acronyms:
            words = {}
            orths = arr[:, 1]
            # only an all-capitals token can be an acronym (``_acronym``; IS_UPPER is str.isupper)
            for i in numpy.flatnonzero(arr[:, 2]).tolist():
                orth = int(orths[i])
                word = self._acronym_of.get(orth, 0)
                if word == 0:
                    word = self._acronym(orth, view)
                if word is not None:
                    words.setdefault(word, []).append(i)
            for word, positions in words.items():
                if word in firsts:
                    index.setdefault(word, []).extend(positions)
                    index[word].sort()
        memo = view.memo["near-index"] = (lemmas, index)
        return memo

    def _acronym(self, orth: int, view: UnitView) -> int | None:
        """The hash of the word a token text stands for as a party's acronym, or None."""
        if orth in self._acronym_of:
            return self._acronym_of[orth]
        text = view.strings[orth]
        found = None
        if 2 <= len(text) <= 6 and text.isupper():
            for word, rx in view.acronyms:
                if rx.fullmatch(text):
                    found = view.strings.add(word)
                    break
        self._acronym_of[orth] = found
        return found

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
        pool = self.now if fired is None else self.later
        if not pool or (fired is not None and not any(n[0].rule in fired for n in pool)):
            return []
        lemmas, index = self._index(view)
        by_first = self._by_first.get("now" if fired is None else "later", {})
        chosen = sorted({k for first in index for k in by_first.get(first, ())})
        present = index.keys()
        items = [pool[k] for k in chosen if (fired is None or pool[k][0].rule in fired)
                 and not any(map(present.isdisjoint, pool[k][2]))]
        out = []
        known = view.memo.setdefault("near-spans", {})  # id(group) -> its spans in this unit
        for signal, groups, _ in items:
            found = []  # per group: (start, end) token spans of its terms
            for group in groups:
                spans = known.get(id(group))
                if spans is None:
                    spans = known[id(group)] = self._spans(group, view, lemmas, index)
                if not spans:
                    break
                found.append(spans)
            else:
                across = signal.spec.value.get("across_sentences", False)
                for a, b in windows(found, signal.spec.value["window"], None if across else view.tok_sent):
                    out.append(view.token_hit(signal, a, b))
        return out

    def _spans(self, group, view: UnitView, lemmas: list[int], index: dict[int, list[int]]) -> list[tuple[int, int]]:
        """The (start, end) token spans of a group's terms: per first lemma (in the group's
        order), per term, in token order."""
        spans = []
        for _, first, terms in group:
            positions = index.get(first)
            if positions is None:
                continue
            found = self._found(first, view, lemmas, positions)
            for term in terms:
                got = found.get(term)
                if got is None and len(term) == 1:  # a one-lemma term: at each of its positions
                    got = found[term] = [(i, i + 1) for i in positions]
                if got:
                    spans.extend(got)
        return spans

    def _found(self, first: int, view: UnitView, lemmas: list[int],
               positions: list[int]) -> dict[tuple[int, ...], list[tuple[int, int]]]:
        """The spans of every term of two or more lemmas that starts with ``first`` in this
        unit, by term (once per unit and first lemma): where the lemmas that follow one of
        the first lemma's positions are its own (not an acronym's: its lemma is not ``first``)."""
        memo = view.memo.setdefault("near-terms", {})
        found = memo.get(first)
        if found is not None:
            return found
        found = memo[first] = {}
        longer = self._longer.get(first)
        if longer:
            last = len(lemmas) - 1
            for i in positions:
                if i < last:
                    terms = longer.get(lemmas[i + 1])
                    if terms:
                        for term, rest in terms.items():
                            n = len(rest)
                            if lemmas[i:i + n] == rest:
                                found.setdefault(term, []).append((i, i + n))
        return found

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
            first_at, last_at = a0 - window, b0 + window  # a span outside cannot be close enough
            for a, b in spans:
                if a > last_at or b < first_at:
                    continue
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
