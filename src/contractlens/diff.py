"""Compare two versions of an agreement: units added, removed or changed, practices gained or lost.

Units are aligned by a text fingerprint first (so renumbered and re-paginated
units still match), then by heading, then by number, then by similar text.
A unit's fingerprint ignores its own number, the page it is on and the numbers
of the sections it cites, which change when articles are renumbered.
"""

from __future__ import annotations

import hashlib
import re

from .model.diff import DiffResult, PracticeChange, UnitChange, UnitRef
from .model.document import Contract, Unit
from .model.findings import PRESENT, ScanResult
from .structure.citation import citation

_REF = re.compile(r"\b(?:articles?|sections?|sec\.|§+|paragraphs?|appendix|exhibit)\s*[\divxlcdm]+(?:[.\-]\d+)*(?:\([a-z0-9]+\))*",
                  re.I)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", _REF.sub("§ref", text.lower())).strip()


def own_body(u: Unit) -> str:
    """The unit's own text without its label: "13.2 Duties. The Panel..." -> "Duties. The Panel..."."""
    text = u.text
    if u.label and text.startswith(u.label):
        text = text[len(u.label):]
    return text


def unit_fingerprints(contract: Contract) -> dict[str, str]:
    """A stable id per unit: its top-level heading and own text, without numbers or pages."""
    by_id = {u.id: u for u in contract.units}
    out = {}
    for u in contract.units:
        top = u
        while top.parent:
            top = by_id[top.parent]
        basis = normalise(top.heading) + "|" + normalise(own_body(u))
        if not normalise(own_body(u)):
            basis += "|" + u.kind + "|" + normalise(u.heading)
        out[u.id] = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
    return out


def unit_ref(contract: Contract, u: Unit, fingerprint: str, by_id: dict[str, Unit]) -> UnitRef:
    page = contract.pages[u.page_start - 1] if 0 < u.page_start <= len(contract.pages) else None
    return UnitRef(u.id, citation(u, by_id), u.heading, u.page_start, page.printed if page else None, fingerprint)


def align(old: Contract, new: Contract) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(old id -> new id, old fingerprints, new fingerprints)."""
    fo, fn = unit_fingerprints(old), unit_fingerprints(new)
    old_units, new_units = list(old.units), list(new.units)
    pairs: dict[str, str] = {}
    taken: set[str] = set()

    def pair(a: Unit, b: Unit) -> None:
        pairs[a.id] = b.id
        taken.add(b.id)

    # 1. identical text (renumbered, moved, re-paginated)
    by_fp: dict[str, list[Unit]] = {}
    for u in new_units:
        by_fp.setdefault(fn[u.id], []).append(u)
    for u in old_units:
        for cand in by_fp.get(fo[u.id], []):
            if cand.id not in taken:
                pair(u, cand)
                break

    by_id_old = {u.id: u for u in old_units}
    by_id_new = {u.id: u for u in new_units}

    def heading_path(u: Unit, by_id: dict[str, Unit]) -> tuple[str, ...]:
        path = []
        while True:
            path.append(normalise(u.heading) if u.heading else u.number)
            if not u.parent:
                return tuple(reversed(path))
            u = by_id[u.parent]

    # 2. same headings down the tree; 3. same numbers down the tree
    for key in (lambda u, by: heading_path(u, by), lambda u, by: tuple(n for n in u.id.split("/"))):
        index: dict[tuple, list[Unit]] = {}
        for u in new_units:
            if u.id not in taken:
                index.setdefault(key(u, by_id_new), []).append(u)
        for u in old_units:
            if u.id in pairs:
                continue
            for cand in index.get(key(u, by_id_old), []):
                if cand.id not in taken and _parents_agree(u, cand, pairs):
                    pair(u, cand)
                    break

    # 4. similar text under the same parent
    rest_new = [u for u in new_units if u.id not in taken]
    for u in old_units:
        if u.id in pairs:
            continue
        words = set(normalise(own_body(u)).split())
        if len(words) < 5:
            continue
        best, score = None, 0.5
        for cand in rest_new:
            if cand.id in taken or not _parents_agree(u, cand, pairs):
                continue
            other = set(normalise(own_body(cand)).split())
            sim = len(words & other) / len(words | other) if other else 0.0
            if sim > score:
                best, score = cand, sim
        if best is not None:
            pair(u, best)
    return pairs, fo, fn


def _parents_agree(a: Unit, b: Unit, pairs: dict[str, str]) -> bool:
    if a.parent is None or b.parent is None:
        return a.parent is None and b.parent is None
    return pairs.get(a.parent) == b.parent


def diff_contracts(old: Contract, new: Contract, old_scan: ScanResult | None = None,
                   new_scan: ScanResult | None = None) -> DiffResult:
    pairs, fo, fn = align(old, new)
    old_by = {u.id: u for u in old.units}
    new_by = {u.id: u for u in new.units}
    changes: list[UnitChange] = []
    matched_new = set(pairs.values())
    renumbered = 0
    for u in old.units:
        if u.id in pairs:
            v = new_by[pairs[u.id]]
            if normalise(own_body(u)) != normalise(own_body(v)) or normalise(u.heading) != normalise(v.heading):
                changes.append(UnitChange("changed", unit_ref(old, u, fo[u.id], old_by),
                                          unit_ref(new, v, fn[v.id], new_by), _words_changed(u, v)))
            elif u.id != v.id or u.page_start != v.page_start:
                renumbered += 1
        elif not (u.parent and u.parent not in pairs):  # report a removed subtree once, at its top
            inner = sum(1 for x in old.units if x.start > u.start and x.end <= u.end and x.id != u.id)
            changes.append(UnitChange("removed", unit_ref(old, u, fo[u.id], old_by), None,
                                      f"with {inner} sub-units" if inner else ""))
    for v in new.units:
        if v.id not in matched_new and not (v.parent and v.parent not in matched_new):
            inner = sum(1 for x in new.units if x.start > v.start and x.end <= v.end and x.id != v.id)
            changes.append(UnitChange("added", None, unit_ref(new, v, fn[v.id], new_by),
                                      f"with {inner} sub-units" if inner else ""))
    practices: list[PracticeChange] = []
    if old_scan is not None and new_scan is not None:
        for p_old, p_new in zip(old_scan.practices, new_scan.practices):
            was, now = p_old.status == PRESENT, p_new.status == PRESENT
            if was and not now:
                practices.append(PracticeChange(p_old.id, p_old.name, "lost", p_old.evidence[0] if p_old.evidence else None,
                                                p_new.evidence[0] if p_new.evidence else None))
            elif now and not was:
                practices.append(PracticeChange(p_new.id, p_new.name, "gained",
                                                p_old.evidence[0] if p_old.evidence else None,
                                                p_new.evidence[0] if p_new.evidence else None))
    order = {"removed": 0, "changed": 1, "added": 2}
    changes.sort(key=lambda c: (order[c.change], (c.old or c.new).page, (c.old or c.new).citation))
    return DiffResult(old.source, new.source, tuple(changes), tuple(practices), len(pairs), renumbered, dict(pairs))


def _words_changed(a: Unit, b: Unit, limit: int = 4) -> str:
    """ "“sixty” → “eighty”; added “other than Articles IV, V and VI,”" """
    import difflib

    x, y = own_body(a).split(), own_body(b).split()

    def show(words: list[str]) -> str:
        text = " ".join(words)
        return f"“{text}”" if len(words) <= 12 else f"“{' '.join(words[:12])} …”"

    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=x, b=y, autojunk=False).get_opcodes():
        if op == "replace":
            parts.append(f"{show(x[i1:i2])} → {show(y[j1:j2])}")
        elif op == "delete":
            parts.append(f"removed {show(x[i1:i2])}")
        elif op == "insert":
            parts.append(f"added {show(y[j1:j2])}")
    if not parts:
        return "heading changed"
    more = f"; and {len(parts) - limit} more" if len(parts) > limit else ""
    return "; ".join(parts[:limit]) + more
