"""What changed between two versions of an agreement."""

from __future__ import annotations

from dataclasses import dataclass

from .document import Source
from .findings import Evidence

@dataclass(frozen=True)
class UnitRef:
    """A unit's place in one version."""

    unit_id: str
    citation: str
    heading: str
    page: int
    printed_page: str | None
    fingerprint: str


@dataclass(frozen=True)
class UnitChange:
    change: str  # added | removed | changed
    old: UnitRef | None
    new: UnitRef | None
    detail: str  # e.g. "with 6 sub-units", or the words removed and added


@dataclass(frozen=True)
class PracticeChange:
    practice: str
    name: str
    change: str  # gained | lost
    old: Evidence | None  # where it was (lost) ...
    new: Evidence | None  # ... or where it now is (gained)


@dataclass(frozen=True)
class DiffResult:
    old: Source
    new: Source
    units: tuple[UnitChange, ...]
    practices: tuple[PracticeChange, ...]
    matched: int  # units found in both versions
    renumbered: int  # ...of which the number or page moved but the text did not change
    alignment: dict  # old unit id -> new unit id

    @property
    def lost(self) -> tuple[PracticeChange, ...]:
        return tuple(p for p in self.practices if p.change == "lost")
