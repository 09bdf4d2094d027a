"""Word's automatic numbering: the "1.", "1.1", "(a)" Word draws from numbering.xml, not typed.

Each numbered paragraph names a list (``numId``) and a level (``ilvl``), directly or
through its paragraph style. The list's abstract definition gives, per level, the
start value, the number format and the label pattern ("%1.%2"). Counters run per
list; a level's counter restarts when a shallower level moves on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False  # isLgl: every level number printed in arabic


def _val(el, tag: str, default: str | None = None) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val") if child is not None else default


def _levels(abstract) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in abstract.iter(W + "lvl"):
        ilvl = int(lvl.get(W + "ilvl", "0"))
        out[ilvl] = Level(start=int(_val(lvl, "start", "1") or 1), fmt=_val(lvl, "numFmt", "decimal") or "decimal",
                          text=_val(lvl, "lvlText", "") or "", legal=lvl.find(W + "isLgl") is not None)
    return out


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                       (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter past z: aa, bb...
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" else str(n)
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return None  # bullet, none, or a format we do not draw: no label


@dataclass
class Numbering:
    """Labels for numbered paragraphs, in document order (call ``label`` once per paragraph)."""

    lists: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> levels
    starts: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> startOverride per level
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # style id -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_document(cls, document) -> "Numbering":
        out = cls()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            root = None
        if root is not None:
            abstracts = {a.get(W + "abstractNumId"): _levels(a) for a in root.iter(W + "abstractNum")}
            for num in root.iter(W + "num"):
                num_id = num.get(W + "numId")
                out.lists[num_id] = abstracts.get(_val(num, "abstractNumId"), {})
                for ov in num.iter(W + "lvlOverride"):
                    start = _val(ov, "startOverride")
                    if start is not None:
                        out.starts.setdefault(num_id, {})[int(ov.get(W + "ilvl", "0"))] = int(start)
        try:
            styles = document.styles.element
        except AttributeError:
            styles = None
        if styles is not None:
            own: dict[str, tuple[str, int]] = {}
            based: dict[str, str] = {}
            for st in styles.iter(W + "style"):
                sid = st.get(W + "styleId")
                num_pr = st.find(f"{W}pPr/{W}numPr")
                if num_pr is not None and _val(num_pr, "numId"):
                    own[sid] = (_val(num_pr, "numId"), int(_val(num_pr, "ilvl", "0") or 0))
                parent = _val(st, "basedOn")
                if parent:
                    based[sid] = parent
            for sid in set(own) | set(based):
                k, seen = sid, set()
                while k is not None and k not in own and k not in seen:  # a style inherits its base's list
                    seen.add(k)
                    k = based.get(k)
                if k in own:
                    out.style_num[sid] = own[k]
        return out

    def label(self, p) -> str | None:
        """The label Word draws before paragraph ``p``, or None."""
        ppr = p.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        style = _val(ppr, "pStyle") if ppr is not None else None
        num_id, ilvl = None, 0
        if style in self.style_num:
            num_id, ilvl = self.style_num[style]
        if num_pr is not None:
            num_id = _val(num_pr, "numId", num_id)
            ilvl = int(_val(num_pr, "ilvl", str(ilvl)) or 0)
        if not num_id or num_id == "0" or num_id not in self.lists:
            return None
        levels = self.lists[num_id]
        if ilvl not in levels:
            return None
        counts = self.counters.setdefault(num_id, {})
        start = self.starts.get(num_id, {}).get(ilvl, levels[ilvl].start)
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else start
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        text = levels[ilvl].text
        for k in range(ilvl + 1):
            lvl = levels.get(k, Level())
            n = counts.get(k, self.starts.get(num_id, {}).get(k, lvl.start))
            shown = format_number(n, "decimal" if levels[ilvl].legal and k < ilvl else lvl.fmt)
            if shown is None:
                if f"%{k + 1}" in text:
                    return None
                continue
            text = text.replace(f"%{k + 1}", shown)
        return text.strip() or None
