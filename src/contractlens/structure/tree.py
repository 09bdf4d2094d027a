"""The outline being built: nodes (a heading line and its place in the tree) and the open path."""

from __future__ import annotations

from dataclasses import dataclass, field

from .headings import Label


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
    key: str = ""  # the numbering sequence the node belongs to (its siblings share it)
    articles: int = 0  # articles nested under an appendix (bylaws bound into an agreement)


@dataclass
class Tree:
    nodes: list[Node] = field(default_factory=list)
    stack: list[int] = field(default_factory=list)  # open nodes, outermost first
    consumed: set[int] = field(default_factory=set)  # lines used as titles

    def push(self, i: int, col: int, label: Label, heading: str, parent: int | None, key: str) -> int:
        level = 1 if parent is None else self.nodes[parent].level + 1
        self.nodes.append(Node(i, col, label.kind, label.style, label.label, label.number, label.value, label.path,
                               heading, parent, level, key=key))
        idx = len(self.nodes) - 1
        self.stack.append(idx)
        return idx

    def in_order(self) -> list[Node]:
        """The nodes in text order (top units are placed before what nests in them), parents remapped."""
        order = sorted(range(len(self.nodes)), key=lambda k: (self.nodes[k].line, self.nodes[k].col,
                                                               self.nodes[k].level))
        new = {old: pos for pos, old in enumerate(order)}
        out = []
        for old in order:
            n = self.nodes[old]
            n.parent = new[n.parent] if n.parent is not None else None
            out.append(n)
        return out
