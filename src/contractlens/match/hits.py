"""What matching takes and gives: plain text per unit in, plain hits per unit out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class UnitText:
    """What matching needs of a unit: its id, its own text and its headings' text."""

    id: str
    text: str
    context: str = ""  # the headings of the unit and its ancestors


@dataclass(frozen=True)
class SignalHit:
    rule: str
    signal: str
    exclusion: bool
    sentence: int  # index into UnitMatch.sentences; -1 for heading signals
    start: int  # character offsets in the unit's text
    end: int
    modifiers: tuple[str, ...] = ()  # negated / contemplated / exception scopes it falls in


@dataclass(frozen=True)
class UnitMatch:
    unit_id: str
    sentences: tuple[tuple[int, int], ...]  # character spans of the unit's sentences
    hits: tuple[SignalHit, ...]
    notes: dict = field(default_factory=dict)  # sentence index -> SentenceNote (force, actor, modifiers)
