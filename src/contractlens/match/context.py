"""Read the sentences that carry evidence: force, actor, and scope modifiers.

Runs only on units where some rule fired. Triggers, pseudo-triggers and
terminators come from the context lexicons (ConText style): a trigger's scope
runs forward or backward up to its token limit and stops at a terminator.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..rules.context import ContextSpec

_PUNCT_TERMINATORS = {";", ":", "."}


@dataclass(frozen=True)
class Modifier:
    type: str  # negated | contemplated | exception
    trigger: str  # the words that triggered it
    start: int  # character span of its scope in the unit text
    end: int


@dataclass(frozen=True)
class SentenceNote:
    sentence: int
    force: str | None  # obligation | permission | prohibition | entitlement
    actor: str | None  # board | superintendent | principal | union | teachers | joint_body | school_staff
    modifiers: tuple[Modifier, ...]


class ContextAnalyzer:
    def __init__(self, spec: ContextSpec, nlp, to_doc):
        from spacy.matcher import PhraseMatcher

        self.spec = spec
        self.vocab = nlp.vocab
        self._stop_hashes = (frozenset(nlp.vocab.strings.add(t) for t in _PUNCT_TERMINATORS),
                             nlp.vocab.strings.add(","))

        def docs(phrases):
            return list(nlp.pipe(to_doc(nlp, p) for p in phrases))

        self.forces = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for name, phrases in spec.forces:
            self.forces.add(f"force|{name}", docs(phrases))
        self.openers = set(spec.negative_openers)
        self.actors = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for name, phrases in spec.actors:
            self.actors.add(f"actor|{name}", docs(phrases))
        self.triggers = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.rules = list(spec.modifiers)
        for n, rule in enumerate(self.rules):
            self.triggers.add(f"trigger|{n}", docs(rule.triggers))
            if rule.pseudo:
                self.triggers.add(f"pseudo|{n}", docs(rule.pseudo))
            words = [t for t in rule.terminators if t not in _PUNCT_TERMINATORS]
            if words:
                self.triggers.add(f"stop|{n}", docs(words))

    def analyse(self, doc, sentences: set[int], hit_tokens: dict[int, list[tuple[int, int]]]
                ) -> tuple[dict[int, SentenceNote], list[Modifier]]:
        """Notes for the given sentences, and every modifier scope found in them."""
        from spacy.util import filter_spans  # here, not at import: reading the store needs no spaCy

        strings = self.vocab.strings
        starts = doc.user_data.get("sent_starts") or [0]
        bounds = starts + [len(doc)]
        found = [(strings[m], a, b) for m, a, b in self.triggers(doc)]
        force_label = {}
        for m, a, b in self.forces(doc):
            force_label.setdefault((a, b), strings[m].split("|")[1])
        forces = filter_spans([doc[a:b] for (a, b) in force_label])
        actor_label = {}
        for m, a, b in self.actors(doc):
            actor_label.setdefault((a, b), strings[m].split("|")[1])
        actors = filter_spans([doc[a:b] for (a, b) in actor_label])
        notes: dict[int, SentenceNote] = {}
        all_mods: list[Modifier] = []
        from spacy.attrs import ORTH
        orth = doc.to_array([ORTH]).tolist() if len(doc) else []  # token texts as hashes: no Token objects
        for k in sorted(sentences):
            if k < 0 or k >= len(starts):
                continue
            sent = doc[bounds[k]:bounds[k + 1]]
            mods = self._modifiers(doc, sent, found, orth)
            all_mods.extend(mods)
            first_hit = min((a for a, _ in hit_tokens.get(k, [])), default=sent.start)
            force, modal_at = self._force(doc, sent, forces, force_label, first_hit)
            actor = self._actor(sent, actors, actor_label, modal_at if modal_at is not None else first_hit)
            notes[k] = SentenceNote(k, force, actor, tuple(mods))
        return notes, all_mods

    def _modifiers(self, doc, sent, found, orth) -> list[Modifier]:
        stop_at, comma = self._stop_hashes
        inside = [(key, a, b) for key, a, b in found if sent.start <= a and b <= sent.end]
        pseudo = {(int(key.split("|")[1]), a, b) for key, a, b in inside if key.startswith("pseudo|")}
        stops: dict[int, list[int]] = {}
        for key, a, _ in inside:
            if key.startswith("stop|"):
                stops.setdefault(int(key.split("|")[1]), []).append(a)
        out = []
        for key, a, b in inside:
            if not key.startswith("trigger|"):
                continue
            n = int(key.split("|")[1])
            if any(pn == n and pa <= a and b <= pb for pn, pa, pb in pseudo):
                continue
            rule = self.rules[n]
            ends = set(stops.get(n, ()))
            spans = []
            if rule.direction in ("forward", "both"):
                lo, hi = b, min(sent.end, b + rule.scope)
                for i in range(lo, hi):
                    if orth[i] in stop_at or i in ends or (rule.type == "exception" and orth[i] == comma):
                        hi = i
                        break
                spans.append((lo, hi))
            if rule.direction in ("backward", "both"):
                lo, hi = max(sent.start, a - rule.scope), a
                for i in range(hi - 1, lo - 1, -1):
                    if orth[i] in stop_at or i in ends:
                        lo = i + 1
                        break
                spans.append((lo, hi))
            for lo, hi in spans:
                if lo >= hi:
                    continue
                start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
                if any(m.type == rule.type and m.start < end and start < m.end for m in out):
                    continue  # "shall study" and "study whether": one modifier
                out.append(Modifier(rule.type, doc[a:b].text, start, end))
        return out

    def _force(self, doc, sent, forces, labels, first_hit) -> tuple[str | None, int | None]:
        in_sent = [s for s in forces if sent.start <= s.start < sent.end]
        if not in_sent:
            return None, None
        before = [s for s in in_sent if s.start <= first_hit]
        chosen = before[-1] if before else in_sent[0]
        force = labels.get((chosen.start, chosen.end))
        first = doc[sent.start]
        opener = first.lemma_ if first.text not in ("(", "•") else doc[min(sent.start + 2, sent.end - 1)].lemma_
        if force in ("obligation", "permission") and (first.lemma_ in self.openers or opener in self.openers):
            force = "prohibition"
        return force, chosen.start

    def _actor(self, sent, actors, labels, modal_at: int) -> str | None:
        in_sent = [s for s in actors if sent.start <= s.start < sent.end]
        if not in_sent:
            return None
        window = self.spec.actor_window
        before = [s for s in in_sent if s.end <= modal_at and modal_at - s.end <= window]
        chosen = before[-1] if before else in_sent[0]
        return labels.get((chosen.start, chosen.end))
