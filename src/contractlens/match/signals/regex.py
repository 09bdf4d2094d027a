"""``regex``: regular expressions over the unit's text, case-insensitive unless the pattern
says otherwise, run on RE2 (rules/regex.py: linear time, Unicode classes). A gate read
from each pattern (words every match must contain) skips the units that cannot match."""

from __future__ import annotations

import re

from ...rules.regex import Text, compile_regex, spans
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

    def requires(self, signal: Signal) -> Requirement | None:
        """The words of its gate, looked for in the unit's lower-cased text as the gate is."""
        gate = regex_gate(signal.spec.value, limit=None)
        return Requirement.all_of(gate, tokens=False) if gate else None

    def run(self, view: UnitView, fired=None):
        pool = self.now if fired is None else self.later
        if not pool or (fired is not None and not any(r[0].rule in fired for r in pool)):
            return []
        if view.present is not None:  # the prefilter found every gate word there is
            present = view.present.words
            by_word = self._by_word.get("now" if fired is None else "later", {})
            chosen = sorted({k for word in present | {""} for k in by_word.get(word, ())})
            items = [pool[k] for k in chosen]
        else:
            present = view.memo.get("regex-gate")
            if present is None:
                present = view.memo["regex-gate"] = {g for g in self.gate_words if g in view.lower}
            items = pool
        if fired is not None:
            items = [r for r in items if r[0].rule in fired]
        out = []
        for signal, program, gate in items:
            if any(map(present.isdisjoint, gate)):
                continue
            text = view.memo.get("regex-text")
            if text is None:
                text = view.memo["regex-text"] = Text(view.text)
            for a, b in spans(program, text):
                out.append(view.char_hit(signal, a, b))
        return out

    @staticmethod
    def explain(spec) -> str:
        return f"text matching the regular expression {spec.value}"


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
