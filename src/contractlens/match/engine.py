"""Run every signal of a rule pack over unit texts.

Five kinds of signal, all matched regardless of case and inflection:
- ``phrases``: lemma sequences, through one spaCy PhraseMatcher for the pack;
- ``pattern``: spaCy token patterns, through one Matcher;
- ``near``: groups of terms that must all occur within a window of tokens in one sentence;
- ``regex``: regular expressions over the text (case-insensitive unless the pattern says not);
- ``heading``: phrases looked for in the unit's own and enclosing headings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Iterable

from spacy.attrs import IDX, LEMMA

from ..lexicon import lemma_table
from ..rules.context import ContextSpec
from ..rules.schema import RuleSpec, SignalSpec
from .context import ContextAnalyzer

_WORDS = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


@dataclass(frozen=True)
class UnitText:
    """What matching needs of a unit: its id, its own text and its headings' text."""

    id: str
    text: str
    context: str = ""  # the headings of the unit and its ancestors


@dataclass(frozen=True)
class SignalHit:
    rule: str
    signal: str
    exclusion: bool
    sentence: int  # index into UnitMatch.sentences; -1 for heading signals
    start: int  # character offsets in the unit's text
    end: int
    modifiers: tuple[str, ...] = ()  # negated / contemplated / exception scopes it falls in


@dataclass(frozen=True)
class UnitMatch:
    unit_id: str
    sentences: tuple[tuple[int, int], ...]  # character spans of the unit's sentences
    hits: tuple[SignalHit, ...]
    notes: dict = field(default_factory=dict)  # sentence index -> SentenceNote (force, actor, modifiers)


def normalise(text: str) -> str:
    """Lower-case lemmas separated by single spaces, for heading comparison."""
    table = lemma_table()
    return " ".join(table.get(w, w) for w in _WORDS.findall(text.lower()))


class CompiledPack:
    """A rule pack compiled into matchers, once per run."""

    def __init__(self, rules: Iterable[RuleSpec], nlp=None, context: ContextSpec | None = None):
        from spacy.matcher import Matcher, PhraseMatcher

        from ..nlp import build_nlp, to_doc
        from ..rules import packs_root
        from ..rules.context import load_context

        self.nlp = nlp or build_nlp()
        self._to_doc = to_doc
        self.context = context or load_context(packs_root() / "context")
        self.analyzer = ContextAnalyzer(self.context, self.nlp, to_doc)
        self.rules = {r.id: r for r in rules}
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self.patterns = Matcher(self.nlp.vocab, validate=True)
        self.regexes: list[tuple[str, re.Pattern]] = []
        self.nears: list[tuple[str, list[list[tuple[str, ...]]], int, bool]] = []
        self.headings: list[tuple[str, list[str]]] = []
        self.keys: dict[int, tuple[str, str, bool]] = {}
        self.has_patterns = False
        for rule in self.rules.values():
            for spec in rule.signals:
                self._add(rule.id, spec, exclusion=False)
            for spec in rule.exclusions:
                self._add(rule.id, spec, exclusion=True)

    def _docs(self, phrases) -> list:
        return list(self.nlp.pipe(self._to_doc(self.nlp, p) for p in phrases))

    def _lemmas(self, phrase: str) -> tuple[str, ...]:
        doc = self._docs([phrase])[0]
        return tuple(t.lemma_ for t in doc if not t.is_space)

    def _add(self, rule: str, spec: SignalSpec, exclusion: bool) -> None:
        key = f"{rule}|{'x' if exclusion else 's'}|{spec.id}"
        self.keys[self.nlp.vocab.strings.add(key)] = (rule, spec.id, exclusion)
        if spec.kind == "phrases":
            self.phrases.add(key, self._docs(spec.value))
        elif spec.kind == "pattern":
            self.patterns.add(key, [list(spec.value)])
            self.has_patterns = True
        elif spec.kind == "regex":
            self.regexes.append((key, re.compile(spec.value, re.I), regex_gate(spec.value)))
        elif spec.kind == "near":
            groups = [[self._lemmas(term) for term in group] for group in spec.value["terms"]]
            self.nears.append((key, groups, spec.value["window"], spec.value.get("across_sentences", False)))
        elif spec.kind == "heading":
            self.headings.append((key, [normalise(p) for p in spec.value]))
        # metric signals are document-level: scored from the contract, not matched here

    # -- running ----------------------------------------------------------------------------

    def match(self, units: Iterable[UnitText]) -> list[UnitMatch]:
        units = list(units)
        docs = (self._to_doc(self.nlp, u.text) for u in units)
        out = []
        for unit, doc in zip(units, self.nlp.pipe(docs, batch_size=256)):
            out.append(self._match_doc(unit, doc))
        return out

    def _match_doc(self, unit: UnitText, doc) -> UnitMatch:
        n = len(doc)
        starts = doc.user_data.get("sent_starts") or [0]
        token_idx = doc.to_array([IDX]).tolist() if n else []
        bounds = starts + [n]
        sents = []
        tok_sent = [0] * n
        for k in range(len(starts)):
            a, b = bounds[k], bounds[k + 1]
            last = doc[b - 1] if b > a else None
            sents.append((token_idx[a] if a < n else 0, last.idx + len(last.text) if last is not None else 0))
            tok_sent[a:b] = [k] * (b - a)
        sent_starts = [a for a, _ in sents]
        hits: list[SignalHit] = []

        hit_tokens: dict[int, list[tuple[int, int]]] = {}

        def add(key: str, start_tok: int, end_tok: int) -> None:
            rule, signal, exclusion = self.keys[self.nlp.vocab.strings[key]]
            span = doc[start_tok:end_tok]
            hits.append(SignalHit(rule, signal, exclusion, tok_sent[start_tok], span.start_char, span.end_char))
            if not exclusion:
                hit_tokens.setdefault(tok_sent[start_tok], []).append((start_tok, end_tok))

        for match_id, a, b in self.phrases(doc):
            add(self.nlp.vocab.strings[match_id], a, b)
        if self.has_patterns:
            for match_id, a, b in self.patterns(doc):
                add(self.nlp.vocab.strings[match_id], a, b)
        if self.nears:
            self._near(doc, tok_sent, add)
        text = unit.text
        lower = text.lower()
        for key, rx, gate in self.regexes:
            if gate and not any(g in lower for g in gate):
                continue
            for m in rx.finditer(text):
                rule, signal, exclusion = self.keys[self.nlp.vocab.strings[key]]
                sentence = max(0, bisect_right(sent_starts, m.start()) - 1)
                hits.append(SignalHit(rule, signal, exclusion, sentence, m.start(), m.end()))
                if not exclusion:
                    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                    if span is not None:
                        hit_tokens.setdefault(sentence, []).append((span.start, span.end))
        if self.headings and unit.context:
            context = f" {normalise(unit.context)} "
            for key, phrases in self.headings:
                if any(f" {p} " in context for p in phrases):
                    rule, signal, exclusion = self.keys[self.nlp.vocab.strings[key]]
                    hits.append(SignalHit(rule, signal, exclusion, -1, 0, 0))
        notes: dict = {}
        if hit_tokens:  # the costlier reading runs only where some rule fired
            notes, modifiers = self.analyzer.analyse(doc, set(hit_tokens), hit_tokens)
            if modifiers:
                hits = [replace(h, modifiers=tuple(sorted({m.type for m in modifiers
                                                           if m.start < h.end and h.start < m.end})))
                        if not h.exclusion and h.sentence >= 0 else h for h in hits]
        return UnitMatch(unit.id, tuple(sents), tuple(hits), notes)

    def _near(self, doc, tok_sent: list[int], add) -> None:
        strings = self.nlp.vocab.strings
        lemmas = [strings[h] for h in doc.to_array([LEMMA]).tolist()] if len(doc) else []
        index: dict[str, list[int]] = {}
        for i, lemma in enumerate(lemmas):
            index.setdefault(lemma, []).append(i)
        for key, groups, window, across in self.nears:
            found = []  # per group: (start, end) token spans of its terms
            for group in groups:
                spans = []
                for term in group:
                    for i in index.get(term[0], ()):
                        if tuple(lemmas[i:i + len(term)]) == term:
                            spans.append((i, i + len(term)))
                if not spans:
                    break
                found.append(spans)
            else:
                for a, b in _windows(found, window, None if across else tok_sent):
                    add(key, a, b)


def regex_gate(pattern: str) -> tuple[str, ...]:
    """Words one of which any match must contain, to skip texts that cannot match.

    Read from the pattern's structure: the first part every match needs whose
    possible beginnings are fixed words ("(?:waive|suspend)..." -> waive, suspend).
    Empty when no such part exists; the regex then runs everywhere.
    """
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

    try:
        parsed = sre_parse.parse(pattern, re.I)
    except Exception:  # a pattern the parser reads differently: no gate, just run it
        return ()
    items = list(parsed)
    for start in range(len(items)):
        words = prefixes(items[start:])
        if words and all(len(w) >= 3 for w in words):
            return tuple(sorted(words))
    return ()


def _windows(found: list[list[tuple[int, int]]], window: int, tok_sent: list[int] | None) -> list[tuple[int, int]]:
    """Token spans where one term of every group occurs within ``window`` tokens (in one
    sentence unless ``tok_sent`` is None)."""
    out = []
    first, rest = found[0], found[1:]
    for a0, b0 in first:
        lo, hi = a0, b0
        ok = True
        for spans in rest:
            best = None
            for a, b in spans:
                if tok_sent is not None and tok_sent[a] != tok_sent[a0]:
                    continue
                span = max(hi, b) - min(lo, a)
                if span <= window + (b - a) + (b0 - a0) and (best is None or span < best[0]):
                    best = (span, a, b)
            if best is None:
                ok = False
                break
            lo, hi = min(lo, best[1]), max(hi, best[2])
        if ok:
            out.append((lo, hi))
    return out
