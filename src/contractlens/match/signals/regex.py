"""``regex``: regular expressions over the unit's text, case-insensitive unless the pattern
says otherwise, run on RE2 (rules/regex.py: linear time, Unicode classes).

Which of a pool's regexes match somewhere in a unit is found by one pass of an RE2 set of
them all (``_matching``); only those are then run for their spans. Where the set cannot
be used (RE2 refuses to compile it, or its automaton runs out of memory on a text: a
pattern every text matches, added last, tells), a gate read from each pattern (words every
match must contain, found by the prefilter) skips the regexes that cannot match instead."""

from __future__ import annotations

import re

from ...rules.regex import Text, compile_regex, re2_options, spans
from ..prefilter import Requirement
from .base import Kind, Signal, UnitView


class Regex(Kind):
    name = "regex"
    reads_present = True

    def __init__(self, engine):
        super().__init__(engine)
        # Anchors run everywhere; the others only where an anchor of their rule fired.
        self.now: list[tuple[Signal, tuple, tuple[frozenset[str], ...]]] = []
        self.later: list[tuple[Signal, tuple, tuple[frozenset[str], ...]]] = []
        self.gate_words: set[str] = set()
        self._by_word: dict[str, dict[str, list[int]]] = {}  # "now"|"later" -> gate word ("": none) -> items (not id(): pickled)
        self._sets: dict[str, object] = {}  # "now"|"later" -> its RE2 set (None: refused), built when first run

    def __getstate__(self):
        return {**self.__dict__, "_sets": {}}  # an RE2 set is not pickled: rebuilt when first run

    def compile(self, signal: Signal) -> None:
        super().compile(signal)
        gate = regex_gate(signal.spec.value)
        for words in gate:
            self.gate_words.update(words)
        items, pool_name = (self.later, "later") if signal.deferred else (self.now, "now")
        # The words of its first gate set pick the units it is run in (the prefilter finds them).
        by_word = self._by_word.setdefault(pool_name, {})
        for word in (gate[0] if gate else ("",)):
            by_word.setdefault(word, []).append(len(items))
        items.append((signal, compile_regex(signal.spec.value), gate))
        self._sets.pop(pool_name, None)

    def requires(self, signal: Signal) -> Requirement | None:
        """The words of its gate, looked for in the unit's lower-cased text as the gate is."""
        gate = regex_gate(signal.spec.value, limit=None)
        return Requirement.all_of(gate, tokens=False) if gate else None

    def run(self, view: UnitView, fired=None):
        pool_name = "now" if fired is None else "later"
        pool = self.now if fired is None else self.later
        if not pool or (fired is not None and not any(r[0].rule in fired for r in pool)):
            return []
        text = view.memo.get("regex-text")
        if text is None:
            text = view.memo["regex-text"] = Text(view.text)
        matching = self._matching(pool_name, pool, text)
        if matching is not None:  # exactly the regexes with a match here
            items = [pool[k] for k in sorted(matching)]
        elif view.present is not None:  # the prefilter found every gate word there is
            present = view.present.words
            by_word = self._by_word.get(pool_name, {})
            chosen = sorted({k for word in present | {""} for k in by_word.get(word, ())})
            items = [r for r in (pool[k] for k in chosen) if not any(map(present.isdisjoint, r[2]))]
        else:
            present = view.memo.get("regex-gate")
            if present is None:
                present = view.memo["regex-gate"] = {g for g in self.gate_words if g in view.lower}
            items = [r for r in pool if not any(map(present.isdisjoint, r[2]))]
        if fired is not None:
            items = [r for r in items if r[0].rule in fired]
        out = []
        for signal, program, _ in items:
            for a, b in spans(program, text):
                out.append(view.char_hit(signal, a, b))
        return out

    def _matching(self, pool_name: str, pool: list, text: Text) -> set[int] | None:
        """The indices of the pool's regexes that match somewhere in the text, by one pass
        of their RE2 set; None when the set is not to be trusted here."""
        found = self._sets.get(pool_name, False)
        if found is False:
            found = self._sets[pool_name] = _regex_set([program for _, program, _ in pool])
        if found is None:
            return None
        matched = found.Match(text.data)
        if not matched or len(pool) not in matched:  # the set's automaton gave up on this text
            return None
        return set(matched) - {len(pool)}

    @staticmethod
    def explain(spec) -> str:
        return f"text matching the regular expression {spec.value}"


def _regex_set(programs: list):
    """One RE2 set of the programs' patterns, in order, with the same options, then a pattern
    that matches every text (its index is len(programs)); None when RE2 refuses the set."""
    import re2

    settings = re2_options()
    settings.max_mem = _SET_MEMORY
    found = re2.Set.SearchSet(settings)
    try:
        for rx, _, _ in programs:
            found.Add(rx.pattern)
        found.Add("(?s).{0}")
        found.Compile()
    except re2.error:
        return None
    return found


_SET_MEMORY = 64 << 20  # RE2's budget for a set's program and automaton (8 MB by default)


def regex_gate(pattern: str, limit: int | None = 2) -> tuple[frozenset[str], ...]:
    """Up to two sets of words, of each of which any match must contain one: texts
    that lack them are skipped. Read from the pattern's structure: the parts every
    match needs whose possible beginnings are fixed words ("(?:waive|suspend)\\w*
    \\s+the\\s+provision" -> {waive, suspend} and {provision}). Empty when no such
    part exists; the regex then runs everywhere. ``limit=None``: every such part."""
    import re._parser as sre_parse  # the parser behind re (Python 3.11+)
    from re._constants import AT, BRANCH, IN, LITERAL, SUBPATTERN

    def one_letter(av) -> str | None:
        """[Tt] is one letter for a lower-case comparison."""
        letters = {chr(v).lower() for op, v in av if op is LITERAL}
        return letters.pop() if len(letters) == 1 and all(op is LITERAL for op, _ in av) else None

    def prefixes(items) -> set[str] | None:
        out = ""
        for op, av in items:
            if op is LITERAL:
                out += chr(av).lower()
            elif op is IN and one_letter(av):
                out += one_letter(av)
            elif op is AT and not out:
                continue
            else:
                if out:
                    return {out}
                if op is SUBPATTERN:
                    return prefixes(av[-1])
                if op is BRANCH:
                    found = set()
                    for branch in av[1]:
                        words = prefixes(branch)
                        if not words:
                            return None
                        found |= words
                    return found
                return None
        return {out} if out else None

    def candidates(items) -> list[frozenset[str]]:
        """Every part of a sequence that any match must contain one word of."""
        items = list(items)
        core = [it for it in items if it[0] is not AT]  # the parser moves a shared "\b" out of "\ba|\bb"
        if len(core) == 1 and core[0][0] is BRANCH:  # "a...|b...": every branch needs its own
            found: set[str] = set()
            for branch in core[0][1][1]:
                options = candidates(branch)
                if not options:
                    return []
                found |= max(options, key=_selectivity)
            return [frozenset(found)]
        out = []
        for start in range(len(items)):
            if start and items[start - 1][0] is LITERAL:
                continue  # inside a run of letters: its start already counted
            words = prefixes(items[start:])
            if words and all(len(w) >= 3 for w in words):
                out.append(frozenset(words))
        return out

    try:
        parsed = sre_parse.parse(pattern, re.I)
    except Exception:  # a pattern the parser reads differently: no gate, just run it
        return ()
    return tuple(sorted(candidates(parsed), key=_selectivity, reverse=True)[:limit])


def _selectivity(words: frozenset[str]) -> tuple[int, int]:
    """Longer words are rarer; fewer alternatives pass less text."""
    return min(len(w) for w in words), -len(words)
