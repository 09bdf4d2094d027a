"""Nesting: sections, lettered and numbered items inside one top-level unit.

A line that looks like "1. ..." or "Section 8.2" is only a unit when it fits
the numbering open around it: the next letter or number of an open list, the
first of a new list, or a decimal whose number names its parent. Everything
else is text of the unit above it. Appendices may hold units of their own:
articles (bylaws bound into the book), appendices of the appendix, memoranda.
"""

from __future__ import annotations

from .candidates import title_follows
from .headings import Label, is_titleish, parse_item, parse_numbered, parse_section, parse_top, split_heading
from .lines import Lines
from .titles import gather, whole_title
from .tree import Tree

_TERMINAL = tuple('.:;!?)"”’]')
HOSTS = {"appendix", "exhibit", "memorandum", "side_letter"}


class Nester:
    """Adds the units found in lines [start, end) below node ``top`` of ``tree``."""

    def __init__(self, lines: Lines, tree: Tree, *, dash: bool):
        self.lines = lines
        self.tree = tree
        self.dash = dash

    def nest(self, top: int, start: int, end: int) -> None:
        t = self.tree
        t.stack = self._path_to(top)
        host_kind = t.nodes[top].kind
        for i in range(start, end):
            if i in self.lines.skip or i in t.consumed:
                continue
            text = self.lines.text[i]
            if host_kind in HOSTS and self._inner_top(i, text, top):
                continue
            if self._section(i, text):
                continue
            self._items(i, 0, text)

    def _path_to(self, idx: int) -> list[int]:
        path = []
        k: int | None = idx
        while k is not None:
            path.append(k)
            k = self.tree.nodes[k].parent
        return path[::-1]

    # -- units of an appendix ---------------------------------------------------------------

    def _inner_top(self, i: int, text: str, host: int) -> bool:
        top = parse_top(text)
        if top is None or self.lines.prev_open(i):
            return False
        t = self.tree
        if top.style == "article" and top.value is not None and title_follows(self.lines, i, top):
            last = next((t.nodes[k].value for k in reversed(t.stack) if t.nodes[k].kind == "article"
                         and t.nodes[k].parent == host), None)
            if last is None or top.value == last + 1 or top.value == 1 or last < top.value <= last + 3:
                t.stack = self._path_to(host)
                t.nodes[host].articles += 1
                heading = gather(self.lines, i, top.rest, [], t.consumed)
                t.push(i, 0, top, heading, parent=host, key="article")
                return True
            return False
        if top.style in ("appendix", "exhibit", "memorandum", "side_letter"):
            if top.style in ("appendix", "exhibit") and not title_follows(self.lines, i, top):
                return False
            t.stack = self._path_to(host)
            heading = gather(self.lines, i, top.rest, [], t.consumed, memo_titles=True)
            if top.style in ("memorandum", "side_letter") and not heading:
                heading = top.label
            t.push(i, 0, top, heading, parent=host, key="sub_" + top.style)
            return True
        return False

    # -- sections -------------------------------------------------------------------------------

    def _section(self, i: int, text: str) -> bool:
        sec = parse_section(text)
        if sec is None:
            sec = parse_numbered(text, dash=self.dash) or (parse_numbered(text) if self.dash else None)
        if sec is None:
            return False
        if len(sec.path) == 1:
            return self._items(i, 0, text, forced=Label(sec.style, "section", sec.label, sec.number, sec.value,
                                                          rest=sec.rest))
        return self._path(i, sec)

    def _path(self, i: int, sec: Label) -> bool:
        """12.3 / 12.3.1 / Section 12.3: the number itself names the parent."""
        t = self.tree
        if self.lines.prev_open(i):
            return False  # "...as provided in" / "Section 13.5." is a reference
        depth = len(sec.path)
        key = f"num{depth}"
        heading, _ = split_heading(sec.rest)
        if not heading and whole_title(sec.rest) and not self._continues(i):
            heading = sec.rest.strip(" :-–—")
        for pos in range(len(t.stack) - 1, -1, -1):
            node = t.nodes[t.stack[pos]]
            if node.key == key:
                if node.path[:-1] == sec.path[:-1] and node.path[-1] < sec.path[-1] <= node.path[-1] + 5:
                    t.stack = t.stack[:pos]
                    t.push(i, 0, sec, heading, parent=t.stack[-1] if t.stack else None, key=key)
                    return True
                if len(node.path) == depth and node.path[:-1] != sec.path[:-1]:
                    continue
                return False
            if node.key == f"num{depth - 1}" and node.path == sec.path[:-1]:
                if sec.path[-1] > 3 and not heading:
                    return False
                t.stack = t.stack[:pos + 1]
                t.push(i, 0, sec, heading, parent=t.stack[-1], key=key)
                return True
            if depth == 2 and node.key in ("article", "section") and node.value == sec.path[0]:
                if sec.path[-1] > 3 and not heading:
                    return False
                t.stack = t.stack[:pos + 1]
                t.push(i, 0, sec, heading, parent=t.stack[-1], key=key)
                return True
        return False

    # -- lettered and numbered items -------------------------------------------------------------

    def _continues(self, i: int) -> bool:
        j = self.lines.next(i)
        return j is not None and self.lines.text[j][:1].islower()

    def _items(self, i: int, col: int, text: str, forced: Label | None = None) -> bool:
        t = self.tree
        item = forced or parse_item(text) or (_sub_part(parse_top(text)) if col == 0 else None)
        if item is None or not t.stack:
            return False
        options = [(item.style, item.value)]
        if item.alt_style:
            options.append((item.alt_style, item.alt_value))
        for style, value in options:
            where = self._fit(style, value, i, item)
            if where is None:
                continue
            pos, sibling = where
            t.stack = t.stack[:pos] if sibling else t.stack[:pos + 1]
            rest = item.rest
            heading, _ = split_heading(rest)
            if not heading and whole_title(rest) and not self._continues(i):
                heading = rest.strip(" :-–—")
            if not rest.strip():
                j = self.lines.next(i)
                if j is not None and is_titleish(self.lines.text[j], max_words=10) and \
                        parse_item(self.lines.text[j]) is None and not self._continues(j) and \
                        not self.lines.text[j].endswith("."):
                    heading = self.lines.text[j].strip(" .:-–—")
                    t.consumed.add(j)
            label = Label(style, item.kind, item.label, item.number, value, rest=rest)
            t.push(i, col, label, heading, parent=t.stack[-1] if t.stack else None, key=style)
            # "D. 1. The Board ..." opens a second, nested item on the same line.
            inner = rest.lstrip()
            if inner and parse_item(inner) is not None:
                offset = len(text) - len(inner)
                t.nodes[-1].heading = ""
                self._items(i, col + offset, inner)
            return True
        return False

    def _fit(self, style: str, value: int | None, i: int, item: Label) -> tuple[int, bool] | None:
        """(stack position, is_sibling) where this item fits, or None."""
        if value is None:
            return None
        t = self.tree
        # "Section 4" / "§401": the keyword makes it a heading; numbers may skip (§401, §402, §405).
        keyword = style in ("section", "paragraph")
        for pos in range(len(t.stack) - 1, -1, -1):
            node = t.nodes[t.stack[pos]]
            if node.key == style:
                if value == node.value + 1 or (keyword and node.value < value <= node.value + 20
                                               and not self.lines.prev_open(i)):
                    return pos, True
                if node.value + 1 < value <= node.value + 2 and self._strong(i, item):
                    return pos, True
                return None
        if (value == 1 or keyword) and not self.lines.prev_open(i):
            return len(t.stack) - 1, False
        return None

    def _strong(self, i: int, item: Label) -> bool:
        j = self.lines.prev(i)
        prev_ok = j is None or self.lines.text[j].endswith(_TERMINAL) or is_titleish(self.lines.text[j])
        return prev_ok and bool(split_heading(item.rest)[0] or is_titleish(item.rest))


def _sub_part(top: Label | None) -> Label | None:
    if top is not None and top.style == "part":
        return Label("sub_part", "part", top.label, top.number, top.value, rest=top.rest)
    return None


def uses_dashes(lines: Lines) -> bool:
    """ "5-3-3" numbering (ten or more lines of it) instead of "5.3.3"."""
    count = 0
    for i, text in enumerate(lines.text):
        if i not in lines.skip and parse_numbered(text, dash=True) is not None:
            count += 1
            if count >= 10:
                return True
    return False

