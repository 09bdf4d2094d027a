"""Review files: a person's word on the scans' findings, applied to scans and used as gold.

A review file is YAML a person may edit by hand (``contractlens review`` writes it)::

    # contractlens reviews
    version: 1
    reviews:
      - file: reform.pdf                      # the contract's file name ...
        sha256: 5d41402abc4b2a76...           # ... and its content hash when reviewed (either identifies it)
        practice: peer_review_assistance      # a practice id of the rule pack
        verdict: wrong                        # right | wrong | missed
        unit: 3f2a9c0d1e4b5a6c                # the unit's fingerprint; omit for the whole agreement
        citation: Article XIII, 13.5          # for people; never used to match
        note: the panel only advises          # optional
        reviewer: jdoe                        # optional
        date: "2026-12-04"                    # optional

A review applies to a contract with that content hash, or with that file name (a new
version of it: re-paginated, renumbered). Its unit is found by fingerprint
(``diff.unit_fingerprints``: the unit's text and its article's heading, without numbers or
pages), so it survives re-pagination; a unit no longer in the contract makes the review
stale, and reports say so.

What a review does to a scan (``apply``): ``wrong`` takes that unit's evidence away (no unit:
the whole finding); the practice stays present only if another unit still holds it at the
rule's threshold, else it is not found, marked "rejected". ``right`` and ``missed`` say the
unit holds the practice: it is present, with that unit as evidence (a quote from the unit
when the rules did not cite it), marked "confirmed" when the rules had found it there and
"added" when they had not.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import replace
from pathlib import Path

import yaml

from .diff import unit_fingerprints
from .errors import ConfigError
from .model.document import Contract, Source, Unit
from .model.evaluation import GoldClause, Prediction
from .model.findings import NOT_FOUND, PRESENT, WEAK, Evidence, PracticeResult, ScanResult
from .model.review import (ADDED, AGREES, CONFIRMED, MISSED, REJECTED, RIGHT, STALE, VERDICTS, WRONG, Review,
                           ReviewFile, ReviewOutcome, ReviewsApplied)
from .rules.schema import _Map, _Seq, _show, line_of as _line, load_yaml_text, read_text
from .structure.citation import chain, citation

FORMAT_VERSION = 1
DEFAULT_FILE = "contractlens-reviews.yaml"
ENTRY_KEYS = ("file", "sha256", "practice", "verdict", "unit", "citation", "note", "reviewer", "date")
QUOTE_LIMIT = 600  # characters of a reviewed unit quoted as the evidence of an added finding
HEADER = ("# contractlens reviews: a person's word on the findings of `contractlens scan`.\n"
          "# verdict: right | wrong | missed; unit: the unit's fingerprint (omit it for the whole agreement).\n"
          "# Edit by hand or with `contractlens review CONTRACT --practice ID --right|--wrong|--missed`.\n")
_FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


# -- reading ------------------------------------------------------------------------------------

def load_reviews(path: str | Path, practices: set[str] | None = None, pack: str = "") -> ReviewFile:
    """Read and check a review file; any problem is a ConfigError naming the file, line and key.
    ``practices``: the ids the practice of each review must be one of (the rule pack's)."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError("no such review file" if not p.exists() else "is not a file", path=p)
    return parse_reviews(read_text(p), p, practices, pack)


def parse_reviews(text: str, path: Path, practices: set[str] | None = None, pack: str = "") -> ReviewFile:
    try:
        data = load_yaml_text(text, path)
    except RecursionError:  # without libyaml, nesting past the interpreter's stack (libyaml refuses it itself)
        raise ConfigError("is not a contractlens review file (nested too deeply)", path=path) from None
    if data is None:  # an empty file (or comments only): no reviews yet
        return ReviewFile(str(path), FORMAT_VERSION, ())
    if not isinstance(data, _Map):
        raise ConfigError(f"expected a mapping with version and reviews, found {_show(data)}", path=path, line=1)

    def fail(problem: str, key: str, container, at):
        raise ConfigError(problem, path=path, line=_line(container, at), field=key)

    for key in data:
        if key not in ("version", "reviews"):
            fail("unknown key; expected version and reviews", str(key), data, key)
    if "version" not in data:
        fail(f"missing version: {FORMAT_VERSION} (the review file format)", "version", data, "version")
    if data["version"] != FORMAT_VERSION or isinstance(data["version"], bool):
        fail(f"unsupported version {_show(data['version'])}; this contractlens reads version {FORMAT_VERSION}",
             "version", data, "version")
    items = data.get("reviews")
    if items is None:
        items = []
    if not isinstance(items, list):
        fail("expected a list of reviews", "reviews", data, "reviews")
    reviews: list[Review] = []
    seen: dict[tuple, int] = {}
    for n, item in enumerate(items):
        where = f"reviews[{n}]"
        if not isinstance(item, _Map):
            fail(f"expected a mapping with file, practice, verdict, unit..., found {_show(item)}", where, items, n)
        for k in item:
            if k not in ENTRY_KEYS:
                fail(f"unknown key {k!r}; expected {', '.join(ENTRY_KEYS)}", f"{where}.{k}", item, k)

        def text_of(key: str, required: bool = False) -> str:
            value = item.get(key)
            if value is None:
                if required:
                    fail("missing; every review needs it", f"{where}.{key}", item, key)
                return ""
            if key == "date" and isinstance(value, (_dt.date, _dt.datetime)):
                return value.isoformat()
            if not isinstance(value, str):
                fail(f"expected text, found {_show(value)}", f"{where}.{key}", item, key)
            return value.strip()

        practice = text_of("practice", required=True)
        if practices is not None and practice not in practices:
            fail(f"not a practice of rule pack {pack or '(given)'}; expected one of {', '.join(sorted(practices))}",
                 f"{where}.practice", item, "practice")
        verdict = text_of("verdict", required=True)
        if verdict not in VERDICTS:
            fail(f"expected one of {', '.join(VERDICTS)}, found {verdict!r}", f"{where}.verdict", item, "verdict")
        unit = item.get("unit")
        if unit is not None and (not isinstance(unit, str) or not _FINGERPRINT.match(unit)):
            fail(f"expected a unit fingerprint (16 hex digits, as `contractlens review` writes it), found "
                 f"{_show(unit)}", f"{where}.unit", item, "unit")
        if verdict == MISSED and unit is None:
            fail("a missed finding needs the unit that holds it", f"{where}.unit", item, "verdict")
        file, sha = text_of("file"), text_of("sha256")
        if not file and not sha:
            fail("names no contract: give its file name, its sha256 or both", where, items, n)
        if sha and not _SHA256.match(sha):
            fail(f"expected a SHA-256 (64 hex digits), found {sha!r}", f"{where}.sha256", item, "sha256")
        review = Review(practice, verdict, unit, file, sha, text_of("citation"), text_of("note"), text_of("reviewer"),
                        text_of("date"), _line(items, n) or 0)
        for key in ((sha, practice, unit), (file, practice, unit)):
            if key[0] and key in seen:
                fail(f"reviews the same finding as line {seen[key]}; keep one", where, items, n)
        for key in ((sha, practice, unit), (file, practice, unit)):
            if key[0]:
                seen[key] = review.line
        reviews.append(review)
    return ReviewFile(str(path), FORMAT_VERSION, tuple(reviews))


def for_contract(reviews: ReviewFile, source: Source) -> list[Review]:
    """The reviews of this contract: of its content, or of a file of its name (a new version)."""
    name = Path(source.path).name
    return [r for r in reviews.reviews if (r.sha256 and r.sha256 == source.sha256) or (r.file and r.file == name)]


def same_finding(a: Review, b: Review) -> bool:
    return a.practice == b.practice and a.unit == b.unit and (
        bool(a.sha256 and a.sha256 == b.sha256) or bool(a.file and a.file == b.file))


# -- units ----------------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(text.lower().replace(",", " ").split())


def resolve_unit(contract: Contract, cited: str) -> Unit:
    """The unit a person names: by its citation as reports print it ("Article XIII, 13.5"),
    its id or its fingerprint. ConfigError when none or several match."""
    by_id = {u.id: u for u in contract.units}
    fps = unit_fingerprints(contract)
    want = _norm(cited)
    found = [u for u in contract.units if u.id == cited.strip() or fps[u.id] == cited.strip()]
    if not found:
        found = [u for u in contract.units if _norm(citation(u, by_id)) == want]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ConfigError(f"--unit {cited!r} names {len(found)} units of {contract.source.path} "
                          f"({', '.join(u.id for u in found[:5])}); give the unit's id instead")
    import difflib

    names = [citation(u, by_id) for u in contract.units]
    close = difflib.get_close_matches(cited, names, n=3, cutoff=0.5)
    raise ConfigError(f"--unit {cited!r}: no such unit in {contract.source.path}"
                      + (f" (did you mean {'; '.join(close)}?)" if close else
                         " (units are cited as `contractlens segment` and `scan` print them)"))


def unit_label(contract: Contract, u: Unit) -> str:
    return citation(u, {x.id: x for x in contract.units})


def _unit_evidence(contract: Contract, u: Unit, by_id: dict[str, Unit], verdict: str) -> Evidence:
    """A reviewed unit as the evidence of a finding the rules did not make: its own words."""
    text = " ".join(u.text.split())
    if len(text) > QUOTE_LIMIT:
        text = text[:QUOTE_LIMIT].rsplit(" ", 1)[0] + " …"
    page = contract.page_at(u.start)
    heading = next((n.heading for n in reversed(chain(u, by_id)) if n.heading), "")
    return Evidence(u.id, citation(u, by_id), heading, page.number, page.printed, text, u.start,
                    u.start + len(u.text), 1.0, (f"review:{verdict}",), ocr=contract.source.reading(page.number))


# -- applying -------------------------------------------------------------------------------------

def apply(scan: ScanResult, contract: Contract, reviews: ReviewFile, thresholds: dict[str, float],
          evidence: int | None = None) -> ScanResult:
    """The scan as the reviews of its contract say it should read, with what each review did.

    ``scan`` should hold every unit's evidence (scan with a large ``evidence``) so that a
    practice one unit of which is rejected can stay present on another; ``evidence`` then
    cuts each practice's quotes to that many."""
    mine = for_contract(reviews, contract.source)
    fps = unit_fingerprints(contract)
    by_fp: dict[str, list[Unit]] = {}
    for u in contract.units:
        by_fp.setdefault(fps[u.id], []).append(u)
    by_id = {u.id: u for u in contract.units}
    outcome: dict[int, ReviewOutcome] = {}
    practices = []
    for p in scan.practices:
        own = [(k, r) for k, r in enumerate(mine) if r.practice == p.id]
        if own:
            p = _apply_practice(p, own, thresholds.get(p.id, 0.5), contract, by_fp, by_id, outcome)
        if evidence is not None:
            p = replace(p, evidence=p.evidence[:evidence])
        practices.append(p)
    for k, r in enumerate(mine):  # a practice the scan does not report (another pack): say so
        outcome.setdefault(k, ReviewOutcome(r, STALE, f"{r.practice} is not a practice of pack {scan.pack}"))
    applied = ReviewsApplied(reviews.path, tuple(outcome[k] for k in range(len(mine))))
    return replace(scan, practices=tuple(practices), reviews=applied)


def _apply_practice(p: PracticeResult, own: list[tuple[int, Review]], threshold: float, contract: Contract,
                    by_fp: dict[str, list[Unit]], by_id: dict[str, Unit], outcome: dict) -> PracticeResult:
    found_before = p.status in (PRESENT, WEAK)
    present_before = p.status == PRESENT
    status, confidence, units, found = p.status, p.confidence, p.units, list(p.evidence)
    affirmed = False
    # Wrong verdicts first, then right and missed: a unit both rejected and affirmed ends affirmed.
    for k, r in sorted(own, key=lambda kr: kr[1].verdict != WRONG):
        if r.unit is not None and r.unit not in by_fp:
            outcome[k] = ReviewOutcome(r, STALE, f"{r.where} is no longer in {contract.source.path} "
                                                 "(its text changed or it was removed)")
            continue
        ids = {u.id for u in by_fp[r.unit]} if r.unit is not None else None
        if r.verdict == WRONG:
            if ids is None:  # the whole finding is wrong
                outcome[k] = ReviewOutcome(r, REJECTED if status in (PRESENT, WEAK) else AGREES)
                status, units, found = NOT_FOUND, 0, []
                continue
            gone = [e for e in found if e.unit_id in ids]
            if not gone:
                outcome[k] = ReviewOutcome(r, AGREES, f"the rules do not cite {r.where} for {p.id}")
                continue
            found = [e for e in found if e.unit_id not in ids]
            units -= sum(1 for e in gone if e.confidence >= threshold)
            best = max((e.confidence for e in found), default=0.0)
            confidence = best
            status = PRESENT if status == PRESENT and units > 0 else NOT_FOUND
            outcome[k] = ReviewOutcome(r, REJECTED, "" if status == NOT_FOUND else
                                       f"still present: {units} other unit(s) hold it")
            continue
        # right | missed: the unit holds the practice
        affirmed = True
        if ids is None:  # the whole agreement has it
            outcome[k] = ReviewOutcome(r, CONFIRMED if status == PRESENT else ADDED)
            status = PRESENT
            continue
        held = [e for e in found if e.unit_id in ids and e.confidence >= threshold]
        if held and status == PRESENT:
            outcome[k] = ReviewOutcome(r, CONFIRMED, "the rules now find it" if r.verdict == MISSED else "")
            continue
        unit = next(u for u in contract.units if u.id in ids)
        near = [e for e in found if e.unit_id in ids]  # the rules' own quote from the unit, if any
        e = replace(near[0], confidence=1.0, signals=near[0].signals + (f"review:{r.verdict}",)) if near else \
            _unit_evidence(contract, unit, by_id, r.verdict)
        found = [e] + [x for x in found if x.unit_id not in ids]
        units += 0 if held else 1
        status, confidence = PRESENT, 1.0
        outcome[k] = ReviewOutcome(r, ADDED, "" if r.verdict == MISSED else
                                   f"the rules do not find it there at the threshold ({threshold:.2f})")
    if status == NOT_FOUND:
        found = []
    label = (ADDED if status == PRESENT and not present_before else
             REJECTED if found_before and status == NOT_FOUND else
             CONFIRMED if status == PRESENT and affirmed else "")
    return replace(p, status=status, confidence=confidence, units=max(units, 0), evidence=tuple(found),
                   review=label)


# -- gold for eval --------------------------------------------------------------------------------

def gold_items(scan: ScanResult, contract: Contract, reviews: ReviewFile, thresholds: dict[str, float]
               ) -> tuple[list[GoldClause], list[Prediction], list[Review], list[ReviewOutcome]]:
    """Each review of this contract as a labeled item for ``evaluate.evaluate``: right and missed
    say the unit holds the practice, wrong that it does not; the prediction is what the rules
    (``scan``, unreviewed, with every unit's evidence) say of that unit. Returns the items, their
    predictions, the review behind each, and the stale reviews apart."""
    fps = unit_fingerprints(contract)
    by_fp: dict[str, set[str]] = {}
    for u in contract.units:
        by_fp.setdefault(fps[u.id], set()).add(u.id)
    name = Path(contract.source.path).name
    clauses, predictions, used, stale = [], [], [], []
    for r in for_contract(reviews, contract.source):
        try:
            p = scan.practice(r.practice)
        except KeyError:
            stale.append(ReviewOutcome(r, STALE, f"{r.practice} is not a practice of pack {scan.pack}"))
            continue
        if r.unit is not None and r.unit not in by_fp:
            stale.append(ReviewOutcome(r, STALE, f"{r.where} is no longer in {contract.source.path}"))
            continue
        if r.unit is None:
            score, predicted = p.confidence, p.status == PRESENT
        else:
            score = max((e.confidence for e in p.evidence if e.unit_id in by_fp[r.unit]), default=0.0)
            predicted = p.status != NOT_FOUND and score >= thresholds.get(r.practice, 0.5)
        item = f"{name}:{r.practice}:{r.where}"
        clauses.append(GoldClause(item, "", frozenset({r.practice}) if r.verdict != WRONG else frozenset(), name))
        predictions.append(Prediction(item, (r.practice,) if predicted else (), {r.practice: score} if score else {}))
        used.append(r)
    return clauses, predictions, used, stale


# -- writing ----------------------------------------------------------------------------------------

def _scalar(value: str) -> str:
    plain = re.fullmatch(r"[A-Za-z0-9_(][^\n\"'#:{}\[\]&*!|>%@`]*", value) is not None
    if plain and value == value.strip():
        try:
            plain = yaml.safe_load(value) == value
        except yaml.YAMLError:
            plain = False
    return value if plain else json.dumps(value, ensure_ascii=False)


def render_entry(r: Review) -> list[str]:
    """The review's lines, ``key: value``, in the documented order (no indentation)."""
    values = {"file": r.file, "sha256": r.sha256, "practice": r.practice, "verdict": r.verdict, "unit": r.unit,
              "citation": r.citation, "note": r.note, "reviewer": r.reviewer, "date": r.date}
    return [f"{k}: {_scalar(v)}" for k, v in values.items() if v]


def _block(lines: list[str], dash: int) -> str:
    pad = " " * dash
    return "".join((f"{pad}- " if n == 0 else f"{pad}  ") + line + "\n" for n, line in enumerate(lines))


def add_review(path: str | Path, review: Review, practices: set[str] | None = None, pack: str = ""
               ) -> tuple[ReviewFile, bool]:
    """Add the review to the file, or update the entry of the same finding (same contract,
    practice and unit); every other line of the file (other entries, comments) is kept as it
    was. The file is checked first (a bad one is refused with file:line, untouched) and written
    atomically. Returns the file as now written and whether an entry was replaced."""
    p = Path(path)
    lines = render_entry(review)
    if not p.exists():
        before = ReviewFile(str(p), FORMAT_VERSION, ())
        text, replaced = HEADER + f"version: {FORMAT_VERSION}\nreviews:\n" + _block(lines, 2), False
    else:
        if not p.is_file():
            raise ConfigError("is not a file", path=p)
        old = read_text(p)
        before = parse_reviews(old, p, practices, pack)
        at = next((k for k, r in enumerate(before.reviews) if same_finding(r, review)), None)
        text, replaced = _edited(old, before, at, lines), at is not None
    after = parse_reviews(text, p, practices, pack)
    expected = len(before.reviews) + (0 if replaced else 1)
    if len(after.reviews) != expected or not any(same_finding(r, review) and r.verdict == review.verdict
                                                 for r in after.reviews):
        raise RuntimeError(f"editing {p} would not give the review file intended; the file was not changed")
    from .files import write_atomically

    write_atomically(p, text)
    return after, replaced


def _edited(text: str, before: ReviewFile, at: int | None, lines: list[str]) -> str:
    """The file's text with the entry ``at`` replaced by ``lines`` (or ``lines`` appended)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:  # empty, or comments only
        return (text if text.endswith("\n") or not text else text + "\n") + \
            f"version: {FORMAT_VERSION}\nreviews:\n" + _block(lines, 2)
    seq = next((v for k, v in root.value if getattr(k, "value", None) == "reviews"), None)
    if seq is None:
        return (text if text.endswith("\n") else text + "\n") + "reviews:\n" + _block(lines, 2)
    if isinstance(seq, yaml.ScalarNode):  # "reviews:" with nothing (null)
        start, end = seq.start_mark.index, seq.end_mark.index
        return text[:start] + "\n" + _block(lines, 2).rstrip("\n") + text[end:]
    if seq.flow_style or not seq.value:  # "reviews: [...]": written again as a block list
        entries = [render_entry(r) for r in before.reviews]
        if at is None:
            entries.append(lines)
        else:
            entries[at] = lines
        start, end = seq.start_mark.index, seq.end_mark.index
        return text[:start] + "\n" + "".join(_block(e, 2) for e in entries).rstrip("\n") + text[end:]
    def end_of(node) -> int:  # a block entry ends with its last value, a flow one ({...}) with its brace
        return node.end_mark.index if node.flow_style or not node.value else node.value[-1][1].end_mark.index

    if at is not None:
        node = seq.value[at]
        start, end = node.start_mark.index, end_of(node)
        body = ("\n" + " " * node.start_mark.column).join(lines)
        if text[end - 1] == "\n":  # a block scalar ends after its line break
            body += "\n"
        return text[:start] + body + text[end:]
    last = seq.value[-1]
    end = end_of(last)
    dash_at = text.rfind("-", 0, last.start_mark.index)
    dash = dash_at - (text.rfind("\n", 0, dash_at) + 1)
    eol = end - 1 if text[end - 1] == "\n" else (text.find("\n", end) if text.find("\n", end) != -1 else len(text))
    return text[:eol] + "\n" + _block(lines, dash).rstrip("\n") + text[eol:]


def new_review(contract: Contract, practice: str, verdict: str, unit: Unit | None, note: str = "",
               reviewer: str = "", date: str | None = None) -> Review:
    """A review of this contract's finding of ``practice`` in ``unit`` (None: the whole agreement)."""
    fp = unit_fingerprints(contract)[unit.id] if unit is not None else None
    return Review(practice, verdict, fp, Path(contract.source.path).name, contract.source.sha256,
                  unit_label(contract, unit) if unit is not None else "whole agreement", note.strip(),
                  reviewer.strip(), date or _dt.datetime.now(_dt.timezone.utc).date().isoformat())


__all__ = ["DEFAULT_FILE", "FORMAT_VERSION", "load_reviews", "parse_reviews", "for_contract", "apply",
           "gold_items", "add_review", "new_review", "resolve_unit", "RIGHT", "WRONG", "MISSED"]
