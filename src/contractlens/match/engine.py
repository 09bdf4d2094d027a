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
from .context import ContextAnalyzer, Modifier

_WORDS = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# "ARTICLE IV  Board Rights .... 4": an entry of a table of contents
_TOC_ENTRY = re.compile(r"\b(?:article|section|appendix)\s+[ivxlc\d]+[a-z]?\b[^.\n]{1,80}?[\s.]\d{1,3}(?:\s*[,-]\s*\d{1,3})*(?=\s|$)",
                        re.I)


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
        # (rule, key, ...): anchors run everywhere; supporting signals and exclusions only
        # where one of their rule's anchors fired, since alone they decide nothing.
        self.regexes: list[tuple[str, str, re.Pattern, tuple[str, ...]]] = []
        self.nears: list[tuple[str, str, list[list[tuple[str, ...]]], int, bool]] = []
        self.deferred_regexes: list[tuple[str, str, re.Pattern, tuple[str, ...]]] = []
        self.deferred_nears: list[tuple[str, str, list[list[tuple[str, ...]]], int, bool]] = []
        self.headings: list[tuple[str, list[str]]] = []
        self.keys: dict[int, tuple[str, str, bool]] = {}
        self.anchor: dict[tuple[str, str], bool] = {}
        self.has_patterns = False
        self.gate_words: set[str] = set()
        # Party acronyms ("SEA", "GRPS") stand for "union" / "district" in near terms.
        self.acronyms = [(word, re.compile(rx)) for word, rx in self.context.acronyms]
        self.heading_kinds = [(kind, [normalise(h) for h in headings]) for kind, headings in
                              (("preamble", self.context.preamble_headings),
                               ("definition", self.context.definition_headings)) if headings]
        for rule in self.rules.values():
            for spec in rule.signals:
                self._add(rule.id, spec, exclusion=False)
            for spec in rule.exclusions:
                self._add(rule.id, spec, exclusion=True)

    def _docs(self, phrases) -> list:
        return list(self.nlp.pipe(self._to_doc(self.nlp, p) for p in phrases))

    def _lemmas(self, phrase: str) -> tuple[str, ...]:
        """The lemmas the pipeline gives a phrase's words (the tokenizer and the lemma table
        alone: sentence rules do not matter for a term, and this runs for every term)."""
        table = lemma_table()
        return tuple(table.get(t.lower_, t.lower_) for t in self.nlp.tokenizer(phrase.replace("\n", " "))
                     if not t.is_space)

    def _add(self, rule: str, spec: SignalSpec, exclusion: bool) -> None:
        key = f"{rule}|{'x' if exclusion else 's'}|{spec.id}"
        self.keys[self.nlp.vocab.strings.add(key)] = (rule, spec.id, exclusion)
        self.anchor[(rule, spec.id)] = spec.anchor and not exclusion
        if spec.kind == "phrases":
            self.phrases.add(key, self._docs(spec.value))
        elif spec.kind == "pattern":
            self.patterns.add(key, [list(spec.value)])
            self.has_patterns = True
        elif spec.kind == "regex":
            target = self.regexes if spec.anchor and not exclusion else self.deferred_regexes
            gate = regex_gate(spec.value)
            for words in gate:
                self.gate_words.update(words)
            target.append((rule, key, re.compile(spec.value, re.I), gate))
        elif spec.kind == "near":
            groups = []
            for group in spec.value["terms"]:
                by_first: dict[str, list[tuple[str, ...]]] = {}
                for term in group:
                    lemmas = self._lemmas(term)
                    if lemmas:
                        by_first.setdefault(lemmas[0], []).append(lemmas)
                groups.append(by_first)
            target = self.nears if spec.anchor and not exclusion else self.deferred_nears
            target.append((rule, key, groups, spec.value["window"], spec.value.get("across_sentences", False)))
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
        text = unit.text
        lower = text.lower()
        index = self._lemma_index(doc) if self.nears or self.deferred_nears else None
        present = {g for g in self.gate_words if g in lower}

        def regexes(items) -> None:
            for rule, key, rx, gate in items:
                if any(present.isdisjoint(words) for words in gate):
                    continue
                for m in rx.finditer(text):
                    _, signal, exclusion = self.keys[self.nlp.vocab.strings[key]]
                    sentence = max(0, bisect_right(sent_starts, m.start()) - 1)
                    hits.append(SignalHit(rule, signal, exclusion, sentence, m.start(), m.end()))
                    if not exclusion:
                        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                        if span is not None:
                            hit_tokens.setdefault(sentence, []).append((span.start, span.end))

        self._near(self.nears, index, tok_sent, add)
        regexes(self.regexes)
        fired = {h.rule for h in hits if not h.exclusion and self.anchor[(h.rule, h.signal)]}
        if fired:
            self._near([n for n in self.deferred_nears if n[0] in fired], index, tok_sent, add)
            regexes([r for r in self.deferred_regexes if r[0] in fired])
        if self.headings and unit.context:
            context = f" {normalise(unit.context)} "
            for key, phrases in self.headings:
                if any(f" {p} " in context for p in phrases):
                    rule, signal, exclusion = self.keys[self.nlp.vocab.strings[key]]
                    hits.append(SignalHit(rule, signal, exclusion, -1, 0, 0))
        notes: dict = {}
        if hit_tokens:  # the costlier reading runs only where some rule fired
            notes, modifiers = self.analyzer.analyse(doc, set(hit_tokens), hit_tokens)
            for kind, why in self._heading_kinds(unit.context) + [("contents", _contents(unit))]:
                if why:  # the whole unit is a recital, a list of definitions or a table of contents
                    modifiers = modifiers + [Modifier(kind, why, 0, len(text))]
                    notes = {k: replace(n, modifiers=n.modifiers + (Modifier(kind, why, *sents[k]),))
                             for k, n in notes.items()}
            if modifiers:
                hits = [replace(h, modifiers=tuple(sorted({m.type for m in modifiers
                                                           if m.start < h.end and h.start < m.end})))
                        if not h.exclusion and h.sentence >= 0 else h for h in hits]
        return UnitMatch(unit.id, tuple(sents), tuple(hits), notes)

    def _heading_kinds(self, context: str) -> list[tuple[str, str]]:
        """("preamble", why) when a heading of the unit or an enclosing unit is a preamble's; the
        same for definitions."""
        if not context:
            return []
        padded = f" {normalise(context)} "
        out = []
        for kind, headings in self.heading_kinds:
            found = next((h for h in headings if f" {h} " in padded), None)
            if found:
                out.append((kind, f"heading: {found}"))
        return out

    def _lemma_index(self, doc) -> tuple[list[str], dict[str, list[int]]]:
        strings = self.nlp.vocab.strings
        lemmas = [strings[h] for h in doc.to_array([LEMMA]).tolist()] if len(doc) else []
        index: dict[str, list[int]] = {}
        for i, lemma in enumerate(lemmas):
            index.setdefault(lemma, []).append(i)
        if self.acronyms:
            for i, token in enumerate(doc):
                text = token.text
                if 2 <= len(text) <= 6 and text.isupper():
                    for word, rx in self.acronyms:
                        if rx.fullmatch(text):
                            index.setdefault(word, []).append(i)
                            break
            for positions in index.values():
                positions.sort()
        return lemmas, index

    def _near(self, nears, lemma_index, tok_sent: list[int], add) -> None:
        if not nears:
            return
        lemmas, index = lemma_index
        present = index.keys()
        for _, key, groups, window, across in nears:
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
                for a, b in _windows(found, window, None if across else tok_sent):
                    add(key, a, b)


def _contents(unit: UnitText) -> str | None:
    """Why the unit reads as a table of contents, or None."""
    head = f"{unit.context} {unit.text[:60]}".lower()
    if "table of contents" in head or re.search(r"\bcontents\b", unit.context.lower()):
        return "a table of contents"
    entries = len(_TOC_ENTRY.findall(unit.text))
    if entries >= 4 and unit.text.count(". ") < entries:
        return "a table of contents"
    return None


def regex_gate(pattern: str) -> tuple[frozenset[str], ...]:
    """Up to two sets of words, of each of which any match must contain one: texts
    that lack them are skipped. Read from the pattern's structure: the parts every
    match needs whose possible beginnings are fixed words ("(?:waive|suspend)\\w*
    \\s+the\\s+provision" -> {waive, suspend} and {provision}). Empty when no such
    part exists; the regex then runs everywhere."""
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
    return tuple(sorted(candidates(parsed), key=_selectivity, reverse=True)[:2])


def _selectivity(words: frozenset[str]) -> tuple[int, int]:
    """Longer words are rarer; fewer alternatives pass less text."""
    return min(len(w) for w in words), -len(words)


def _windows(found: list[list[tuple[int, int]]], window: int, tok_sent: list[int] | None) -> list[tuple[int, int]]:
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
