"""`review`: record a person's word on a finding; `eval --reviews`: the rules measured on those words."""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from ..model import MISSED, VERDICTS, EvalRun, GoldFile, ReviewListRun, ReviewRun

ALL_EVIDENCE = 100_000  # every unit's evidence: a rejected unit may leave the practice to another


def _pack(rules, pack):
    from ..rules import load_pack

    return load_pack(rules or pack)


def load_for(path: str | Path, rule_pack):
    """The review file, checked against the pack's practice ids."""
    from ..reviews import load_reviews

    return load_reviews(path, {r.id for r in rule_pack.rules}, rule_pack.name)


def thresholds(rule_pack) -> dict[str, float]:
    return {r.id: r.threshold for r in rule_pack.rules}


def review(contract: str | Path, *, practice: str, verdict: str, unit: str | None = None, note: str = "",
           reviewer: str = "", file: str | Path | None = None, rules: str | Path | None = None,
           pack: str = "handbook", pdf_engine: str = "pdfium", ocr="auto") -> ReviewRun:
    """Record that the finding of ``practice`` in ``unit`` of ``contract`` is right or wrong, or
    was missed. Without ``unit``, right and wrong are about the finding the scan shows (its best
    evidence); a missed finding needs its unit. The entry of the same finding is updated."""
    from .. import segment
    from ..reviews import DEFAULT_FILE, add_review, new_review, resolve_unit
    from ..scanner import scan_contract
    from ._common import reading, refuse_overwrite

    if verdict not in VERDICTS:
        raise ConfigError(f"the verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    target = Path(file) if file is not None else Path(DEFAULT_FILE)
    refuse_overwrite([contract], (target, "--file"))
    rule_pack = _pack(rules, pack)
    ids = {r.id for r in rule_pack.rules}
    if practice not in ids:
        raise ConfigError(f"--practice {practice!r} is not a practice of pack {rule_pack.name} "
                          "(try: contractlens rules list)")
    if target.exists():
        load_for(target, rule_pack)  # a bad review file is refused before the contract is read
    with reading(ocr, Path(contract)) as options:
        read = segment(contract, pdf_engine=pdf_engine, ocr=options)
    if unit is not None:
        chosen = resolve_unit(read, unit)
    elif verdict == MISSED:
        raise ConfigError("a missed finding needs --unit CITATION: the unit that holds the practice")
    else:  # the finding the scan shows: its best evidence
        p = scan_contract(read, rule_pack, evidence=1).practice(practice)
        if not p.evidence:
            raise ConfigError(f"the scan finds no {practice} in {contract} to mark {verdict}; "
                              "give --unit CITATION (or --missed for a finding the rules did not make)")
        best = p.evidence[0]
        chosen = read.unit(best.unit_id) if best.unit_id is not None else None
    entry = new_review(read, practice, verdict, chosen, note, reviewer)
    written, replaced = add_review(target, entry, ids, rule_pack.name)
    return ReviewRun(str(target), entry, replaced, len(written.reviews))


def list_reviews(contract: str | Path, *, file: str | Path | None = None, rules: str | Path | None = None,
                 pack: str = "handbook", pdf_engine: str = "pdfium", ocr="auto") -> ReviewListRun:
    """The file's reviews of this contract, each with its unit as the contract now cites it."""
    from .. import segment
    from ..diff import unit_fingerprints
    from ..reviews import DEFAULT_FILE, for_contract, unit_label
    from ._common import reading

    target = Path(file) if file is not None else Path(DEFAULT_FILE)
    reviews = load_for(target, _pack(rules, pack))
    with reading(ocr, Path(contract)) as options:
        read = segment(contract, pdf_engine=pdf_engine, ocr=options)
    fps = unit_fingerprints(read)
    units: dict[str, str] = {}
    for u in read.units:
        units.setdefault(fps[u.id], unit_label(read, u))
    entries = tuple((r, "whole agreement" if r.unit is None else units.get(r.unit))
                    for r in for_contract(reviews, read.source))
    return ReviewListRun(str(target), str(contract), entries)


def evaluate_reviews(reviews: str | Path, contracts, *, rules: str | Path | None = None, pack: str = "handbook",
                     by: str | None = None, hand_weights: bool = False, pdf_engine: str = "pdfium",
                     predictions_out: str | Path | None = None, ocr="auto") -> EvalRun:
    """The rules measured on the user's own contracts, with the reviews as gold: per practice,
    a reviewed finding the rules make is a true positive (right or missed) or a false positive
    (wrong); one they do not make is a false negative (right or missed). Only reviewed
    findings count. ``by="district"``: each contract's figures."""
    from .. import segment
    from ..evaluate import evaluate, file_digest, write_predictions
    from ..reviews import gold_items
    from ..rules import load_pack
    from ..scanner import scan_contract
    from ._common import reading

    if by not in (None, "district"):
        raise ConfigError(f"--by supports 'district' only, not {by!r}")
    contracts = [Path(c) for c in ([contracts] if isinstance(contracts, (str, Path)) else contracts)]
    if not contracts:
        raise ConfigError("eval --reviews needs the contracts the reviews are of")
    resolved = {Path(reviews).resolve()} | {c.resolve() for c in contracts}
    if predictions_out is not None and Path(predictions_out).resolve() in resolved:
        raise ConfigError("--predictions-out would overwrite an input; choose another path")
    rule_pack = load_pack(rules or pack, fitted=not hand_weights)
    gold = load_for(reviews, rule_pack)
    limits = thresholds(rule_pack)
    clauses, predictions, used, stale, unreviewed = [], [], [], [], []
    for c in contracts:
        with reading(ocr, c) as options:
            read = segment(c, pdf_engine=pdf_engine, ocr=options)
        part = gold_items(scan_contract(read, rule_pack, evidence=ALL_EVIDENCE), read, gold, limits)
        clauses += part[0]
        predictions += part[1]
        used += part[2]
        stale += part[3]
        if not part[0] and not part[3]:
            unreviewed.append(str(c))
    if not clauses:
        raise ConfigError(f"has no reviews of {', '.join(map(str, contracts))} that can be scored"
                          + (f" ({len(stale)} stale)" if stale else ""), path=reviews)
    result = evaluate(clauses, rule_pack, predictions)
    groups = {}
    if by is not None:
        for name in sorted({c.group for c in clauses}):
            idx = [i for i, c in enumerate(clauses) if c.group == name]
            groups[name] = evaluate([clauses[i] for i in idx], rule_pack, [predictions[i] for i in idx])
    if predictions_out is not None:
        write_predictions(predictions_out, predictions)
    counts = {v: sum(1 for r in used if r.verdict == v) for v in VERDICTS}
    return EvalRun(result, groups, (GoldFile(Path(reviews).name, file_digest(reviews), len(clauses)),), {},
                   "fitted" if rule_pack.fitted else "hand", (), gold=(str(reviews),), pack=rule_pack.name,
                   reviews=str(reviews), review_counts=tuple(counts.items()), stale_reviews=tuple(stale),
                   unreviewed=tuple(unreviewed))
