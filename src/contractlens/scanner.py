"""The main job: which practices a contract codifies, where, and how sure.

    ingest -> structure -> match -> score -> ScanResult

``scan`` reads a file; ``scan_contract`` works on a contract already read;
``tag`` looks at a single piece of text (a clause) as one unit.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import Callable

from . import aside, score
from .errors import ConfigError
from .ingest.quality import ocr_factor
from .match import CompiledPack, SignalHit, UnitMatch, UnitText, acronyms
from .match.establishing import talks_about
from .models import (NOT_FOUND, PRESENT, Contract, Evidence, Modifier, PracticeResult, ScanResult, Tag, Unit)
from .rules import RulePack, RuleSpec, load_pack
from .score import UnitScore, document_score, level, scaled, status_for
from .structure.citation import chain, citation, contract_metrics

MIN_BODY_WORDS = 6  # a heading alone names a practice; it does not codify it


_COMPILED: dict[tuple[str, str, str], CompiledPack] = {}


def _key(pack: RulePack) -> tuple[str, str, str]:
    return (pack.path, pack.name, pack.version)


def compiled(pack: RulePack) -> CompiledPack:
    """Compile a pack's matchers once per process, with the handbook rules it rolls up."""
    key = _key(pack)
    if key not in _COMPILED:
        from . import packcache

        _import_spacy()

        rules = pack.rules + _rolled_up(pack)
        _COMPILED[key] = packcache.compiled(pack, rules, lambda: CompiledPack(rules))  # on disk across runs
    return _COMPILED[key]


def _import_spacy() -> None:
    """``import spacy`` without its command line: spaCy's ``__init__`` imports ``spacy.cli``
    (for one function, ``spacy.info``), and that brings in its download, project and
    templating commands with requests, httpx, weasel and jinja2, 0.1 s of a cold scan. The
    import runs with a stand-in for ``spacy.cli`` that is taken out again at once, so a later
    ``import spacy.cli`` gets the real one, and ``spacy.info`` imports the real function on its
    first call. Should spaCy ever need more of it, the import is done again the usual way."""
    if "spacy" in sys.modules:
        return
    import types

    def info(*args, **kwargs):
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    cli, sub = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    sub.info, cli.info = info, sub
    stubs = {"spacy.cli": cli, "spacy.cli.info": sub}
    sys.modules.update(stubs)
    try:
        import spacy
    except Exception:  # noqa: BLE001 - not this spaCy: forget the half-import, import it as usual
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            sys.modules.pop(name, None)
        return
    finally:
        for name, module in stubs.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        del spacy.cli


_BUILDING: dict[tuple[str, str, str], Future] = {}
_BUILDING_LOCK = threading.Lock()


def _building(pack: RulePack) -> Future:
    """``compiled(pack)`` on a daemon thread, one per pack at a time (a build a failed read left
    running is waited for, not started twice)."""
    key = _key(pack)
    with _BUILDING_LOCK:
        future = _BUILDING.get(key)
        if future is None or (future.done() and future.exception() is not None):
            future = _BUILDING[key] = Future()

            def build() -> None:
                try:
                    future.set_result(compiled(pack))
                except BaseException as exc:  # handed to whoever waits on the future
                    future.set_exception(exc)

            future.thread = threading.Thread(target=build, name="contractlens-build", daemon=True)
            future.thread.start()
    return future


def _rolled_up(pack: RulePack) -> tuple[RuleSpec, ...]:
    wanted = {sub for r in pack.rules for sub in r.rolls_up}
    if not wanted:
        return ()
    handbook = load_pack("handbook")
    missing = wanted - {r.id for r in handbook.rules}
    if missing:
        raise ConfigError(f"rolls up practices the handbook pack does not have: {', '.join(sorted(missing))}",
                          path=pack.path)
    own = {r.id for r in pack.rules}
    return tuple(r for r in handbook.rules if r.id in wanted and r.id not in own)


def unit_scores(pack: RulePack, engine: CompiledPack, match: UnitMatch
                ) -> dict[str, tuple[UnitScore, list[SignalHit]]]:
    """Each practice of the pack that this unit shows (score.unit_scores)."""
    return score.unit_scores(pack.rules, engine.rules, dict(engine.context.effects), match)


def scan(path: str | Path, rules: str | Path | RulePack | None = None, *, pdf_engine: str = "pdfium",
         encoding: str | None = None, password: str | None = None, evidence: int = 3,
         min_confidence: float = 0.0, ocr="auto", data: bytes | None = None) -> ScanResult:
    """Read a contract and report every practice of the rule pack (default: the handbook's 21).

    ``data``: the contract's bytes when they were read elsewhere (stdin); ``path`` then only names it."""
    from . import segment

    pack = rules if isinstance(rules, RulePack) else load_pack(rules)
    read = functools.partial(segment, path, pdf_engine=pdf_engine, encoding=encoding, password=password, data=data)
    # Building the matchers (spaCy's import, its pipeline, the pack from its cache: 0.6 s on
    # a cold start) overlaps with reading the file and finding its structure. On a cold start
    # the reading runs in a forked child (aside.py): the two then run on two cores, where in
    # one process the import thread holds the GIL and pdfium's reader, which comes back to
    # Python twice a page, waits for it each time. The build runs on a daemon thread, so a
    # file that cannot be read fails at once instead of after matchers nobody will use.
    cold = _key(pack) not in _COMPILED
    wait = aside.start(functools.partial(_read_reporting, read, ocr), _progress_of(ocr)) if cold else None
    try:
        building = _building(pack)
    except BaseException:
        if wait is not None:
            wait(cancel=True)
        raise
    contract = wait() if wait is not None else None
    if contract is None:  # read here: no fork, or the child could not read it (its error is raised here)
        contract = read(ocr=ocr)
    building.result()  # the pack's ConfigError, if any
    building.thread.join()  # done once the result is set; a child forked later inherits no thread
    return scan_contract(contract, pack, evidence=evidence, min_confidence=min_confidence,
                         split=wait is not None)


def _progress_of(ocr):
    from .ingest import OcrOptions

    return ocr.progress if isinstance(ocr, OcrOptions) else None


def _read_reporting(read: Callable[..., Contract], ocr, report) -> Contract:
    """``read`` in a forked child: its OCR progress goes to ``report`` (to the parent)."""
    if _progress_of(ocr) is not None:
        ocr = replace(ocr, progress=report)
    return read(ocr=ocr)


def scan_contract(contract: Contract, pack: RulePack, *, evidence: int = 3,
                  min_confidence: float = 0.0, split: bool = False) -> ScanResult:
    """``split``: match a long contract's units in two processes (aside.py), for a single scan
    on an idle core; a batch that already runs one process per core leaves it off."""
    engine = compiled(pack)
    by_id = {u.id: u for u in contract.units}
    eligible = [u for u in contract.units if _body_words(u) >= MIN_BODY_WORDS]
    texts = [UnitText(u.id, u.text, _context(u, by_id)) for u in eligible]
    matches, scored = (_match_split if split else _match)(pack, engine, texts, contract.text)
    metrics = contract_metrics(contract)
    practices = []
    for rule in pack.rules:
        found: list[Evidence] = []
        own: dict[int, float] = {}  # id(evidence) -> its quote's own strength
        for unit, match, scores in zip(eligible, matches, scored):
            if rule.id in scores:
                result, hits = scores[rule.id]
                found.append(_evidence(contract, unit, by_id, match, hits, result))
                own[id(found[-1])] = result.quote_strength
        if rule.scope == "document":
            whole = document_score(rule, metrics, max((e.confidence for e in found), default=0.0))
            if whole.factor < 1.0:
                found = [replace(e, confidence=scaled(e.confidence, whole.factor)) for e in found]
            if whole.confidence > 0:
                found.append(Evidence(None, "whole agreement", "", 0, None, _describe(metrics), 0, 0,
                                      whole.confidence, whole.signals))
        found = [e for e in found if e.confidence >= min_confidence]
        best = max((e.confidence for e in found), default=0.0)
        found.sort(key=_quote_order(rule, own))
        found = _establishing_first(found, rule.threshold)
        status = status_for(best, rule.threshold)
        units = sum(1 for e in found if e.unit_id and e.confidence >= rule.threshold)
        practices.append(PracticeResult(rule.id, rule.name, rule.area, pack.area_name(rule.area), status, best,
                                        units, tuple(found[:evidence]) if status != NOT_FOUND else ()))
    return ScanResult(source=contract.source, pack=pack.name, pack_title=pack.title, pack_version=pack.version,
                      pages=len(contract.pages), units=len(contract.units), coverage=contract.coverage,
                      practices=tuple(practices), warnings=contract.warnings)


def _match(pack: RulePack, engine: CompiledPack, texts: list[UnitText], whole: str):
    # Acronyms the contract defines are read as their long form (match/acronyms.py).
    matches = acronyms.match_all(engine, texts, whole)
    return matches, [unit_scores(pack, engine, m) for m in matches]


SPLIT_CHARS = 300_000  # units' text below which a second process costs more than it saves (Boston: 700k)
CHILD_SHARE = 0.46  # of the text, to the child: it also pickles its results and is forked late


def _match_split(pack: RulePack, engine: CompiledPack, texts: list[UnitText], whole: str):
    """``_match`` with the last units matched in a forked child meanwhile. Units are matched
    one by one (the acronyms are the whole contract's), so the halves put together are the
    matches of the whole; a child that fails leaves its half to be matched here."""
    total = sum(len(t.text) for t in texts)
    if total < SPLIT_CHARS:
        return _match(pack, engine, texts, whole)
    cut, run = len(texts), 0
    for k, t in enumerate(texts):
        run += len(t.text)
        if run >= total * (1 - CHILD_SHARE):
            cut = k + 1
            break
    wait = aside.start(lambda report: _match(pack, engine, texts[cut:], whole))
    try:
        matches, scored = _match(pack, engine, texts[:cut], whole)
    except BaseException:
        if wait is not None:
            wait(cancel=True)
        raise
    rest = wait() if wait is not None else None
    if rest is None:
        rest = _match(pack, engine, texts[cut:], whole)
    return matches + rest[0], scored + rest[1]


def tag(text: str, rules: str | Path | RulePack | None = None) -> list[Tag]:
    """The practices a piece of text (a clause) codifies, read as one unit, best first."""
    pack = rules if isinstance(rules, RulePack) else load_pack(rules)
    return tag_many([text], pack)[0]


def tag_many(texts: list[str], pack: RulePack) -> list[list[Tag]]:
    engine = compiled(pack)
    matches = engine.match(UnitText(str(i), t, clause_heading(t)) for i, t in enumerate(texts))
    out = []
    for text, match in zip(texts, matches):
        tags = []
        scores = unit_scores(pack, engine, match)
        for rule in pack.rules:
            if rule.id not in scores:
                continue
            result, hits = scores[rule.id]
            a, b = _quote_span(match, result.sentences, len(text), text,
                               _focus(hits, result.signals[0] if result.signals else None))
            force, actor, modifiers = _reading(match, hits, result.sentences,
                                               result.signals[0] if result.signals else None)
            tags.append(Tag(rule.id, result.confidence, status_for(result.confidence, rule.threshold),
                            _flat(text[a:b]), a, b, result.signals, force, actor, modifiers))
        tags.sort(key=lambda t: -t.confidence)
        out.append(tags)
    return out


# -- helpers --------------------------------------------------------------------------------

_HEADING_LINE = re.compile(r"^[\s|]*(.*?)[\s|]*$")
_RUN_IN = re.compile(r"^\s*((?:[A-Z0-9][\w'’/&()-]*\.?\s+){0,3}?[A-Z][\w'’/&()-]*"
                     r"(?:[ \t]+(?:[A-Z0-9][\w'’/&()-]*|of|and|the|for|in|on|to|a|an|or|with|by|&|[-–]))*)"
                     r"\s*[.:]\s+(?=\S)")


def clause_heading(text: str) -> str:
    """The heading a clause cut from a contract starts with, read as the scanner reads a
    unit's heading: short leading lines ("ARTICLE 24" / "RESTRUCTURING"), or a run-in
    title ("Contract Waivers. The District..."). Empty when there is none."""
    lines = text.split("\n")
    heads = []
    for line in lines[:4]:
        line = _HEADING_LINE.match(line).group(1)
        words = line.split()
        if not words:
            if heads:
                break
            continue
        if len(words) > 10 or line.endswith((".", ",", ";")) and len(words) > 3:
            break
        heads.append(line)
    if heads and len(heads) < len([x for x in lines if x.strip()]):
        return " / ".join(heads)
    m = _RUN_IN.match(text)
    if m and len(m.group(1).split()) <= 10:
        return m.group(1)
    return ""


def _quote_order(rule: RuleSpec, own: dict[int, float]):
    """Best evidence first. Of the units that hold the practice, a quote whose negation or
    exception covers its evidence comes last; then the quote whose own sentence says the most
    (a unit can reach the threshold on its heading and a neighbour while its quoted sentence
    only names the practice in a list). Confidences that differ by less than a step are read
    as equal; a unit whose heading is about the practice then comes first (structure is
    evidence)."""
    heading_ids = {s.id for s in rule.signals if level(s) == "heading"}

    def key(e: Evidence):
        holds = e.confidence >= rule.threshold
        about = any(sig.split(":")[-1] in heading_ids for sig in e.signals)
        hedged = any(m.applies and m.type in ("negated", "exception", "contemplated") for m in e.modifiers)
        strength = own.get(id(e), 0.0) if holds else 0.0
        return (not holds, hedged, -round((strength + e.confidence) / 2 / QUOTE_STEP), not about,
                -e.confidence, e.start)
    return key


QUOTE_STEP = 0.05
ASIDE_MARGIN = 0.1  # how much confidence a sentence that sets the practice up may give away


def _establishing_first(found: list[Evidence], threshold: float) -> list[Evidence]:
    """A best quote that only talks about the practice (a vision, a sentiment, a notice: see
    match/establishing.py) gives way to a nearly as strong quote that holds and sets it up."""
    if not found or not found[0].unit_id or talks_about(found[0].quote) is None:
        return found
    for k, e in enumerate(found[1:], 1):
        if e.confidence < max(threshold, found[0].confidence - ASIDE_MARGIN):
            break
        hedged = any(m.applies and m.type in ("negated", "exception", "contemplated") for m in e.modifiers)
        if e.unit_id and not hedged and talks_about(e.quote) is None:
            return [e] + found[:k] + found[k + 1:]
    return found


def _body_words(u: Unit) -> int:
    return len(u.text.split()) - len(u.label.split()) - len(u.heading.split())


def _context(u: Unit, by_id: dict[str, Unit]) -> str:
    return " / ".join(n.heading for n in chain(u, by_id) if n.heading)


MAX_QUOTE = 600  # characters; a longer "sentence" is a form or table read as one


def _quote_span(match: UnitMatch, sentences: tuple[int, ...], length: int, text: str = "",
                focus: tuple[int, int] | None = None) -> tuple[int, int]:
    if not sentences or not match.sentences:
        a, b = match.sentences[0] if match.sentences else (0, length)
    else:
        a = match.sentences[sentences[0]][0]
        b = match.sentences[sentences[-1]][1]
        if b - a < 60 and sentences[-1] + 1 < len(match.sentences):
            b = match.sentences[sentences[-1] + 1][1]  # a short sentence reads better with the next
    if b - a > MAX_QUOTE and focus and text and a <= focus[0] < b:
        # Keep the words around the evidence, cut at spaces.
        lo = max(a, focus[0] - MAX_QUOTE // 3)
        hi = min(b, max(focus[1], lo) + MAX_QUOTE * 2 // 3)
        lo = text.find(" ", lo) + 1 if lo > a and text.find(" ", lo) != -1 else lo
        cut = text.rfind(" ", lo, hi)
        a, b = lo, cut if hi < b and cut > lo else hi
    return a, b


def _focus(hits: list[SignalHit], signal: str | None) -> tuple[int, int] | None:
    spans = [(h.start, h.end) for h in hits if h.signal == signal and not h.exclusion and h.sentence >= 0]
    return min(spans) if spans else None


def _flat(text: str) -> str:
    return " ".join(text.split())


def _evidence(contract: Contract, unit: Unit, by_id: dict[str, Unit], match: UnitMatch,
              hits: list[SignalHit], result: UnitScore) -> Evidence:
    top = result.signals[0] if result.signals else None
    result = replace(result, sentences=_establishing_sentences(match, hits, result.sentences, unit.text, result.signals))
    a, b = _quote_span(match, result.sentences, len(unit.text), unit.text, _focus(hits, top))
    start, end = unit.start + a, unit.start + b
    page = contract.page_at(start)
    heading = next((n.heading for n in reversed(chain(unit, by_id)) if n.heading), "")
    force, actor, modifiers = _reading(match, hits, result.sentences, result.signals[0] if result.signals else None)
    reading = contract.source.reading(page.number)  # read by OCR: trust it as far as the OCR went
    factor = ocr_factor(reading)
    confidence = scaled(result.confidence, factor)
    return Evidence(unit.id, citation(unit, by_id), heading, page.number, page.printed,
                    _flat(contract.text[start:end]), start, end, confidence, result.signals,
                    force, actor, modifiers, ocr=reading)


def _establishing_sentences(match: UnitMatch, hits: list[SignalHit], sentences: tuple[int, ...],
                            text: str, strongest: tuple[str, ...] = ()) -> tuple[int, ...]:
    """The quoted sentences, unless they only talk about the practice (match/establishing.py)
    and another sentence of the unit carries at least as much of its evidence."""
    if not sentences or not match.sentences:
        return sentences
    span = lambda k: text[match.sentences[k][0]:match.sentences[k][1]]  # noqa: E731
    if talks_about(" ".join(span(k) for k in sentences)) is None:
        return sentences
    signals: dict[int, set[str]] = {}
    for h in hits:
        if not h.exclusion and h.sentence >= 0:
            signals.setdefault(h.sentence, set()).add(h.signal)
    had = len(set().union(*(signals.get(k, set()) for k in sentences)))
    others = [k for k in signals if k not in sentences and talks_about(span(k)) is None
              and len(signals[k]) >= max(1, had - 1)]
    # Most evidence, then the strongest signal (result order), then the earliest sentence.
    rank = {sig: n for n, sig in enumerate(strongest)}
    best = lambda k: (len(signals[k]), -min(rank.get(x, len(rank)) for x in signals[k]), -k)  # noqa: E731
    return (max(others, key=best),) if others else sentences


def _reading(match: UnitMatch, hits: list[SignalHit], sentences: tuple[int, ...], strongest: str | None = None):
    """Force, actor and modifiers of the quoted sentences (the first one that has them); a
    modifier "applies" when it covers all of the strongest signal's evidence there (or, when
    that signal is not in the sentence, all of the sentence's evidence)."""
    force = actor = None
    modifiers: list[Modifier] = []
    quoted = sentences or ((min((h.sentence for h in hits if h.sentence >= 0), default=0),))
    for k in quoted:
        note = match.notes.get(k)
        if note is None:
            continue
        force = force or note.force
        actor = actor or note.actor
        here = [h for h in hits if h.sentence == k and not h.exclusion]
        own = [h for h in here if h.signal == strongest] or here
        # A modifier applies when every match of that evidence lies in its scope: "those who
        # are not selected" does not negate a sentence whose other words set the practice up.
        applied = set.intersection(*(set(h.modifiers) for h in own)) if own else set()
        for m in note.modifiers:
            item = Modifier(m.type, m.trigger, m.type in applied)
            if item not in modifiers:
                modifiers.append(item)
    return force, actor, tuple(modifiers)


def _describe(metrics: dict[str, float]) -> str:
    if not metrics:
        return "the agreement's size could not be measured"
    return (f"the agreement proper runs {metrics['pages']:.0f} pages and {metrics['words']:.0f} words "
            f"in {metrics['articles']:.0f} articles")


__all__ = ["scan", "scan_contract", "tag", "tag_many", "PRESENT"]
