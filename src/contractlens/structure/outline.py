"""Outline assembly: the top level first, then what nests inside each top-level unit.

    candidates -> scheme (which family heads the body) -> chain (which lines are its headings)
    + preamble, parts, appendices, memoranda, the contents' unnumbered divisions
    -> titles -> items (sections and lettered items inside each unit)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .candidates import BACK_FAMILIES, Candidate, find_candidates
from .chain import evidence, norm, select, similar, weight
from .headings import Label, is_titleish, is_upper, parse_section, parse_top
from .items import Nester, uses_dashes
from .lines import Lines
from .scheme import detect
from .titles import consume_to, gather
from .toc import RawTocEntry
from .tree import Node, Tree

_WITNESS = re.compile(r"\bin witness whereof\b", re.I)


@dataclass
class Top:
    line: int
    kind: str  # preamble | article | section | part | appendix | exhibit | memorandum | side_letter | division
    label: Label
    heading: str = ""
    part: int | None = None  # line of the part (second agreement) it belongs to
    implied: bool = False  # no heading line of its own: "7.1" stands for section 7, "Appendix I.1" for I


def build_outline(lines: Lines, toc: list[RawTocEntry]) -> list[Node]:
    lines.skip |= listings(lines)
    cands = find_candidates(lines)
    by_family: dict[str, list[Candidate]] = {}
    for c in cands:
        by_family.setdefault(c.family, []).append(c)
    scheme = detect(lines, by_family, toc)
    tops = _body(lines, scheme, toc)
    body_end = max((t.line for t in tops), default=-1)
    main_last = max((t.line for t in tops if t.part is None), default=-1)
    back = _appendices(lines, by_family, toc, main_last)
    first_back = min((t.line for t in back), default=None)
    # Numbering that starts again after the first appendix belongs to that appendix (bylaws...).
    if first_back is not None:
        dropped = {t.part for t in tops if t.part is not None and t.part > first_back}
        tops = [t for t in tops if t.part not in dropped or t.part is None]
        # Nor does the body go on after the appendices, unless the contents says it does
        # (bylaws printed after the last appendix continue no article chain).
        if not _body_after_back(toc):
            tops = [t for t in tops if t.line < first_back]
        body_end = max((t.line for t in tops), default=-1)
    back += _listed_unnumbered(lines, toc, back, main_last)
    tops += back
    tops += _memoranda(lines, by_family, toc, body_end, bool(back))
    first = min((t.line for t in tops if t.kind in ("article", "section")), default=None)
    tops += _preambles(lines, by_family, tops, first)
    tops += _divisions(lines, toc, tops, first)
    tops.sort(key=lambda t: (t.line, t.kind != "part"))
    return _assemble(lines, tops, toc)


# -- the body: articles, sections, parts ------------------------------------------------------

def _body(lines: Lines, scheme, toc: list[RawTocEntry]) -> list[Top]:
    if scheme.family is None:
        return []
    # A book of chapters or parts only: they are its top units (kind "part", placed like articles).
    kind = "article" if scheme.family in ("article", "part") else "section"
    parts = [e for e in toc if e.kind == "part"]
    tops: list[Top] = []
    for r, run in enumerate(scheme.runs):
        part_line = None
        if r > 0:
            part_line = _title_block(lines, run[0].line, tops[-1].line if tops else -1)
            heading = parts[r - 1].heading if r - 1 < len(parts) else _block_heading(lines, part_line, run[0].line)
            tops.append(Top(part_line, "part", Label("part", "part", "", "", None), heading))
        for c in run:
            if scheme.family == "decimal":
                label = Label("decimal", "section", str(c.value), str(c.value), c.value, path=(c.value,))
                tops.append(Top(c.line, kind, label, part=part_line, implied=True))
            else:
                tops.append(Top(c.line, kind, c.label, part=part_line))
    return tops


def _body_after_back(toc: list[RawTocEntry]) -> bool:
    first = next((k for k, e in enumerate(toc) if e.kind in BACK_FAMILIES), None)
    return first is None or any(e.kind in ("article", "section") and e.value is not None for e in toc[first:])


def _title_block(lines: Lines, first: int, after: int) -> int:
    """The first line of the title block printed above a second agreement's first heading
    ("2021-2024 Agreement Between ... Paraprofessionals ... Effective from ...")."""
    start = first
    j = lines.prev(first)
    # A preamble just above the restarted numbering belongs to the new agreement.
    while j is not None and j > after and lines.page[j] == lines.page[first] and first - j <= 12:
        text = lines.text[j]
        if len(text) > 70 or (text.endswith(".") and not is_upper(text)) or parse_section(text) is not None:
            break
        top = parse_top(text)
        if top is not None and top.style != "preamble":
            break
        start = j
        j = lines.prev(j)
    return start


def _block_heading(lines: Lines, start: int, first: int) -> str:
    words = [lines.text[k] for k in range(start, first) if k not in lines.skip]
    named = [w for w in words if is_titleish(w) and not re.search(r"\d{4}", w) and len(w.split()) <= 6
             and w.lower() not in ("and", "and the", "between", "between the")]
    return named[-1] if named else (words[0] if words else "")


# -- back matter ---------------------------------------------------------------------------------

def _appendices(lines: Lines, by_family: dict[str, list[Candidate]], toc: list[RawTocEntry],
                after: int) -> list[Top]:
    out: list[Top] = []
    for family in BACK_FAMILIES:
        cands = [c for c in by_family.get(family, []) if c.line > after]
        if not cands:
            continue
        styles = (family,)
        primary = [c for c in cands if len(c.label.path) <= 1 and c.value is not None]
        ev = evidence(lines, primary, toc, styles)
        runs, _ = select(lines, primary, ev, allow_restarts=False)
        accepted = [c for r in runs for c in r]
        listed_plain = {e.value for e in toc if e.kind == family and not e.path}
        found = {c.value for c in accepted}
        mine: list[Top] = [Top(c.line, family, c.label) for c in accepted]
        ev_sub = evidence(lines, [c for c in cands if len(c.label.path) == 2], toc, styles)
        for c in cands:
            if len(c.label.path) != 2 or weight(lines, c, ev_sub) is None:
                continue
            parent = c.label.path[0]
            host = max((t for t in mine if t.line < c.line), key=lambda t: t.line, default=None)
            if host is not None and host.label.value == parent and not host.label.path:
                continue  # nests under its own appendix
            if parent in found:
                continue  # an appendix of that letter exists elsewhere: nest where it falls
            if parent in listed_plain:
                letter = re.split(r"[-.]", c.label.number)[0]
                kw = c.label.label.split()[0]
                implied = Label(family, family, f"{kw} {letter}", letter, parent)
                mine.append(Top(c.line, family, implied, implied=True))
                found.add(parent)
            else:
                mine.append(Top(c.line, family, c.label))
        # Unnumbered appendices ("APPENDIX" over its title, one per page).
        for c in cands:
            if c.value is None and c.titled and not c.open_prose and c.first_on_page:
                mine.append(Top(c.line, family, c.label))
        out += _in_order(mine)
    return out


def _listed_unnumbered(lines: Lines, toc: list[RawTocEntry], back: list[Top], after: int) -> list[Top]:
    """Unnumbered appendices the contents lists that no APPENDIX line announced (a form whose
    label is run into its blanks): found by their title near the top of the page the contents
    gives, shifted by the offset between printed and PDF pages the found appendices show."""
    wanted = [e for e in toc if e.kind in BACK_FAMILIES and not e.number and e.page and e.page.isdigit()
              and len(norm(e.heading)) >= 8]
    if not wanted:
        return []
    have = {norm(_title_near(lines, t.line)) for t in back}
    pages_taken = {lines.page[t.line] for t in back}
    by_page: dict[int, list[int]] = {}
    for i in range(max(after, 0), len(lines)):
        if i not in lines.skip:
            by_page.setdefault(lines.page[i], []).append(i)
    out: list[Top] = []
    for e in wanted:
        target = norm(e.heading)
        if any(target in h for h in have):
            continue
        pdf = _pdf_page(lines, e.page)
        if pdf is None or pdf in pages_taken:
            continue
        rows = by_page.get(pdf, [])[:12]
        hit = next((i for i in rows if target in norm(" ".join(lines.text[k] for k in [i, *lines.after(i, 1)]))), None)
        if hit is None:
            continue
        start = next((i for i in rows if i <= hit and re.search(r"\b(?:APPENDIX|EXHIBIT)\b", lines.text[i])), hit)
        label = Label(e.kind, e.kind, e.kind.upper(), "", None)
        out.append(Top(start, e.kind, label, heading=e.heading))
        pages_taken.add(pdf)
    return out


def _title_near(lines: Lines, i: int) -> str:
    return " ".join(lines.text[k] for k in [i, *lines.after(i, 8)])


def _pdf_page(lines: Lines, printed: str) -> int | None:
    for i, p in enumerate(lines.printed):
        if p == printed and i not in lines.skip:
            return lines.page[i]
    return None


def _in_order(tops: list[Top]) -> list[Top]:
    """Appendix headings by line, dropping any whose number goes back (it nests instead)."""
    out: list[Top] = []
    last: tuple = ()
    for t in sorted(tops, key=lambda t: t.line):
        key = tuple(t.label.path) if t.label.path else ((t.label.value,) if t.label.value is not None else None)
        if key is not None:
            if last and key <= last:
                continue
            last = key
        out.append(t)
    return out


def _memoranda(lines: Lines, by_family: dict[str, list[Candidate]], toc: list[RawTocEntry], after: int,
               has_appendices: bool) -> list[Top]:
    """Memoranda and side letters after the body: at the top level when the contents lists them,
    or when there is no contents of the back matter to say otherwise."""
    listed = [e for e in toc if e.kind in ("memorandum", "side_letter")]
    back_listed = listed or any(e.kind in BACK_FAMILIES for e in toc)
    out: list[Top] = []
    pos = 0
    for family in ("memorandum", "side_letter"):
        for c in by_family.get(family, []):
            if c.line <= after or c.open_prose or _signature(lines, c.line):
                continue
            if back_listed:
                title = " ".join(lines.text[k] for k in [c.line, *lines.after(c.line, 2)])
                match = next((k for k in range(pos, len(listed)) if listed[k].kind == family and
                              (similar(listed[k].heading, c.label.rest) or norm(listed[k].heading) in norm(title))),
                             None)
                if match is None:
                    continue
                pos = match + 1
            elif has_appendices and not c.first_on_page:
                continue
            out.append(Top(c.line, family, c.label))
    return out


def _signature(lines: Lines, i: int) -> bool:
    """A "MEMORANDUM OF AGREEMENT" heading over "In witness whereof...": the signature page."""
    return any(_WITNESS.search(lines.text[k]) for k in lines.after(i, 10))


def _preambles(lines: Lines, by_family: dict[str, list[Candidate]], tops: list[Top], first: int | None) -> list[Top]:
    """The preamble before the first article (and one before each part's first article)."""
    out: list[Top] = []
    starts = sorted([t.line for t in tops if t.kind in ("article", "section") and not t.implied] or
                    ([first] if first is not None else []))
    memo = min((t.line for t in tops if t.kind in ("memorandum", "side_letter")), default=None)
    bounds = [-1] + [t.line for t in tops if t.kind == "part"]
    for c in by_family.get("preamble", []):
        if c.open_prose or not _standalone_preamble(c):
            continue
        if first is None:
            if memo is not None and memo < c.line:
                continue
            if not out:
                out.append(Top(c.line, "preamble", c.label))
            continue
        # before the first heading of its own stretch (the main agreement or a part)
        lo = max(b for b in bounds if b < c.line + 1)
        nxt = next((s for s in starts if s > c.line), None)
        if nxt is None or any(lo < s < c.line for s in starts):
            continue
        if any(t.line > lo and t.line < nxt and t.kind == "preamble" for t in out):
            continue
        part = lo if lo >= 0 else None
        out.append(Top(c.line, "preamble", c.label, part=part))
    return out


def _standalone_preamble(c: Candidate) -> bool:
    rest = c.label.rest.strip(" :.-–—")
    return not rest or is_titleish(rest, max_words=10)


def _divisions(lines: Lines, toc: list[RawTocEntry], tops: list[Top], first: int | None) -> list[Top]:
    """Unnumbered headings the contents lists at the top level ("STATEMENT OF BELIEFS"):
    before the first article, or after the last one."""
    numbered = [k for k, e in enumerate(toc) if e.kind in ("article", "section") and e.value is not None]
    if not toc:
        return []
    lo, hi = (numbered[0], numbered[-1]) if numbered else (len(toc), -1)
    wanted = [e for k, e in enumerate(toc) if e.kind == "division" and (k < lo or k > hi) and len(norm(e.heading)) >= 4]
    if not wanted:
        return []
    body_last = max((t.line for t in tops if t.kind in ("article", "section")), default=-1)
    taken = {t.line for t in tops}
    out: list[Top] = []
    queue = list(wanted)
    for i, text in enumerate(lines.text):
        if not queue or i in lines.skip or i in taken or len(text) > 100:
            continue
        if first is not None and first <= i <= body_last:
            continue
        for k, entry in enumerate(queue[:3]):
            target = norm(entry.heading)
            got = norm(text)
            if not got or not target.startswith(got):
                continue
            j: int | None = i
            while got != target and target.startswith(got) and j is not None and j - i < 3:
                j = lines.next(j)
                if j is not None:
                    got += norm(lines.text[j])
            if got == target and (is_upper(text) or is_titleish(text) or text.rstrip().endswith(":")) and \
                    parse_top(text) is None:
                out.append(Top(i, "division", Label("division", "division", "", "", None), entry.heading))
                queue = queue[k + 1:]
                break
    return out


# -- the tree --------------------------------------------------------------------------------------

def _assemble(lines: Lines, tops: list[Top], toc: list[RawTocEntry]) -> list[Node]:
    tree = Tree()
    headings: dict[tuple[str, int | None], list[str]] = {}
    for e in toc:
        if e.heading and e.value is not None:
            headings.setdefault((e.kind, e.value), []).append(e.heading)
    part_node: dict[int, int] = {}
    starts: list[tuple[int, int, bool]] = []  # (node, first line to nest, nest?)
    for t in tops:
        parent = part_node.get(t.part) if t.part is not None else None
        tree.stack = []
        if t.kind == "part":
            idx = tree.push(t.line, 0, t.label, t.heading, parent=None, key="part")
            part_node[t.line] = idx
            block_end = next((u.line for u in tops if u.line > t.line), t.line + 1)
            tree.consumed.update(range(t.line + 1, block_end))
            continue
        if t.kind == "division":
            idx = tree.push(t.line, 0, t.label, t.heading, parent=parent, key="division")
            consume_to(lines, t.line, t.heading, tree.consumed)
            starts.append((idx, t.line + 1, True))
            continue
        if t.implied:
            listed = headings.get((t.kind, t.label.value), [])
            heading = listed[0] if len(listed) == 1 and t.kind != "section" else ""
            if t.kind == "section" and len(listed) == 1:
                heading = listed[0]
            idx = tree.push(t.line, 0, t.label, heading, parent=parent, key="section")
            starts.append((idx, t.line, True))
            continue
        if t.kind == "preamble":
            rest = re.sub(r"^[\s\-–—:.]+", "", t.label.rest).strip()
            heading = rest if rest and is_titleish(rest) else t.label.label
            idx = tree.push(t.line, 0, t.label, heading, parent=parent, key="preamble")
            starts.append((idx, t.line + 1, True))
            continue
        if t.kind in ("memorandum", "side_letter"):
            rest = re.sub(r"^[\s\-–—:.,]+", "", t.label.rest)
            listed = [e.heading for e in toc if e.kind == t.kind and rest and similar(e.heading, rest)][:1]
        else:
            listed = headings.get((t.kind, t.label.value), [])
        heading = gather(lines, t.line, t.label.rest, listed, tree.consumed,
                         memo_titles=t.kind in ("appendix", "exhibit"))
        if t.kind in BACK_FAMILIES and t.label.value is None:
            heading = t.heading or _listed_title(lines, t.line, t.kind, toc) or heading
        if t.kind in ("memorandum", "side_letter") and not heading:
            heading = ""
        key = "article" if t.kind == "article" else "section" if t.kind == "section" else t.kind
        idx = tree.push(t.line, 0, t.label, heading, parent=parent, key=key)
        starts.append((idx, t.line + 1, True))
    nester = Nester(lines, tree, dash=uses_dashes(lines))
    lines_of = [tree.nodes[idx].line for idx, _, _ in starts]
    for k, (idx, first, _) in enumerate(starts):
        end = lines_of[k + 1] if k + 1 < len(starts) else len(lines)
        # a part's title block sits between units: stop there too
        end = min([end] + [tree.nodes[p].line for p in part_node.values() if tree.nodes[p].line > tree.nodes[idx].line])
        nester.nest(idx, first, end)
    return tree.in_order()


def _listed_title(lines: Lines, i: int, kind: str, toc: list[RawTocEntry]) -> str:
    """An unnumbered appendix ("APPENDIX" over a letterhead, then its title) takes the title
    the contents lists for it, when that title is printed within the next lines."""
    window = norm(" ".join(lines.text[k] for k in lines.after(i, 8)))
    for e in toc:
        if e.kind == kind and not e.number and len(norm(e.heading)) >= 6 and norm(e.heading) in window:
            return e.heading
    return ""


# -- lines kept out of the outline -------------------------------------------------------------

def listings(lines: Lines) -> set[int]:
    """Runs of bare headings with no text between them: a divider page or a list of
    sections quoted in the text ("these sections do not apply: SECTION 16 ..."), not headings."""
    out: set[int] = set()
    run: list[int] = []
    n = len(lines.text)
    for i in range(n + 1):
        text = lines.text[i] if i < n else ""
        skipped = i < n and i in lines.skip
        top = parse_top(text) if i < n and not skipped else None
        sec = parse_section(text) if top is None and i < n and not skipped else None
        same_page = not run or (i < n and lines.page[i] == lines.page[run[-1]])
        if same_page and ((top is not None and top.style != "preamble") or
                          (sec is not None and len(sec.path) == 1 and is_upper(text))):
            run.append(i)
            continue
        if run and same_page and len(text) < 60 and text.isupper() and i - run[-1] <= 2:
            continue  # a wrapped title between listed headings
        if len(run) >= 2 and run[1] - run[0] > 1:
            run = run[1:]  # the first is a real heading with its title; the list follows it
        if len(run) >= 3 and is_upper(lines.text[run[-1]]) != is_upper(lines.text[run[-2]]):
            run = run[:-1]  # the next real heading, printed unlike the list just above it
        if len(run) >= 3:
            out.update(range(run[0], run[-1] + 1))
        run = []
    return out
