"""Build the outline tree from candidate headings.

A line that *looks* like "1. ..." or "Article 8" is only a heading when it
fits the numbering around it: the next letter or number of an open list, the
first of a new list, or an entry of the contract's own table of contents.
Everything else is text of the unit above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .headings import (Label, is_titleish, parse_item, parse_numbered, parse_section, parse_top,
                       split_heading)
from .toc import RawTocEntry

_TERMINAL = tuple('.:;!?)"”’]')
_PART_TITLE = re.compile(r"^(?:[A-Z][A-Z&'’/\- ]+ )?(?:AGREEMENT|CONTRACT)S?:?$|^[A-Z][\w&'’/\- ]+ (?:Agreement|Contract):?$")
_APPENDIX_KINDS = {"appendix", "exhibit", "memorandum", "side_letter"}


@dataclass
class Node:
    line: int
    col: int  # where the label starts in the line ("D. 1." opens two units on one line)
    kind: str
    style: str
    label: str
    number: str
    value: int | None
    path: tuple[int, ...]
    heading: str
    parent: int | None
    level: int
    key: str = ""
    articles: int = 0  # articles nested under an appendix (e.g. bylaws bound into an agreement)


@dataclass
class _State:
    nodes: list[Node] = field(default_factory=list)
    stack: list[int] = field(default_factory=list)  # open nodes, outermost first
    last_top: dict[str, int] = field(default_factory=dict)  # last value per top-level style
    consumed: set[int] = field(default_factory=set)  # lines used as titles


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _norm(text: str) -> str:
    return _NOT_ALNUM.sub("", text.lower().replace("&", "and"))


class OutlineBuilder:
    def __init__(self, lines: list[str], skip: set[int], toc: list[RawTocEntry], printed: list[str | None],
                 page_of: list[int]):
        self.lines = lines
        self.printed = printed
        # Each line is parsed once; the rules below look at neighbours often.
        self.tops = [parse_top(t) for t in lines]
        self.secs = [parse_section(t) for t in lines]
        self.skip = set(skip) | _listings(lines, skip, self.tops, self.secs, page_of)
        self.toc = toc
        self.toc_articles = [e for e in toc if e.kind == "article"]
        self.toc_top_sections = [e for e in toc if e.kind == "section"]
        self.toc_divisions = [e for e in toc if e.kind in ("division", "preamble") and e.page]
        self.toc_headings: dict[tuple[str, int | None], list[str]] = {}
        for e in toc:
            if (e.value is not None or e.kind in ("memorandum", "side_letter")) and e.heading:
                self.toc_headings.setdefault((e.kind, e.value), []).append(e.heading)
        self.toc_section_order = [e.value for e in self.toc_top_sections]
        self.toc_section_pos = 0
        self.s = _State()
        self._scheme()

    # -- what numbering this contract uses ------------------------------------------------

    def _scheme(self) -> None:
        articles = sections = paragraphs = dashes = upper = article_upper = 0
        for i, text in enumerate(self.lines):
            if i in self.skip:
                continue
            top = self.tops[i]
            if top and top.style == "article":
                articles += 1
                article_upper += top.label.split()[0].isupper()
            sec = self.secs[i]
            if sec and len(sec.path) == 1:
                if sec.style == "paragraph":
                    paragraphs += 1
                elif sec.label[:1].isupper():
                    sections += 1
                    upper += sec.label.split()[0].isupper()
            if parse_numbered(text, dash=True):
                dashes += 1
        self.has_articles = articles >= 2 or len(self.toc_articles) >= 2
        # Headings are "ARTICLE 7" and references "Article 7", or all are "Article 7".
        self.article_upper = articles > 0 and article_upper / articles >= 0.7
        self.top_section = None
        if not self.has_articles:
            if len(self.toc_top_sections) >= 3 or sections >= 3 or paragraphs >= 3:
                self.top_section = "paragraph" if paragraphs > sections else "section"
        # "SECTION 12" headings and "Section 12" cross-references: the majority form heads.
        self.section_upper = upper * 2 >= sections
        self.dash = dashes >= 10

    # -- main loop -------------------------------------------------------------------------

    def build(self) -> list[Node]:
        division_at = self._divisions()
        for i, text in enumerate(self.lines):
            if i in self.skip or i in self.s.consumed:
                continue
            if i in division_at:
                entry = division_at[i]
                kind = "preamble" if _norm(entry.heading) == "preamble" else "division"
                self._open_top(i, 0, Label(kind, kind, "", "", None), entry.heading, kind)
                self._consume_title_lines(i, entry.heading)
                continue
            top = self.tops[i]
            if top is not None and self._accept_top(i, top):
                continue
            if self._maybe_part(i, text):
                continue
            if self._accept_section(i, text):
                continue
            self._accept_items(i, 0, text)
        return self.s.nodes

    # -- top level -----------------------------------------------------------------------

    def _prev_is_open_prose(self, i: int) -> bool:
        """The line before ends mid-sentence: a label here is likely a wrapped reference."""
        j = i - 1
        while j >= 0 and j in self.skip:
            j -= 1
        if j < 0:
            return False
        prev = self.lines[j]
        if len(prev) < 45 or prev.endswith(_TERMINAL):
            return False
        if not (prev[-1].isalpha() or prev[-1] == ","):
            return False  # a table row, a date, a form line: not a sentence running on
        last_word = prev.rsplit(" ", 1)[-1]
        return last_word[:1].islower() or prev[-1] == "," or not is_titleish(prev)

    def _in_toc(self, kind: str, value: int | None) -> bool:
        return any(e.value == value for e in self.toc if e.kind == kind)

    def _accept_top(self, i: int, top: Label) -> bool:
        if top.style == "article":
            if top.value is None:
                return False
            last = self._last_article()
            in_toc = self._in_toc("article", top.value)
            if self._prev_is_open_prose(i) and not self._toc_page_near("article", top.value, i):
                return False
            if top.label.split()[0].isupper() != self.article_upper and not self._toc_page_near("article", top.value, i):
                return False
            if not self._title_follows(i, top):
                return False
            ok = (last is None and (top.value <= 2 or in_toc)) or top.value == (last or 0) + 1 \
                or (last is not None and last < top.value <= last + 3 and (in_toc or not self.toc_articles)) \
                or (top.value == 1 and last is not None)
            if not ok:
                return False
            if top.value == 1 and last is not None:
                host = self._appendix_host()
                if host is not None:
                    self._open_nested_article(i, top, host)
                    return True
            host = self._appendix_host(require_articles=True)
            if host is not None:
                self._open_nested_article(i, top, host)
                return True
            self._open_top(i, 0, top, self._top_heading(i, top), "article")
            return True
        if top.style in ("appendix", "exhibit"):
            if self._prev_is_open_prose(i):
                return False
            if not self._title_follows(i, top) and not self._toc_page_near(top.kind, top.value, i, slack=1):
                return False
            last = self.s.last_top.get(top.style)
            host = self.s.stack[0] if self.s.stack and self.s.nodes[self.s.stack[0]].kind in _APPENDIX_KINDS else None
            if host is not None and last is not None and top.value is not None and top.value <= last:
                # "Appendix A" again inside Appendix C: the appendix has appendices of its own.
                self.s.stack = [host]
                self._push(i, 0, top, self._top_heading(i, top, nested=True), parent=host, key="sub_" + top.style)
                return True
            self._open_top(i, 0, top, self._top_heading(i, top), top.style, pop_parts=True)
            return True
        if top.style in ("memorandum", "side_letter"):
            if self._prev_is_open_prose(i):
                return False
            self._open_top(i, 0, top, self._top_heading(i, top), top.style, pop_parts=True)
            return True
        if top.style == "preamble":
            rest = re.sub(r"^[\s\-–—:.]+", "", top.rest).strip()
            self._open_top(i, 0, top, rest if is_titleish(rest) else top.label, "preamble")
            return True
        if top.style == "part":
            if self.has_articles and self._open_article() is not None:
                return False  # "Part 2: ..." divides an article; handled with the items
            self._open_top(i, 0, top, self._top_heading(i, top), "part", pop_parts=True)
            return True
        return False

    def _open_article(self) -> int | None:
        for idx in self.s.stack:
            if self.s.nodes[idx].kind == "article":
                return idx
        return None

    def _toc_page_near(self, kind: str, value: int | None, i: int, slack: int = 0) -> bool:
        """The contents gives this heading the page where we see it (within ``slack``)."""
        here = self.printed[i]
        if here is None or not here.isdigit():
            return False
        for e in self.toc:
            if e.kind == kind and e.value == value and e.page and e.page.isdigit():
                if abs(int(e.page) - int(here)) <= slack:
                    return True
        return False

    def _title_follows(self, i: int, top: Label) -> bool:
        """ "ARTICLE 7" must be followed by its title (here or on the next line), not by prose."""
        rest = re.sub(r"^[\s\-–—:.]+", "", top.rest)
        if rest:
            return True
        j = self._next_line(i)
        if j is None:
            return False
        nxt = self.lines[j]
        return is_titleish(nxt, max_words=20) or parse_item(nxt) is not None or \
            self.secs[j] is not None or parse_numbered(nxt, dash=self.dash) is not None

    def _last_article(self) -> int | None:
        """The last article number in the current container (main body or part)."""
        for idx in reversed(self.s.stack):
            node = self.s.nodes[idx]
            if node.kind == "article":
                return node.value
            if node.kind in _APPENDIX_KINDS and node.articles:
                return None
            if node.kind == "part":
                return self.s.last_top.get(f"part{idx}")
        return self.s.last_top.get("article")

    def _appendix_host(self, require_articles: bool = False) -> int | None:
        for idx in self.s.stack:
            node = self.s.nodes[idx]
            if node.kind in _APPENDIX_KINDS and (node.articles or not require_articles):
                return idx
        return None

    def _open_nested_article(self, i: int, top: Label, host: int) -> None:
        s = self.s
        while s.stack and s.stack[-1] != host:
            s.stack.pop()
        s.nodes[host].articles += 1
        self._push(i, 0, top, self._top_heading(i, top), parent=host, key="article")

    def _open_top(self, i: int, col: int, top: Label, heading: str, key: str, pop_parts: bool = False) -> None:
        s = self.s
        parent = None
        if not pop_parts and s.stack and s.nodes[s.stack[0]].kind == "part":
            parent = s.stack[0]
            s.stack = [parent]
        else:
            s.stack = []
        self._push(i, col, top, heading, parent=parent, key=key)
        if top.value is not None:
            tag = f"part{parent}" if parent is not None else top.style
            s.last_top[tag] = top.value

    def _push(self, i: int, col: int, label: Label, heading: str, parent: int | None, key: str) -> int:
        s = self.s
        level = 1 if parent is None else s.nodes[parent].level + 1
        node = Node(i, col, label.kind, label.style, label.label, label.number, label.value, label.path,
                    heading, parent, level, key=key)
        s.nodes.append(node)
        idx = len(s.nodes) - 1
        if parent is not None:
            if label.kind == "article" and s.nodes[parent].kind == "part":
                s.last_top[f"part{parent}"] = label.value
        s.stack.append(idx)
        return idx

    def _next_line(self, i: int) -> int | None:
        j = i + 1
        while j < len(self.lines) and j in self.skip:
            j += 1
        return j if j < len(self.lines) else None

    def _top_heading(self, i: int, top: Label, nested: bool = False) -> str:
        """Title on the heading line, or on the title lines that follow it.

        Where the contents lists this heading, its title there says how many
        of the following lines belong to the title.
        """
        rest = re.sub(r"^[\s\-–—:.]+", "", top.rest).strip()
        listed = [] if nested else self.toc_headings.get((top.kind, top.value), [])
        expected = [_norm(h) for h in listed]
        from_contents = False
        parts = [rest] if rest else []
        if rest and not rest.isupper() and not expected:
            return rest
        j = i
        for _ in range(5):
            j = self._next_line(j)
            if j is None:
                break
            nxt = self.lines[j]
            combined = _norm(" ".join(parts + [nxt]))
            if expected and any(e.startswith(combined) for e in expected) and \
                    len(combined) > len(_norm(" ".join(parts))):
                parts.append(nxt)
                self.s.consumed.add(j)
                from_contents = True
                if combined in expected:
                    break
                continue
            if from_contents:
                break
            memo = self.tops[j]
            is_label = memo is not None or parse_item(nxt) is not None or self.secs[j] is not None
            if memo is not None and memo.style in ("memorandum", "side_letter") and top.style in ("appendix", "exhibit") \
                    and len(parts) < 4:
                parts.append(nxt)
                self.s.consumed.add(j)
                continue
            if is_label or len(nxt) > 90 or not is_titleish(" ".join(parts + [nxt]), max_words=20):
                break
            if parts and not (nxt.isupper() or nxt[:1].islower()) and not parts[-1].isupper():
                break
            if parts and parts[-1].isupper() != nxt.isupper():
                break
            parts.append(nxt)
            self.s.consumed.add(j)
            if len(parts) >= 3:
                break
        heading = " ".join(parts).strip(" .:-–—")
        if not heading and len(listed) == 1:
            heading = listed[0]
        return heading

    def _consume_title_lines(self, i: int, heading: str) -> None:
        target = _norm(heading)
        got = _norm(self.lines[i])
        j = i
        while got != target and target.startswith(got):
            j = self._next_line(j)
            if j is None:
                return
            got += _norm(self.lines[j])
            self.s.consumed.add(j)

    def _divisions(self) -> dict[int, RawTocEntry]:
        """Unnumbered top-level headings the contents lists ("STATEMENT OF BELIEFS")."""
        found: dict[int, RawTocEntry] = {}
        if not self.toc_divisions:
            return found
        queue = list(self.toc_divisions)
        initials = {_norm(e.heading)[:1] for e in queue}
        norms = [_norm(t) if len(t) <= 100 and t[:1].lower() in initials else "" for t in self.lines]
        for i, text in enumerate(self.lines):
            if i in self.skip or not queue:
                continue
            for k, entry in enumerate(queue[:3]):
                target = _norm(entry.heading)
                if not target or len(target) < 4:
                    continue
                got = norms[i]
                if not got or not target.startswith(got):
                    continue
                j = i
                while got != target and target.startswith(got) and got and j - i < 3:
                    j = self._next_line(j)
                    if j is None:
                        break
                    got += norms[j]
                if got == target and (text.isupper() or is_titleish(text) or text.rstrip().endswith(":")):
                    if self.tops[i] is None:
                        found[i] = entry
                    queue = queue[k + 1:]
                    break
        return found

    def _maybe_part(self, i: int, text: str) -> bool:
        """A second agreement bound into the same book ("PARAPROFESSIONALS AGREEMENT")."""
        if self.s.last_top.get("article") is None or not _PART_TITLE.match(text) or len(text.split()) > 8:
            return False
        j = i
        for _ in range(8):
            j = self._next_line(j)
            if j is None:
                return False
            top = self.tops[j]
            if top is not None:
                if top.style == "preamble" or (top.style == "article" and top.value == 1):
                    label = Label("part", "part", "", "", None)
                    self._open_top(i, 0, label, text.rstrip(":"), "part", pop_parts=True)
                    return True
                return False
        return False

    # -- sections ---------------------------------------------------------------------------

    def _accept_section(self, i: int, text: str) -> bool:
        sec = self.secs[i]
        if sec is not None and self.top_section and len(sec.path) == 1 and \
                (sec.style == self.top_section or (sec.style == "section" and self.top_section == "section")):
            return self._accept_top_section(i, sec)
        if sec is None:
            sec = parse_numbered(text, dash=self.dash) or (parse_numbered(text) if self.dash else None)
        if sec is None:
            return False
        if len(sec.path) == 1:
            return self._accept_items(i, 0, text, forced=Label(sec.style, "section", sec.label, sec.number,
                                                                sec.value, rest=sec.rest))
        return self._accept_path(i, sec)

    def _accept_top_section(self, i: int, sec: Label) -> bool:
        if sec.style == "section" and sec.label.split()[0].isupper() != self.section_upper:
            return False
        value = sec.path[0]
        last = self.s.last_top.get("section")
        if last is not None and value <= last:
            return False
        if self.toc_section_order:
            upcoming = self.toc_section_order[self.toc_section_pos:self.toc_section_pos + 3]
            if value not in upcoming:
                return False
            self.toc_section_pos += upcoming.index(value) + 1
        elif sec.style == "section" and last is not None and value > last + 3:
            return False
        if self._prev_is_open_prose(i) and not self.toc_section_order:
            return False
        label = Label(sec.style, "section", sec.label, sec.number, value, path=sec.path, rest=sec.rest)
        heading = self._top_heading(i, label)
        self._open_top(i, 0, label, heading, "section")
        self.s.last_top["section"] = value
        return True

    def _accept_path(self, i: int, sec: Label) -> bool:
        """12.3 / 12.3.1 / Section 12.3: the number itself names the parent."""
        s = self.s
        if self._prev_is_open_prose(i):
            return False  # "...as provided in" / "Section 13.5." is a reference
        depth = len(sec.path)
        key = f"num{depth}"
        heading, _ = split_heading(sec.rest)
        if not heading and _whole_title(sec.rest) and not self._continues(i):
            heading = sec.rest.strip(" :-–—")
        for pos in range(len(s.stack) - 1, -1, -1):
            node = s.nodes[s.stack[pos]]
            if node.key == key:
                if node.path[:-1] == sec.path[:-1] and node.path[-1] < sec.path[-1] <= node.path[-1] + 5:
                    s.stack = s.stack[:pos]
                    self._push(i, 0, sec, heading, parent=s.stack[-1] if s.stack else None, key=key)
                    return True
                if len(node.path) == depth and node.path[:-1] != sec.path[:-1]:
                    continue
                return False
            if node.key == f"num{depth - 1}" and node.path == sec.path[:-1]:
                if sec.path[-1] > 3 and not heading:
                    return False
                s.stack = s.stack[:pos + 1]
                self._push(i, 0, sec, heading, parent=s.stack[-1], key=key)
                return True
            if depth == 2 and node.kind in ("article", "section") and node.key in ("article", "section") \
                    and node.value == sec.path[0]:
                if sec.path[-1] > 3 and not heading:
                    return False
                s.stack = s.stack[:pos + 1]
                self._push(i, 0, sec, heading, parent=s.stack[-1], key=key)
                return True
        return False

    # -- lettered and numbered items -------------------------------------------------------------

    def _continues(self, i: int) -> bool:
        j = self._next_line(i)
        return j is not None and self.lines[j][:1].islower()

    def _accept_items(self, i: int, col: int, text: str, forced: Label | None = None) -> bool:
        item = forced or parse_item(text) or (_sub_part(self.tops[i]) if col == 0 else None)
        if item is None or not self.s.stack:
            return False
        options = [(item.style, item.value)]
        if item.alt_style:
            options.append((item.alt_style, item.alt_value))
        for style, value in options:
            where = self._fit(style, value, i, item)
            if where is None:
                continue
            s = self.s
            pos, sibling = where
            s.stack = s.stack[:pos] if sibling else s.stack[:pos + 1]
            rest = item.rest
            heading, body = split_heading(rest)
            if not heading and _whole_title(rest) and not self._continues(i):
                heading = rest.strip(" :-–—")
            if not rest.strip():
                j = self._next_line(i)
                if j is not None and is_titleish(self.lines[j], max_words=10) and parse_item(self.lines[j]) is None \
                        and not self._continues(j) and not self.lines[j].endswith("."):
                    heading = self.lines[j].strip(" .:-–—")
                    self.s.consumed.add(j)
            label = Label(style, item.kind, item.label, item.number, value, rest=rest)
            self._push(i, col, label, heading, parent=s.stack[-1] if s.stack else None, key=style)
            # "D. 1. The Board ..." opens a second, nested item on the same line.
            inner = rest.lstrip()
            if inner and parse_item(inner) is not None:
                offset = len(text) - len(inner)
                self.s.nodes[-1].heading = ""
                self._accept_items(i, col + offset, inner)
            return True
        return False

    def _fit(self, style: str, value: int | None, i: int, item: Label) -> tuple[int, bool] | None:
        """(stack position, is_sibling) where this item fits, or None."""
        if value is None:
            return None
        s = self.s
        # "Section 4" / "§401": the keyword makes it a heading; numbers may skip (§401, §402, §405).
        keyword = style in ("section", "paragraph")
        for pos in range(len(s.stack) - 1, -1, -1):
            node = s.nodes[s.stack[pos]]
            if node.key == style:
                if value == node.value + 1 or (keyword and node.value < value <= node.value + 20
                                               and not self._prev_is_open_prose(i)):
                    return pos, True
                if node.value + 1 < value <= node.value + 2 and self._strong(i, item):
                    return pos, True
                return None
        if (value == 1 or keyword) and not self._prev_is_open_prose(i):
            return len(s.stack) - 1, False
        return None

    def _strong(self, i: int, item: Label) -> bool:
        j = i - 1
        while j >= 0 and j in self.skip:
            j -= 1
        prev_ok = j < 0 or self.lines[j].endswith(_TERMINAL) or is_titleish(self.lines[j])
        return prev_ok and bool(split_heading(item.rest)[0] or is_titleish(item.rest))


def _whole_title(rest: str) -> bool:
    """An item whose whole line is its title ("A. Recognition and Duration"), not a list
    entry ("(b) Juniper Street School; and") or a one-line sentence ("(f) Westhaven Schools.")."""
    text = rest.strip()
    if not text or text.endswith((".", ";", ",")) or ";" in text or re.search(r"\s(?:and|or)$", text):
        return False
    return is_titleish(text, max_words=12)


def _sub_part(top: Label | None) -> Label | None:
    if top is not None and top.style == "part":
        return Label("sub_part", "part", top.label, top.number, top.value, rest=top.rest)
    return None


def _listings(lines: list[str], skip: set[int], tops: list[Label | None],
              secs: list[Label | None], page_of: list[int]) -> set[int]:
    """Runs of bare headings with no text between them: a divider page or a
    contents list of its own, not the headings themselves."""
    out: set[int] = set()
    run: list[int] = []
    for i, text in enumerate(lines + [""]):
        top = tops[i] if i < len(lines) and i not in skip else None
        sec = secs[i] if top is None and i < len(lines) and i not in skip else None
        same_page = not run or (i < len(lines) and page_of[i] == page_of[run[-1]])
        if same_page and ((top is not None and top.style != "preamble") or
                          (sec is not None and len(sec.path) == 1 and text.isupper())):
            run.append(i)
            continue
        if run and same_page and len(text) < 60 and text.isupper() and i - run[-1] <= 2:
            continue  # a wrapped title between listed headings
        if len(run) >= 2 and run[1] - run[0] > 1:
            run = run[1:]  # the first is a real heading with its title; the list follows it
        if len(run) >= 3:
            out.update(range(run[0], run[-1] + 1))
        run = []
    return out


def build_outline(lines: list[str], skip: set[int], toc: list[RawTocEntry],
                  printed: list[str | None], page_of: list[int]) -> list[Node]:
    return OutlineBuilder(lines, skip, toc, printed, page_of).build()
