"""Run every signal of a rule pack over unit texts.

The kinds of signal (phrases, pattern, near, regex, heading; metric is document-level)
are one module each under ``signals/``; this module compiles a pack through them, runs
them in a fixed order, and reads the context (negation, force, actor) where evidence fired.
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import replace
from typing import Iterable

from ..lexicon import lemma_table
from ..rules.context import ContextSpec
from ..rules.schema import RuleSpec
from .context import ContextAnalyzer, Modifier
from .hits import SignalHit, UnitMatch, UnitText
from ..nlp import PIECE_CHARS, pieces
from .prefilter import Prefilter
from .signals import KINDS, Signal, UnitView, normalise, regex_gate

# "ARTICLE IV  Board Rights .... 4": an entry of a table of contents
_TOC_ENTRY = re.compile(r"\b(?:article|section|appendix)\s+[ivxlc\d]+[a-z]?\b[^.\n]{1,80}?[\s.]\d{1,3}(?:\s*[,-]\s*\d{1,3})*(?=\s|$)",
                        re.I)


@contextmanager
def collector_paused():
    """Python's cycle collector paused while units are matched (and resumed as it was).
    Matching makes and drops many small objects (tokens' spans, hits, docs), so the collector
    would run every few hundred of them and walk the compiled pack's objects each time: about
    a sixth of matching time, for almost nothing to collect (what matching makes is freed by
    reference counting; the few cycles are collected when the collector resumes)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class CompiledPack:
    """A rule pack compiled into matchers, once per run."""

    def __init__(self, rules: Iterable[RuleSpec], nlp=None, context: ContextSpec | None = None,
                 prefilter: bool = True):
        from ..nlp import build_nlp, to_doc
        from ..rules import packs_root
        from ..rules.context import load_context

        self.nlp = nlp or build_nlp()
        self._to_doc = to_doc
        self.context = context or load_context(packs_root() / "context")
        self.analyzer = ContextAnalyzer(self.context, self.nlp, to_doc)
        self.rules = {r.id: r for r in rules}
        # One pass over each unit decides which signals can fire there (prefilter.py); False
        # runs every signal in every unit (the tests compare both: the hits must be the same).
        self.use_prefilter = prefilter
        self.prefilter = Prefilter(lemma_table())
        self.kinds = {name: kind(self) for name, kind in KINDS.items()}
        self.text_kinds = [k for k in self.kinds.values() if k.level == "text"]
        self.heading_signals = [k for k in self.kinds.values() if k.level == "heading"]
        self.anchor: dict[tuple[str, str, bool], bool] = {}
        # Party acronyms ("SEA", "GRPS") stand for "union" / "district" in near terms.
        self.acronyms = [(word, re.compile(rx)) for word, rx in self.context.acronyms]
        self.heading_kinds = [(kind, [normalise(h) for h in headings]) for kind, headings in
                              (("preamble", self.context.preamble_headings),
                               ("definition", self.context.definition_headings)) if headings]
        for rule in self.rules.values():
            for spec in rule.signals:
                self._add(Signal(rule.id, spec, False))
            for spec in rule.exclusions:
                self._add(Signal(rule.id, spec, True))

    def docs(self, phrases) -> list:
        return list(self.nlp.pipe(self._to_doc(self.nlp, p) for p in phrases))

    def lemmas(self, phrase: str) -> tuple[str, ...]:
        """The lemmas the pipeline gives a phrase's words (the tokenizer and the lemma table
        alone: sentence rules do not matter for a term, and this runs for every term)."""
        table = lemma_table()
        return tuple(table.get(t.lower_, t.lower_) for t in self.nlp.tokenizer(phrase.replace("\n", " "))
                     if not t.is_space)

    def _add(self, signal: Signal) -> None:
        self.anchor[(signal.rule, signal.spec.id, signal.exclusion)] = signal.anchor
        kind = self.kinds[signal.spec.kind]
        kind.compile(signal)
        # The prefilter reads what anchors need (a unit where none can fire is not matched:
        # no rule can score there), and the words of the kinds that read what it found.
        if kind.level == "text" and (signal.anchor or kind.reads_present):
            self.prefilter.add(signal.key, kind.requires(signal), anchor=signal.anchor)

    # -- running ----------------------------------------------------------------------------

    def match(self, units: Iterable[UnitText]) -> list[UnitMatch]:
        with collector_paused():
            return self._match_all(list(units))

    def _match_all(self, units: list[UnitText]) -> list[UnitMatch]:
        # A unit past spaCy's length limit is matched in pieces (``_match_long``).
        plans = [self._plan(u) if len(u.text) <= self.nlp.max_length else None for u in units]
        # Only the units where some signal can fire are tokenized, split and read.
        docs = self.nlp.pipe((self._to_doc(self.nlp, plan[0].text) for plan in plans if plan and plan[2]),
                             batch_size=256)
        out = []
        for unit, plan in zip(units, plans):
            if plan is None:
                out.append(self._match_long(unit))
                continue
            view, headings, needed = plan
            if needed:
                view.doc = next(docs)
                out.append(self._match_doc(view, headings))
                view.doc = None  # the plans hold every view until the end: let this Doc go now
            else:
                out.append(UnitMatch(view.unit.id, (), (), {}))
        return out

    def _match_long(self, unit: UnitText) -> UnitMatch:
        """A unit past spaCy's length limit, matched piece by piece (nlp.pieces: cut where a
        sentence ends) and put back together with the unit's own offsets. Supporting signals
        run in every piece where any piece fired an anchor of their rule, as in one unit.
        Pieces are not prefiltered: such units are rare and the saving would be nothing."""
        spans = pieces(unit.text, min(self.nlp.max_length, PIECE_CHARS))

        def run(a: int, b: int, fired: frozenset) -> tuple[UnitMatch, frozenset]:
            piece = UnitText(unit.id, unit.text[a:b], unit.context)
            view = UnitView(piece, None, self.nlp.vocab.strings, self.acronyms, None)
            headings = [found for kind in self.heading_signals for found in kind.run(view)]
            view.doc = self.nlp(self._to_doc(self.nlp, piece.text))
            return self._match_doc(view, headings, fired, unit, a)

        parts = [run(a, b, frozenset()) for a, b in spans]
        fired = frozenset().union(*(f for _, f in parts))
        parts = [(m, f) if f == fired else run(a, b, fired) for (a, b), (m, f) in zip(spans, parts)]
        sentences, hits, notes = [], [], {}
        for k, ((a, _), (m, _)) in enumerate(zip(spans, parts)):
            first = len(sentences)
            sentences.extend((s + a, e + a) for s, e in m.sentences)
            # Heading signals read the unit's headings, the same in every piece: keep one copy.
            hits.extend(replace(h, sentence=h.sentence + first, start=h.start + a, end=h.end + a)
                        for h in m.hits if h.sentence >= 0 or k == 0)
            notes.update({i + first: replace(n, sentence=n.sentence + first,
                                             modifiers=tuple(replace(x, start=x.start + a, end=x.end + a)
                                                             for x in n.modifiers))
                          for i, n in m.notes.items()})
        return UnitMatch(unit.id, tuple(sentences), tuple(hits), notes)

    def _plan(self, unit: UnitText) -> tuple[UnitView, list, bool]:
        """The unit's view before tokenizing, its heading hits, and whether it must be
        tokenized: some text signal can fire there, or a heading signal fired (its quote
        needs the sentences)."""
        present = self.prefilter.scan(unit.text) if self.use_prefilter else None
        view = UnitView(unit, None, self.nlp.vocab.strings, self.acronyms, present)
        headings = [found for kind in self.heading_signals for found in kind.run(view)]
        needed = present is None or bool(headings) or present.any_anchor
        return view, headings, needed

    def _match_doc(self, view: UnitView, headings: list, also_fired: frozenset | None = None,
                   whole: UnitText | None = None, offset: int = 0):
        """One unit's match; for a piece of a long unit (``whole``, the piece starting at ``offset``),
        (the match in the piece's offsets, the rules whose anchors fired in it)."""
        unit, doc = view.unit, view.doc
        hits: list[SignalHit] = []
        hit_tokens: dict[int, list[tuple[int, int]]] = {}

        def take(found) -> None:
            for hit, tokens in found:
                hits.append(hit)
                if tokens is not None:
                    hit_tokens.setdefault(tokens[0], []).append(tokens[1])

        # Supporting signals and exclusions that are costly to match run only where an anchor
        # of their rule fired (alone they decide nothing); headings come last.
        for kind in self.text_kinds:
            take(kind.run(view))
        fired = frozenset(h.rule for h in hits if self.anchor[(h.rule, h.signal, h.exclusion)])
        own_fired = fired
        if also_fired:
            fired = fired | also_fired
        if fired:
            for kind in self.text_kinds:
                take(kind.run(view, fired))
        take(headings)
        text = unit.text
        sents = view.sentences
        notes: dict = {}
        if hit_tokens:  # the costlier reading runs only where some rule fired
            notes, modifiers = self.analyzer.analyse(doc, set(hit_tokens), hit_tokens)
            entire = whole or unit
            for kind, why in self._heading_kinds(unit.context) + [("contents", _contents(entire))]:
                if why:  # the whole unit is a recital, a list of definitions or a table of contents
                    modifiers = modifiers + [Modifier(kind, why, -offset, len(entire.text) - offset)]
                    notes = {k: replace(n, modifiers=n.modifiers + (Modifier(kind, why, *sents[k]),))
                             for k, n in notes.items()}
            if modifiers:
                hits = [replace(h, modifiers=tuple(sorted({m.type for m in modifiers
                                                           if m.start < h.end and h.start < m.end})))
                        if not h.exclusion and h.sentence >= 0 else h for h in hits]
        match = UnitMatch(unit.id, tuple(sents), tuple(hits), notes)
        return match if whole is None else (match, own_fired)

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


def _contents(unit: UnitText) -> str | None:
    """Why the unit reads as a table of contents, or None."""
    head = f"{unit.context} {unit.text[:60]}".lower()
    if "table of contents" in head or re.search(r"\bcontents\b", unit.context.lower()):
        return "a table of contents"
    entries = len(_TOC_ENTRY.findall(unit.text))
    if entries >= 4 and unit.text.count(". ") < entries:
        return "a table of contents"
    return None


__all__ = ["CompiledPack", "SignalHit", "UnitMatch", "UnitText", "normalise", "regex_gate"]
